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

    /// Every route, as the router has it, with its `{parameters}` filled in.
    static func concreteRoutes(_ router: Router<AppRequestContext>) -> [(method: HTTPRequest.Method, path: String, open: Bool)] {
        let open = Set(APICatalogue.operations.filter { $0.access == .open }.map { "\($0.method) \($0.path)" })
        return router.routes.map { route in
            let template = route.path.description
            let path = template.split(separator: "/").map { $0.hasPrefix("{") ? "no-such-id" : String($0) }.joined(separator: "/")
            return (route.method, "/" + path, open.contains("\(route.method) \(template)"))
        }
    }

    /// A new route cannot forget the headers: they come from the shared middleware, outside the
    /// one that renders errors, and every route's error answer is checked here.
    @Test func everyRoutesErrorAnswerCarriesTheSecurityHeaders() async throws {
        try await withServices(.sqlite) { services in
            let router = buildRouter(services: services, settings: ServerSettings())
            let client = InProcessClient(router: router)
            for route in Self.concreteRoutes(router) {
                let (reply, headers) = try await client.exchange(route.method, route.path, body: route.method == .get ? nil : Data())
                if !route.open { #expect(reply.status == 401, "\(route.method) \(route.path)") }
                ResponseHeadersTests.expectSecurityHeaders(headers, "\(route.method) \(route.path) → \(reply.status)")
                if reply.status >= 400 { #expect(headers[.cacheControl] == "no-store", "\(route.method) \(route.path)") }
            }
        }
    }

    @Test func anUnknownMethodOnAKnownPathIs405WithAllow() async throws {
        try await withServices(.sqlite) { services in
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))
            let cases: [(HTTPRequest.Method, String, String)] = [
                (HTTPRequest.Method("TRACE")!, "/api/v1/grids/430212", "GET"), (HTTPRequest.Method("TRACE")!, "/healthz", "GET"),
                (.put, "/api/v1/session", "DELETE, POST"), (.delete, "/api/v1/events/SJ1/actions", "POST"),
            ]
            for (method, path, allow) in cases {
                let (reply, headers) = try await client.exchange(method, path)
                #expect(reply.status == 405, "\(method) \(path)")
                #expect(headers[.allow] == allow, "\(method) \(path)")
                ResponseHeadersTests.expectSecurityHeaders(headers, "\(method) \(path)")
            }
            #expect(try await client.send(HTTPRequest.Method("TRACE")!, "/no/such/path").status == 404)
        }
    }
}
