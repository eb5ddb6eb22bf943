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

    static let all: [String: Case] = foundation.merging(events, uniquingKeysWith: { a, _ in a }).merging(mediation, uniquingKeysWith: { a, _ in a })
        .merging(SignalScopeCases.all, uniquingKeysWith: { a, _ in a }).merging(imports, uniquingKeysWith: { a, _ in a })

    static let foundation: [String: Case] = [
        "GET /api/v1/people/{id}": recordCase("people", "/api/v1/people"),
        "GET /api/v1/households/{id}": recordCase("households", "/api/v1/households"),
        "GET /api/v1/houses/{id}": recordCase("houses", "/api/v1/houses"),
        "GET /api/v1/organisations/{id}": recordCase("organisations", "/api/v1/organisations"),
        "GET /api/v1/places/{id}": recordCase("places", "/api/v1/places"),
        "POST /api/v1/people/{id}/reveal": { app in
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            let body = Data(#"{"reason":"核实走访对象身份"}"#.utf8)
            let mine = try await app.client.send(.post, "/api/v1/people/\(v.mine)/reveal", token: t, body: body)
            #expect(mine.status == 200)
            let theirs = try await app.client.send(.post, "/api/v1/people/\(v.theirs)/reveal", token: t, body: body)
            let missing = try await app.client.send(.post, "/api/v1/people/no-such-record/reveal", token: t, body: body)
            #expect(theirs.status == 404 && theirs.body == missing.body)
            // A grid worker may not reveal at all outside their grid, and never the ID.
            let worker = try await app.login("grid-" + (try await app.services.database.read { db in
                try await db.raw("SELECT grid_code FROM people WHERE id = \(bind: v.mine)").first()!.decode(column: "grid_code", as: String.self)
            }))
            let own = try app.json(try await app.client.send(.post, "/api/v1/people/\(v.mine)/reveal", token: worker, body: body))
            #expect(own["residentId"] == .null)
        },
        "POST /api/v1/imports": { app in
            // Rows naming a grid outside the importer's subtree are refused like unknown grids.
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            let grid = try await app.services.database.read { db in
                try await db.raw("SELECT grid_code FROM people WHERE id = \(bind: v.theirs)").first()!.decode(column: "grid_code", as: String.self)
            }
            let csv = "姓名,公民身份号码,网格编码\n张三,11010519491231002X,\(grid)\n李四,11010519491231002X,430212999999999\n"
            let report = try app.json(try await app.sendImport("/api/v1/imports?kind=people&dryRun=true", token: t, body: Data(csv.utf8)))
            guard case .array(let conflicts)? = report["conflicts"] else { Issue.record("no conflicts"); return }
            let messages = conflicts.filter { $0["field"]?.stringValue == "grid" }.compactMap { $0["message"]?.stringValue }
            #expect(messages.count == 2)
            #expect(messages[0].replacingOccurrences(of: grid, with: "X") == messages[1].replacingOccurrences(of: "430212999999999", with: "X"))
            let status = try await app.sendImport("/api/v1/imports?kind=people", token: try await app.login("auditor"), body: Data(csv.utf8)).status
            #expect(status == 403)
        },
        "GET /api/v1/search": { app in
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            let name = try await app.services.database.read { db in
                try await db.raw("SELECT name FROM people WHERE id = \(bind: v.theirs)").first()!.decode(column: "name", as: String.self)
            }
            let result = try app.json(try await app.get("/api/v1/search?q=\(name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", token: t))
            guard case .array(let groups)? = result["groups"] else { Issue.record("no groups"); return }
            for g in groups {
                guard case .array(let items)? = g["items"] else { continue }
                for item in items {
                    #expect(item["gridPath"]?.stringValue?.contains("/\(v.myVillage)/") == true, "\(item)")
                    #expect(item["id"]?.stringValue != v.theirs)
                }
            }
        },
        "GET /api/v1/grids/{code}/contents": { app in
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            let status = try await app.get("/api/v1/grids/\(v.myVillage)/contents?kind=person", token: t).status
            #expect(status == 200)
            try await expectIndistinguishable(app, token: t, "/api/v1/grids/\(v.theirVillage)/contents?kind=person",
                                              "/api/v1/grids/430212999999/contents?kind=person")
        },
        "GET /api/v1/stats/population": { app in
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            let status = try await app.get("/api/v1/stats/population?grid=\(v.myVillage)", token: t).status
            #expect(status == 200)
            try await expectIndistinguishable(app, token: t, "/api/v1/stats/population?grid=\(v.theirVillage)",
                                              "/api/v1/stats/population?grid=430212999999")
        },
        "GET /api/v1/stats/records": { app in
            let v = try await twoVillages(app, "people")
            let t = try await app.login(v.user)
            try await expectIndistinguishable(app, token: t, "/api/v1/stats/records?grid=\(v.theirVillage)&metric=registered",
                                              "/api/v1/stats/records?grid=430212999999&metric=registered")
        },
        "GET /api/v1/roster": { app in
            let v = try await twoVillages(app, "person_tags")
            let t = try await app.login(v.user)
            let page = try app.json(try await app.get("/api/v1/roster?limit=500", token: t))
            guard case .array(let items)? = page["items"] else { Issue.record("no items"); return }
            let paths = try await app.services.database.read { db in
                try await db.raw("SELECT grid_path FROM person_tags WHERE id IN (SELECT id FROM person_tags)").all().count
            }
            #expect(paths > items.count)
            for item in items.prefix(20) {
                guard let id = item["personId"]?.stringValue else { continue }
                let status = try await app.get("/api/v1/people/\(id)", token: t).status
                #expect(status == 200)
            }
            try await expectIndistinguishable(app, token: t, "/api/v1/roster?grid=\(v.theirVillage)", "/api/v1/roster?grid=430212999999")
        },
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

    /// Two records of `table` in different villages of the small demo's town, and the village
    /// account that sees only the first.
    static func twoVillages(_ app: TestApp, _ table: String) async throws -> (user: String, mine: String, theirs: String, myVillage: String, theirVillage: String) {
        let rows = try await app.services.database.read { db in
            try await db.raw("SELECT id, grid_path FROM \(ident: table) ORDER BY grid_path, id").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "grid_path", as: String.self))
            }
        }
        func village(_ path: String) -> String { path.split(separator: "/").map(String.init)[3] }
        guard let first = rows.first, let other = rows.first(where: { village($0.1) != village(first.1) }) else {
            throw Problem(status: 500, kind: "test", title: "fixture", detail: "\(table) has no records in two villages")
        }
        return ("village-\(village(first.1))", first.0, other.0, village(first.1), village(other.1))
    }

    /// A record page: visible in its own village, 404 (byte for byte as a missing id) elsewhere.
    static func recordCase(_ table: String, _ prefix: String) -> Case {
        { app in
            let v = try await twoVillages(app, table)
            let t = try await app.login(v.user)
            let status = try await app.get("\(prefix)/\(v.mine)", token: t).status
            #expect(status == 200, "\(prefix)/\(v.mine)")
            try await expectIndistinguishable(app, token: t, "\(prefix)/\(v.theirs)", "\(prefix)/no-such-record")
        }
    }

    /// Same status, same content type, same bytes.
    static func expectIndistinguishable(_ app: TestApp, token: String, _ a: String, _ b: String) async throws {
        let ra = try await app.get(a, token: token)
        let rb = try await app.get(b, token: token)
        #expect(ra.status == 404 && rb.status == 404, "\(a) → \(ra.status), \(b) → \(rb.status)")
        #expect(ra.body == rb.body, "\(a) and \(b) answer differently")
    }
}

@Suite(.storeTestLimit) struct ScopeTests {
    static let arguments: [(String, DatabaseEngine)] = ScopeCases.all.keys.sorted().flatMap { k in TestEngines.all.map { (k, $0) } }

    @Test(arguments: arguments)
    func outOfScopeLooksLikeNotFound(route: String, engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in try await ScopeCases.all[route]!(app) }
    }
}
