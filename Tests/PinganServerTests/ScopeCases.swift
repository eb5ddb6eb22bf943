import Foundation
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// One scope check per authenticated route, run on both engines. The demo's `town-430212100`
/// sees only 渌口镇; `430212101` (another town) must look exactly like a code that does not exist.
enum ScopeCases {
    typealias Case = @Sendable (TestApp) async throws -> Void

    static let townUser = "town-430212100"
    static let otherTown = "430212101"
    static let missing = "430212999"

    static let all: [String: Case] = [
        "GET /api/v1/grids/{code}": { app in
            let t = try await app.login(townUser)
            do {
                let status = try await app.get("/api/v1/grids/430212100", token: t).status
                #expect(status == 200)
            }
            try await expectIndistinguishable(app, token: t, "/api/v1/grids/\(otherTown)", "/api/v1/grids/\(missing)")
            try await expectIndistinguishable(app, token: t, "/api/v1/grids/430212", "/api/v1/grids/\(missing)")
        },
        "GET /api/v1/grids.geojson": { app in
            let t = try await app.login(townUser)
            let mine = try app.json(try await app.get("/api/v1/grids.geojson?level=5", token: t))
            guard case .array(let features)? = mine["features"] else { Issue.record("no features"); return }
            #expect(!features.isEmpty)
            for f in features { #expect(f["properties"]?["path"]?.stringValue?.hasPrefix("/430212/430212100/") == true) }
            try await expectIndistinguishable(app, token: t, "/api/v1/grids.geojson?level=5&parent=\(otherTown)",
                                              "/api/v1/grids.geojson?level=5&parent=\(missing)")
        },
        "GET /api/v1/grids/locate": { app in
            let t = try await app.login(townUser)
            let centre = try await app.login("centre")
            // A point in another town: the district centre finds it, the town centre does not.
            let other = try app.json(try await app.get("/api/v1/grids/\(otherTown)", token: centre))
            let lat = other["labelPoint"]?["lat"], lng = other["labelPoint"]?["lng"]
            guard case .double(let la)? = lat, case .double(let ln)? = lng else { Issue.record("no label point"); return }
            let path = "/api/v1/grids/locate?lat=\(la)&lng=\(ln)"
            do {
                let status = try await app.get(path, token: centre).status
                #expect(status == 200)
            }
            try await expectIndistinguishable(app, token: t, path, "/api/v1/grids/locate?lat=10&lng=10")
        },
        "GET /api/v1/grids": { app in
            let t = try await app.login(townUser)
            let roots = try app.json(try await app.get("/api/v1/grids", token: t))
            guard case .array(let items)? = roots["items"] else { Issue.record("no items"); return }
            #expect(items.compactMap { $0["code"]?.stringValue } == ["430212100"])
        },
        "POST /api/v1/grids/import": { app in
            let t = try await app.login(townUser)
            let body = Data(#"{"type":"FeatureCollection","features":[]}"#.utf8)
            // Re-gridding is the district's task: a town centre is refused whatever the file says.
            do {
                let status = try await app.client.send(.post, "/api/v1/grids/import?dryRun=true", token: t, body: body).status
                #expect(status == 403)
            }
        },
        "GET /api/v1/me": { app in
            let t = try await app.login(townUser)
            let me = try app.json(try await app.get("/api/v1/me", token: t))
            guard case .array(let scopes)? = me["scopes"] else { Issue.record("no scopes"); return }
            #expect(scopes.compactMap { $0["code"]?.stringValue } == ["430212100"])
        },
        "DELETE /api/v1/session": { app in
            let t = try await app.login(townUser)
            do {
                let status = try await app.client.send(.delete, "/api/v1/session", token: t).status
                #expect(status == 204)
            }
            do {
                let status = try await app.get("/api/v1/me", token: t).status
                #expect(status == 401)
            }
        },
        "GET /api/v1/audit": { app in
            for user in ["admin", "centre", townUser] {
                do {
                    let status = try await app.get("/api/v1/audit", token: try await app.login(user)).status
                    #expect(status == 403, "\(user)")
                }
            }
            do {
                let status = try await app.get("/api/v1/audit", token: try await app.login("auditor")).status
                #expect(status == 200)
            }
        },
        "GET /api/v1/users": { app in
            for user in ["auditor", "centre", townUser] {
                do {
                    let status = try await app.get("/api/v1/users", token: try await app.login(user)).status
                    #expect(status == 403, "\(user)")
                }
            }
            do {
                let status = try await app.get("/api/v1/users", token: try await app.login("admin")).status
                #expect(status == 200)
            }
        },
    ]

    /// Same status, same content type, same bytes.
    static func expectIndistinguishable(_ app: TestApp, token: String, _ a: String, _ b: String) async throws {
        let ra = try await app.get(a, token: token)
        let rb = try await app.get(b, token: token)
        #expect(ra.status == 404 && rb.status == 404, "\(a) → \(ra.status), \(b) → \(rb.status)")
        #expect(ra.body == rb.body, "\(a) and \(b) answer differently")
    }
}

@Suite struct ScopeTests {
    static let arguments: [(String, DatabaseEngine)] = ScopeCases.all.keys.sorted().flatMap { k in TestEngines.all.map { (k, $0) } }

    @Test(arguments: arguments)
    func outOfScopeLooksLikeNotFound(route: String, engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in try await ScopeCases.all[route]!(app) }
    }
}
