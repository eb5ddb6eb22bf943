import Foundation
import Hummingbird
import PinganKernel
import PinganStorage
@testable import PinganServer
import PinganTestSupport
import Testing

/// The route table, the OpenAPI document and the scope tests must agree: a new route that is
/// not documented, or that has no scope case, fails here.
@Suite(.storeTestLimit) struct RouteTableTests {
    static func routerRoutes() async throws -> Set<String> {
        try await withServices(.sqlite) { services in
            let router = buildRouter(services: services, settings: ServerSettings())
            return Set(router.routes.map { "\($0.method) \($0.path)" })
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let routes = try await Self.routerRoutes()
        let documented = Set(APICatalogue.operations.map { "\($0.method) \($0.path)" })
        #expect(routes.subtracting(documented).isEmpty, "routes without OpenAPI: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
    }

    @Test func everySessionRouteHasAScopeCase() async throws {
        let routes = try await Self.routerRoutes()
        let open = Set(APICatalogue.operations.filter { $0.access == .open }.map { "\($0.method) \($0.path)" })
        let needingCases = routes.subtracting(open)
        let missing = needingCases.subtracting(ScopeCases.all.keys)
        #expect(missing.isEmpty, "routes without a scope test in ScopeCases: \(missing.sorted())")
        #expect(!needingCases.isEmpty)
    }

    /// Every list and page route without path parameters, as each main role: no 5xx, whatever the
    /// role's scope (a police officer's governance scope is empty; a leader's has no tags).
    @Test(arguments: TestEngines.all)
    func everyParameterlessGetAnswersEveryRoleWithoutA5xx(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let router = buildRouter(services: app.services, settings: ServerSettings())
            let paths = router.routes.filter { "\($0.method)" == "GET" && !"\($0.path)".contains("{") && !"\($0.path)".contains(":")
                && !"\($0.path)".contains("stream") }.map { "\($0.path)" }
            #expect(paths.contains("/api/v1/roster"))
            let police = try await app.services.database.read { db in
                try await db.raw("SELECT username FROM users WHERE role = 'police-officer' ORDER BY username LIMIT 1").first()!
                    .decode(column: "username", as: String.self)
            }
            for user in ["centre", ScopeCases.townUser, police, "leader", "traffic", "dept-cgj", "auditor", "secadmin"] {
                let token = try await app.login(user)
                for path in paths.sorted() {
                    let status = try await app.get(path.hasPrefix("/") ? path : "/" + path, token: token).status
                    #expect(status < 500, "\(user) GET \(path) → \(status)")
                }
            }
        }
    }

    @Test func theOpenAPIDocumentIsServedAndValidJSON() async throws {
        try await withTestApp(.sqlite) { app in
            let reply = try await app.get("/api/v1/openapi.json", token: nil)
            #expect(reply.status == 200)
            let doc = try app.json(reply)
            #expect(doc["openapi"]?.stringValue == "3.1.0")
            guard case .object(let paths)? = doc["paths"] else { Issue.record("no paths"); return }
            #expect(paths["/api/v1/grids/{code}"] != nil && paths["/api/v1/grids.geojson"] != nil)
        }
    }
}
