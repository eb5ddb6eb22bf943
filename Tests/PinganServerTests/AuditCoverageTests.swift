import Foundation
import Hummingbird
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Every data route writes an audit entry (security-defects issue, item 5). The router's own table
/// is walked: a route that is neither exempt nor given a case here fails, and each case makes one
/// successful request as a suitable demo account and fails when the log gained no entry by that
/// account. A new route cannot forget its entry without this suite noticing.
enum AuditCases {
    /// The only routes that write nothing: they serve no data of the county.
    /// A stream ticket is a credential exchanged for the session, like a login: the stream it opens is audited.
    static let exempt: Set<String> = ["GET /healthz", "GET /metrics", "GET /api/v1/openapi.json", "POST /api/v1/session",
                                      "POST /api/v1/events/stream-ticket"]

    /// One request to probe, made as `user` (nil: no session; the entry then names `open311`).
    struct Call: Sendable {
        var method: HTTPRequest.Method = .get
        var path: String
        var user: String?
        var body: String?
        var contentType = "application/json"
    }

    typealias Case = @Sendable (TestApp) async throws -> Call

    static func get(_ user: String, _ path: String) -> Case { { _ in Call(path: path, user: user) } }

    static func firstID(_ app: TestApp, _ sql: String) async throws -> String {
        try await app.services.database.read { db in try await db.raw("\(unsafeRaw: sql)").first()!.decode(column: "id", as: String.self) }
    }

    static func gridWorker(of person: String, _ app: TestApp) async throws -> String {
        "grid-" + (try await app.services.database.read { db in
            try await db.raw("SELECT grid_code FROM people WHERE id = \(bind: person)").first()!.decode(column: "grid_code", as: String.self)
        })
    }

    /// A new event filed by the district centre (received, so the workflow can act on it).
    static func newEvent(_ app: TestApp, photo: Bool = false) async throws -> String {
        // Inside the town account's town, so its stream carries the notice.
        let p = try await ScopeCases.eventPoint(app, try firstID(app, "SELECT id FROM events WHERE grid_path LIKE '/430212/430212100/%' ORDER BY id"))
        let photos = photo ? #","photos":[{"name":"p.png","data":"\#(EventTests.png)"}]"# : ""
        let reply = try await app.client.send(.post, "/api/v1/events", token: try await app.login("centre"), body: Data("""
            {"category":"0101","description":"审计覆盖测试","lat":\(p.latitude),"lng":\(p.longitude),"channel":"hotline"\(photos)}
            """.utf8))
        return try #require(try app.json(reply)["id"]?.stringValue)
    }

    static let mediationBody = #"""
        {"title":"测试纠纷","kind":"neighbour","committee":"调委会",
         "parties":[{"name":"甲","role":"applicant"},{"name":"乙","role":"respondent"}]}
        """#

    static func newMediation(_ app: TestApp, agreed: Bool = false) async throws -> String {
        let t = try await app.login("centre")
        let created = try app.json(try await app.client.send(.post, "/api/v1/mediation/cases", token: t, body: Data(mediationBody.utf8)))
        let id = try #require(created["id"]?.stringValue)
        if agreed {
            _ = try await app.client.send(.post, "/api/v1/mediation/cases/\(id)/outcome", token: t,
                                          body: Data(#"{"agreed":true,"agreementText":"双方和解"}"#.utf8))
        }
        return id
    }

    static func arterial(_ app: TestApp) async throws -> String {
        let list = try app.json(try await app.get("/api/v1/signals/arterials", token: try await app.login("traffic")))
        guard case .array(let items)? = list["items"], let id = items.first?["id"]?.stringValue else { throw Problem.notFound }
        return id
    }

    static func intersection(_ app: TestApp) async throws -> String {
        try await firstID(app, "SELECT id FROM signal_intersections ORDER BY id")
    }

    static let period = #"{"period":"morningPeak"}"#

    static let all: [String: Case] = [
        // Base data: record pages (a grid worker opening a person), reveal, search, lists, statistics, imports.
        "GET /api/v1/people/{id}": { app in
            let id = try await firstID(app, "SELECT id FROM people ORDER BY id")
            return Call(path: "/api/v1/people/\(id)", user: try await gridWorker(of: id, app))
        },
        "POST /api/v1/people/{id}/reveal": { app in
            let id = try await firstID(app, "SELECT id FROM people WHERE phone IS NOT NULL ORDER BY id")
            return Call(method: .post, path: "/api/v1/people/\(id)/reveal", user: try await gridWorker(of: id, app), body: #"{"reason":"核实走访对象"}"#)
        },
        "GET /api/v1/households/{id}": { app in Call(path: "/api/v1/households/\(try await firstID(app, "SELECT id FROM households ORDER BY id"))", user: "centre") },
        "GET /api/v1/houses/{id}": { app in Call(path: "/api/v1/houses/\(try await firstID(app, "SELECT id FROM houses ORDER BY id"))", user: "centre") },
        "GET /api/v1/organisations/{id}": { app in
            Call(path: "/api/v1/organisations/\(try await firstID(app, "SELECT id FROM organisations ORDER BY id"))", user: "centre")
        },
        "GET /api/v1/places/{id}": { app in Call(path: "/api/v1/places/\(try await firstID(app, "SELECT id FROM places ORDER BY id"))", user: "centre") },
        "GET /api/v1/search": get("centre", "/api/v1/search?q=%E6%B8%8C%E5%8F%A3"),
        "GET /api/v1/grids/{code}/contents": get("centre", "/api/v1/grids/430212100/contents?kind=person"),
        "GET /api/v1/stats/population": get("centre", "/api/v1/stats/population?grid=430212100"),
        "GET /api/v1/stats/records": get("centre", "/api/v1/stats/records?grid=430212100&metric=registered"),
        "GET /api/v1/roster": get("centre", "/api/v1/roster"),
        "GET /api/v1/imports/merges": { app in
            try await ScopeCases.holdOne(app, try await ScopeCases.twoVillages(app, "people"))
            return Call(path: "/api/v1/imports/merges", user: ScopeCases.townUser)
        },
        "POST /api/v1/imports/merges/{id}": { app in
            try await ScopeCases.holdOne(app, try await ScopeCases.twoVillages(app, "people"))
            return Call(method: .post, path: "/api/v1/imports/merges/\(try await firstID(app, "SELECT id FROM import_merges"))",
                        user: ScopeCases.townUser, body: #"{"decision":"reject"}"#)
        },
        "PUT /api/v1/users/{username}/import-source": { _ in
            Call(method: .put, path: "/api/v1/users/dept-cgj/import-source", user: "secadmin", body: #"{"source":"城管执法台账"}"#)
        },
        "POST /api/v1/imports": { _ in
            Call(method: .post, path: "/api/v1/imports?kind=people&dryRun=true", user: "centre",
                 body: "姓名,公民身份号码,网格编码\n张三,11010519491231002X,430212999999999\n", contentType: "text/csv")
        },
        // The grid tree.
        "GET /api/v1/grids": get("centre", "/api/v1/grids"),
        "GET /api/v1/grids.geojson": get("centre", "/api/v1/grids.geojson?level=2"),
        "GET /api/v1/grids/locate": { app in
            let town = try app.json(try await app.get("/api/v1/grids/430212100", token: try await app.login("centre")))
            guard case .double(let lat)? = town["labelPoint"]?["lat"], case .double(let lng)? = town["labelPoint"]?["lng"] else { throw Problem.notFound }
            return Call(path: "/api/v1/grids/locate?lat=\(lat)&lng=\(lng)", user: "centre")
        },
        "GET /api/v1/grids/{code}": get("centre", "/api/v1/grids/430212100"),
        "POST /api/v1/grids/import": { _ in
            Call(method: .post, path: "/api/v1/grids/import?dryRun=true", user: "centre", body: #"{"type":"FeatureCollection","features":[]}"#)
        },
        // Session, self, administration.
        "GET /api/v1/me": get(ScopeCases.townUser, "/api/v1/me"),
        "DELETE /api/v1/session": { _ in Call(method: .delete, path: "/api/v1/session", user: "centre") },
        "GET /api/v1/audit": get("auditor", "/api/v1/audit"),
        "GET /api/v1/users": get("admin", "/api/v1/users"),
        // Grid events: reference data, reports, workflow steps, lists, boards, figures, photos, the stream.
        "GET /api/v1/events/categories": get(ScopeCases.townUser, "/api/v1/events/categories"),
        "PUT /api/v1/events/categories/{code}": { _ in
            Call(method: .put, path: "/api/v1/events/categories/0101", user: "centre", body: #"{"normalLimitMinutes":840}"#)
        },
        "GET /api/v1/events/rules": get(ScopeCases.townUser, "/api/v1/events/rules"),
        "PUT /api/v1/events/rules": { _ in
            Call(method: .put, path: "/api/v1/events/rules", user: "centre",
                 body: #"{"duplicateRadiusMeters":300,"duplicateWindowHours":48,"warnFraction":0.25}"#)
        },
        "GET /api/v1/departments": get(ScopeCases.townUser, "/api/v1/departments"),
        "GET /api/v1/events/calendar": get(ScopeCases.townUser, "/api/v1/events/calendar?year=2026"),
        "PUT /api/v1/events/calendar": { _ in
            Call(method: .put, path: "/api/v1/events/calendar", user: "centre", body: #"{"year":2027,"holidays":["2027-01-01"],"workdays":[]}"#)
        },
        "POST /api/v1/events": { app in
            let p = try await ScopeCases.eventPoint(app, try firstID(app, "SELECT id FROM events ORDER BY id"))
            return Call(method: .post, path: "/api/v1/events", user: "centre",
                        body: #"{"category":"0101","description":"测试","lat":\#(p.latitude),"lng":\#(p.longitude),"channel":"hotline"}"#)
        },
        "POST /api/v1/events/{id}/actions": { app in
            Call(method: .post, path: "/api/v1/events/\(try await newEvent(app))/actions", user: "centre", body: #"{"action":"register"}"#)
        },
        "GET /api/v1/events/{id}": { app in Call(path: "/api/v1/events/\(try await firstID(app, "SELECT id FROM events ORDER BY id"))", user: "centre") },
        "GET /api/v1/events/{id}/photos/{photo}": { app in
            let id = try await newEvent(app, photo: true)
            let photo = try await firstID(app, "SELECT id FROM event_photos WHERE event_id = '\(id)'")
            return Call(path: "/api/v1/events/\(id)/photos/\(photo)", user: "centre")
        },
        "GET /api/v1/events": get("centre", "/api/v1/events"),
        "GET /api/v1/events/duplicates": { app in
            let p = try await ScopeCases.eventPoint(app, try firstID(app, "SELECT id FROM events ORDER BY id"))
            return Call(path: "/api/v1/events/duplicates?lat=\(p.latitude)&lng=\(p.longitude)&category=0101", user: "centre")
        },
        "GET /api/v1/events/boards/daily-zero": get("centre", "/api/v1/events/boards/daily-zero"),
        "GET /api/v1/events/boards/supervision": get("centre", "/api/v1/events/boards/supervision"),
        "GET /api/v1/events/kpis": get("centre", "/api/v1/events/kpis"),
        "GET /api/v1/events/kpis/breakdown": get("centre", "/api/v1/events/kpis/breakdown?by=grid"),
        // Special: the stream ends after one notice, so the probe posts an event (as another account) meanwhile.
        "GET /api/v1/events/stream": { app in
            let ticket = try app.json(try await app.client.send(.post, "/api/v1/events/stream-ticket", token: try await app.login(ScopeCases.townUser)))
            return Call(path: "/api/v1/events/stream?max=1&ticket=\(try #require(ticket["ticket"]?.stringValue))", user: ScopeCases.townUser)
        },
        // Mediation.
        "GET /api/v1/mediation/cases": get("centre", "/api/v1/mediation/cases"),
        "POST /api/v1/mediation/cases": { _ in Call(method: .post, path: "/api/v1/mediation/cases", user: "centre", body: mediationBody) },
        "GET /api/v1/mediation/cases/{id}": { app in
            Call(path: "/api/v1/mediation/cases/\(try await firstID(app, "SELECT id FROM mediation_cases ORDER BY id"))", user: "centre")
        },
        "POST /api/v1/mediation/cases/{id}/sessions": { app in
            Call(method: .post, path: "/api/v1/mediation/cases/\(try await newMediation(app))/sessions", user: "centre", body: #"{"notes":"听取双方陈述"}"#)
        },
        "POST /api/v1/mediation/cases/{id}/outcome": { app in
            Call(method: .post, path: "/api/v1/mediation/cases/\(try await newMediation(app))/outcome", user: "centre",
                 body: #"{"agreed":true,"agreementText":"双方和解"}"#)
        },
        "POST /api/v1/mediation/cases/{id}/fulfilment": { app in
            Call(method: .post, path: "/api/v1/mediation/cases/\(try await newMediation(app, agreed: true))/fulfilment", user: "centre",
                 body: #"{"status":"fulfilled"}"#)
        },
        "GET /api/v1/mediation/kpis": get("centre", "/api/v1/mediation/kpis"),
        // Signals.
        "GET /api/v1/signals/arterials": get("traffic", "/api/v1/signals/arterials"),
        "GET /api/v1/signals/arterials/{id}": { app in Call(path: "/api/v1/signals/arterials/\(try await arterial(app))", user: "traffic") },
        "POST /api/v1/signals/arterials/{id}/optimize": { app in
            Call(method: .post, path: "/api/v1/signals/arterials/\(try await arterial(app))/optimize", user: "traffic", body: period)
        },
        "POST /api/v1/signals/arterials/{id}/apply": { app in
            let id = try await arterial(app)
            _ = try await app.client.send(.post, "/api/v1/signals/arterials/\(id)/optimize", token: try await app.login("traffic"), body: Data(period.utf8))
            return Call(method: .post, path: "/api/v1/signals/arterials/\(id)/apply", user: "traffic", body: period)
        },
        "GET /api/v1/signals/network": { app in
            _ = try await app.client.send(.post, "/api/v1/signals/network/optimize", token: try await app.login("traffic"))
            return Call(path: "/api/v1/signals/network", user: "traffic")
        },
        "POST /api/v1/signals/network/optimize": { _ in Call(method: .post, path: "/api/v1/signals/network/optimize", user: "traffic") },
        "POST /api/v1/signals/network/apply": { app in
            _ = try await app.client.send(.post, "/api/v1/signals/network/optimize", token: try await app.login("traffic"))
            return Call(method: .post, path: "/api/v1/signals/network/apply", user: "traffic")
        },
        "GET /api/v1/signals/intersections": get("traffic", "/api/v1/signals/intersections"),
        "GET /api/v1/signals/intersections/{id}": { app in Call(path: "/api/v1/signals/intersections/\(try await intersection(app))", user: "traffic") },
        "PUT /api/v1/signals/intersections/{id}/plans/{period}": { app in
            let id = try await intersection(app)
            let x = try app.json(try await app.get("/api/v1/signals/intersections/\(id)", token: try await app.login("traffic")))
            guard case .array(let plans)? = x["plans"], let plan = plans.first(where: { $0["period"]?.stringValue == "morningPeak" }) else {
                throw Problem.notFound
            }
            let body: JSONValue = ["cycle": plan["cycle"] ?? .null, "offset": plan["offset"] ?? .null, "phases": plan["phases"] ?? .null]
            return Call(method: .put, path: "/api/v1/signals/intersections/\(id)/plans/morningPeak", user: "traffic", body: body.canonical)
        },
        "GET /api/v1/signals/evaluations/latest": get("traffic", "/api/v1/signals/evaluations/latest"),
        "POST /api/v1/signals/evaluations": { _ in
            let scenario: JSONValue = ["key": "pingan", "name": "Pingan", "travelTime": .double(100), "waitingTime": .double(10),
                                       "timeLoss": .double(20), "stops": .double(1), "speed": .double(30), "travelTimeIndex": .double(1.2),
                                       "tpi": .double(2), "spread": ["travelTime": .double(1)]]
            let record: JSONValue = ["at": "2026-11-25T10:00:00+08:00", "source": "pingan signals evaluate, 1 seeds", "network": "test.net.xml",
                                     "seeds": [1], "demand": "light", "scenarios": [scenario],
                                     "directions": [["direction": "outbound", "scenarios": [scenario]]], "teleported": 0]
            return Call(method: .post, path: "/api/v1/signals/evaluations", user: "traffic", body: record.canonical)
        },
        // Open311 (public): reads and reports are audited too, under the interface's name.
        "GET /open311/v2/{file}": getPublic("/open311/v2/services.json"),
        "GET /open311/v2/services/{file}": getPublic("/open311/v2/services/0101.json"),
        "GET /open311/v2/requests/{file}": { app in
            let id = try await firstID(app, "SELECT id FROM events WHERE category_code = '0101' ORDER BY id")
            return Call(path: "/open311/v2/requests/\(id).json", user: nil)
        },
        "GET /open311/v2/tokens/{file}": { app in
            try await app.services.events.addOpen311Key("audit-key", name: "test")
            let p = try await ScopeCases.eventPoint(app, try firstID(app, "SELECT id FROM events ORDER BY id"))
            let form = "api_key=audit-key&service_code=0101&lat=\(p.latitude)&long=\(p.longitude)&description=%E5%9E%83%E5%9C%BE"
            _ = try await app.client.send(.post, "/open311/v2/requests.json", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
            let token = try await app.services.database.read { db in
                try await db.raw("SELECT open311_token FROM events WHERE open311_token IS NOT NULL").first()!.decode(column: "open311_token", as: String.self)
            }
            return Call(path: "/open311/v2/tokens/\(token).json", user: nil)
        },
        "POST /open311/v2/{file}": { app in
            try await app.services.events.addOpen311Key("audit-key", name: "test")
            let p = try await ScopeCases.eventPoint(app, try firstID(app, "SELECT id FROM events ORDER BY id"))
            return Call(method: .post, path: "/open311/v2/requests.json", user: nil,
                        body: "api_key=audit-key&service_code=0101&lat=\(p.latitude)&long=\(p.longitude)&description=%E5%9E%83%E5%9C%BE",
                        contentType: "application/x-www-form-urlencoded")
        },
    ]

    static func getPublic(_ path: String) -> Case { { _ in Call(path: path, user: nil) } }

    static func head(_ app: TestApp) async throws -> Int64 {
        await app.services.audit.flush()
        return try await AuditReader(database: app.services.database).list(.init(limit: 1)).first?.seq ?? 0
    }

    /// Makes the call and answers the entries it wrote that name its account.
    static func probe(_ route: String, _ app: TestApp) async throws -> (status: Int, entries: [StoredAuditEntry]) {
        let call = try await all[route]!(app)
        let token = try await call.user.asyncMap { try await app.login($0) }
        let before = try await head(app)
        let status: Int
        if route == "GET /api/v1/events/stream" {
            let stream = Task { try await app.client.send(.get, call.path, token: token) }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await newEvent(app)
            status = try await stream.value.status
        } else {
            status = try await app.client.send(call.method, call.path, token: token, body: call.body.map { Data($0.utf8) },
                                               contentType: call.contentType).status
        }
        _ = try await head(app)
        let written = try await AuditReader(database: app.services.database).list(.init(limit: 500)).filter { $0.seq > before }
        let who = call.user ?? "open311"
        return (status, written.filter { $0.username == who || (call.user == nil && $0.username.hasPrefix("open311")) }
            .filter { $0.action != "login" })
    }
}

extension Optional where Wrapped: Sendable {
    fileprivate func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let w = self else { return nil }
        return try await f(w)
    }
}

@Suite(.storeTestLimit) struct AuditCoverageTests {
    @Test func everyDataRouteHasAnAuditCase() async throws {
        let routes = try await RouteTableTests.routerRoutes()
        let needing = routes.subtracting(AuditCases.exempt)
        let missing = needing.subtracting(AuditCases.all.keys)
        #expect(missing.isEmpty, "data routes without an audit case in AuditCases: \(missing.sorted())")
        let stale = Set(AuditCases.all.keys).subtracting(routes)
        #expect(stale.isEmpty, "audit cases for routes that do not exist: \(stale.sorted())")
        #expect(AuditCases.exempt.isSubset(of: routes), "the exemption list names routes that do not exist")
    }

    @Test(arguments: AuditCases.all.keys.sorted())
    func aSuccessfulRequestWritesAnEntry(route: String) async throws {
        try await withTestApp(.sqlite) { app in
            let (status, entries) = try await AuditCases.probe(route, app)
            #expect((200..<300).contains(status), "\(route) answered \(status)")
            #expect(!entries.isEmpty, "\(route) wrote no audit entry")
        }
    }

    /// The action names the issue asks for.
    @Test(arguments: [
        ("POST /api/v1/events", "events.create"), ("POST /api/v1/events/{id}/actions", "events.register"),
        ("POST /open311/v2/{file}", "open311.create"), ("GET /api/v1/houses/{id}", "houses.open"),
        ("GET /api/v1/organisations/{id}", "organisations.open"), ("GET /api/v1/places/{id}", "places.open"),
        ("GET /api/v1/people/{id}", "people.open"), ("POST /api/v1/people/{id}/reveal", "people.reveal"),
    ])
    func theEntryIsNamedForWhatHappened(route: String, action: String) async throws {
        try await withTestApp(.sqlite) { app in
            let (_, entries) = try await AuditCases.probe(route, app)
            #expect(entries.map(\.action).contains(action), "\(route): \(entries.map(\.action))")
            if route == "POST /api/v1/events" { #expect(!entries.map(\.action).contains("events.read")) }
        }
    }

    /// A search for a full resident ID keeps it masked in the log, as the auditor reads it back.
    @Test(arguments: TestEngines.all)
    func aSearchedResidentIDIsMaskedInTheLog(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let id = try await app.services.database.read { db in
                try await db.raw("SELECT doc_number FROM people WHERE doc_type = 'residentId' AND doc_number IS NOT NULL ORDER BY id").first()!
                    .decode(column: "doc_number", as: String.self)
            }
            let t = try await app.login("centre")
            #expect(try await app.get("/api/v1/search?q=\(id)", token: t).status == 200)
            #expect(try await app.get("/api/v1/events?q=\(id.prefix(17))X", token: t).status == 200)
            await app.services.audit.flush()
            let log = try await app.get("/api/v1/audit?limit=50", token: try await app.login("auditor"))
            let text = String(decoding: log.body, as: UTF8.self)
            #expect(!text.contains(id) && !text.contains(String(id.prefix(17))), "the full ID came back from the audit log")
            #expect(text.contains(Masking.residentId(id)), "the masked ID should be in the search entry")
        }
    }
}
