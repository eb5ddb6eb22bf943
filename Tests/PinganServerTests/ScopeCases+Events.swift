import Foundation
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Scope checks of the grid-event routes: a village centre sees its own village's events and
/// nothing else; another village's event answers exactly like a missing one.
extension ScopeCases {
    static let events: [String: Case] = [
        "GET /api/v1/events/categories": referenceCase("/api/v1/events/categories"),
        "GET /api/v1/departments": referenceCase("/api/v1/departments"),
        "GET /api/v1/events/calendar": referenceCase("/api/v1/events/calendar?year=2026"),
        "PUT /api/v1/events/calendar": { app in
            let body = Data(#"{"year":2027,"holidays":["2027-01-01"],"workdays":[]}"#.utf8)
            let town = try await app.client.send(.put, "/api/v1/events/calendar", token: try await app.login(townUser), body: body)
            #expect(town.status == 403, "only the district centre maintains the calendar")
            let centre = try await app.client.send(.put, "/api/v1/events/calendar", token: try await app.login("centre"), body: body)
            #expect(centre.status == 204)
        },
        "PUT /api/v1/events/categories/{code}": { app in
            let body = Data(#"{"normalLimitMinutes":840}"#.utf8)
            let town = try await app.client.send(.put, "/api/v1/events/categories/0101", token: try await app.login(townUser), body: body)
            #expect(town.status == 403)
            let centre = try await app.login("centre")
            let changed = try app.json(try await app.client.send(.put, "/api/v1/events/categories/0101", token: centre, body: body))
            #expect(changed["limits"]?["normal"] == .int(840))
            let open = try await app.client.send(.put, "/api/v1/events/categories/0701", token: centre, body: Data(#"{"public":true}"#.utf8))
            #expect(open.status == 400, "disputes never become public")
        },
        "GET /api/v1/events/rules": referenceCase("/api/v1/events/rules"),
        "PUT /api/v1/events/rules": { app in
            let body = Data(#"{"duplicateRadiusMeters":300,"duplicateWindowHours":48,"warnFraction":0.25}"#.utf8)
            #expect(try await app.client.send(.put, "/api/v1/events/rules", token: try await app.login(townUser), body: body).status == 403)
            let rules = try app.json(try await app.client.send(.put, "/api/v1/events/rules", token: try await app.login("centre"), body: body))
            #expect(rules["duplicateRadiusMeters"] == .int(300) || rules["duplicateRadiusMeters"] == .double(300))
        },
        "GET /api/v1/events/{id}": { app in
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            #expect(try await app.get("/api/v1/events/\(v.mine)", token: t).status == 200)
            try await expectIndistinguishable(app, token: t, "/api/v1/events/\(v.theirs)", "/api/v1/events/SJ20990101-0001")
        },
        "POST /api/v1/events/{id}/actions": { app in
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            let body = Data(#"{"action":"register"}"#.utf8)
            let theirs = try await app.client.send(.post, "/api/v1/events/\(v.theirs)/actions", token: t, body: body)
            let missing = try await app.client.send(.post, "/api/v1/events/SJ20990101-0001/actions", token: t, body: body)
            #expect(theirs.status == 404 && theirs.body == missing.body)
        },
        "GET /api/v1/events/{id}/photos/{photo}": { app in
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            try await expectIndistinguishable(app, token: t, "/api/v1/events/\(v.theirs)/photos/\(v.theirs)-1-1",
                                              "/api/v1/events/SJ20990101-0001/photos/x")
        },
        "POST /api/v1/events": { app in
            // A village centre files only in its own village: elsewhere reads like outside the county.
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            let theirs = try await eventPoint(app, v.theirs)
            func report(_ lat: Double, _ lng: Double) async throws -> InProcessClient.Reply {
                try await app.client.send(.post, "/api/v1/events", token: t, body: Data("""
                    {"category":"0101","description":"测试","lat":\(lat),"lng":\(lng)}
                    """.utf8))
            }
            let elsewhere = try await report(theirs.latitude, theirs.longitude)
            let outside = try await report(31.2, 121.5)
            #expect(elsewhere.status == 400 && elsewhere.body == outside.body)
            let mine = try await eventPoint(app, v.mine)
            #expect(try await report(mine.latitude, mine.longitude).status == 201)
        },
        "GET /api/v1/events": { app in
            let v = try await twoVillages(app, "events")
            let page = try app.json(try await app.get("/api/v1/events?limit=500", token: try await app.login(v.user)))
            guard case .array(let items)? = page["items"], !items.isEmpty else { Issue.record("no events"); return }
            let codes = items.compactMap { $0["gridCode"]?.stringValue }
            #expect(codes.allSatisfy { $0.hasPrefix(v.myVillage) }, "a village centre lists only its village")
            let other = try await app.get("/api/v1/events?grid=\(v.theirVillage)", token: try await app.login(v.user))
            let none = try await app.get("/api/v1/events?grid=430212999999", token: try await app.login(v.user))
            #expect(other.status == 404 && other.body == none.body)
        },
        "GET /api/v1/events/duplicates": { app in
            let v = try await twoVillages(app, "events")
            let p = try await eventPoint(app, v.theirs)
            let reply = try app.json(try await app.get("/api/v1/events/duplicates?lat=\(p.latitude)&lng=\(p.longitude)&category=0101",
                                                       token: try await app.login(v.user)))
            guard case .array(let items)? = reply["items"] else { Issue.record("no items"); return }
            #expect(!items.contains { $0["id"]?.stringValue == v.theirs })
        },
        "GET /api/v1/events/boards/daily-zero": boardCase("/api/v1/events/boards/daily-zero"),
        "GET /api/v1/events/boards/supervision": boardCase("/api/v1/events/boards/supervision"),
        "GET /api/v1/events/kpis": kpiCase("/api/v1/events/kpis"),
        "GET /api/v1/events/kpis/breakdown": kpiCase("/api/v1/events/kpis/breakdown"),
        "GET /api/v1/events/stream": { app in
            // The live stream of a village centre carries only its own village's events.
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            let centre = try await app.login("centre")
            try await expectOnlyMyVillage(app, v, centre: centre) { try await app.get("/api/v1/events/stream?max=1", token: t) }
        },
        "POST /api/v1/events/stream-ticket": { app in
            // A ticket opens its owner's stream, scoped like the owner; roles that read no events get none.
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            let centre = try await app.login("centre")
            #expect(try await app.client.send(.post, "/api/v1/events/stream-ticket", token: try await app.login("traffic")).status == 403)
            let issued = try await app.client.send(.post, "/api/v1/events/stream-ticket", token: t)
            guard let ticket = try app.json(issued)["ticket"]?.stringValue else { Issue.record("no ticket"); return }
            try await expectOnlyMyVillage(app, v, centre: centre) { try await app.get("/api/v1/events/stream?max=1&ticket=\(ticket)", token: nil) }
        },
    ]

    /// Opens a stream with `open`, files an event in each of the two villages as the centre, and
    /// expects only the stream owner's village to reach it.
    static func expectOnlyMyVillage(_ app: TestApp, _ v: (user: String, mine: String, theirs: String, myVillage: String, theirVillage: String),
                                    centre: String, _ open: @escaping @Sendable () async throws -> InProcessClient.Reply) async throws {
        let stream = Task { try await open() }
        try await Task.sleep(for: .milliseconds(300))
        for id in [v.theirs, v.mine] {
            let p = try await eventPoint(app, id)
            let r = try await app.client.send(.post, "/api/v1/events", token: centre, body: Data("""
                {"category":"0101","description":"实时推送测试","lat":\(p.latitude),"lng":\(p.longitude),"channel":"hotline"}
                """.utf8))
            #expect(r.status == 201)
        }
        let text = String(decoding: try await stream.value.body, as: UTF8.self)
        #expect(text.contains("event: created"))
        #expect(!text.contains(try await gridName(app, v.theirs)), "another village's event reached the stream")
    }

    static let mediation: [String: Case] = [
        "GET /api/v1/mediation/cases": { app in
            let v = try await twoVillages(app, "mediation_cases")
            let t = try await app.login(v.user)
            let page = try app.json(try await app.get("/api/v1/mediation/cases?limit=500", token: t))
            guard case .array(let items)? = page["items"], !items.isEmpty else { Issue.record("no cases"); return }
            #expect(!items.contains { $0["id"]?.stringValue == v.theirs })
            try await expectIndistinguishable(app, token: t, "/api/v1/mediation/cases?grid=\(v.theirVillage)", "/api/v1/mediation/cases?grid=430212999999")
        },
        "GET /api/v1/mediation/cases/{id}": { app in
            let v = try await twoVillages(app, "mediation_cases")
            let t = try await app.login(v.user)
            #expect(try await app.get("/api/v1/mediation/cases/\(v.mine)", token: t).status == 200)
            try await expectIndistinguishable(app, token: t, "/api/v1/mediation/cases/\(v.theirs)", "/api/v1/mediation/cases/TJ20990101-0001")
        },
        "POST /api/v1/mediation/cases": { app in
            let v = try await twoVillages(app, "mediation_cases")
            let t = try await app.login(v.user)
            func create(_ grid: String) async throws -> InProcessClient.Reply {
                try await app.client.send(.post, "/api/v1/mediation/cases", token: t, body: Data("""
                    {"title":"测试纠纷","kind":"neighbour","grid":"\(grid)","committee":"调委会",
                     "parties":[{"name":"甲","role":"applicant"},{"name":"乙","role":"respondent"}]}
                    """.utf8))
            }
            let theirs = try await create(v.theirVillage), missing = try await create("430212999999")
            #expect(theirs.status == 400 && theirs.body == missing.body)
            #expect(try await create(v.myVillage).status == 201)
        },
        "POST /api/v1/mediation/cases/{id}/sessions": mediationStep("sessions", #"{"notes":"听取双方陈述"}"#),
        "POST /api/v1/mediation/cases/{id}/outcome": mediationStep("outcome", #"{"agreed":true,"agreementText":"双方和解"}"#),
        "POST /api/v1/mediation/cases/{id}/fulfilment": mediationStep("fulfilment", #"{"status":"fulfilled"}"#),
        "GET /api/v1/mediation/kpis": { app in
            let v = try await twoVillages(app, "mediation_cases")
            let t = try await app.login(v.user)
            let mine = try app.json(try await app.get("/api/v1/mediation/kpis", token: t))
            let all = try app.json(try await app.get("/api/v1/mediation/kpis", token: try await app.login("centre")))
            if case .int(let m)? = mine["cases"], case .int(let a)? = all["cases"] { #expect(m < a) } else { Issue.record("no counts") }
            try await expectIndistinguishable(app, token: t, "/api/v1/mediation/kpis?grid=\(v.theirVillage)", "/api/v1/mediation/kpis?grid=430212999999")
        },
    ]

    static func mediationStep(_ step: String, _ body: String) -> Case {
        { app in
            let v = try await twoVillages(app, "mediation_cases")
            let t = try await app.login(v.user)
            let theirs = try await app.client.send(.post, "/api/v1/mediation/cases/\(v.theirs)/\(step)", token: t, body: Data(body.utf8))
            let missing = try await app.client.send(.post, "/api/v1/mediation/cases/TJ20990101-0001/\(step)", token: t, body: Data(body.utf8))
            #expect(theirs.status == 404 && theirs.body == missing.body)
        }
    }

    /// Reference data is the same in every scope: a village account reads it.
    static func referenceCase(_ path: String) -> Case {
        { app in
            let v = try await twoVillages(app, "events")
            #expect(try await app.get(path, token: try await app.login(v.user)).status == 200)
            #expect(try await app.get(path, token: nil).status == 401)
        }
    }

    static func boardCase(_ path: String) -> Case {
        { app in
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            let board = try app.json(try await app.get(path, token: t))
            if case .array(let items)? = board["items"] {
                #expect(items.compactMap { $0["gridCode"]?.stringValue }.allSatisfy { $0.hasPrefix(v.myVillage) })
            }
            try await expectIndistinguishable(app, token: t, "\(path)?grid=\(v.theirVillage)", "\(path)?grid=430212999999")
        }
    }

    static func kpiCase(_ path: String) -> Case {
        { app in
            let v = try await twoVillages(app, "events")
            let t = try await app.login(v.user)
            #expect(try await app.get("\(path)?grid=\(v.myVillage)", token: t).status == 200)
            try await expectIndistinguishable(app, token: t, "\(path)?grid=\(v.theirVillage)", "\(path)?grid=430212999999")
        }
    }

    static func eventPoint(_ app: TestApp, _ id: String) async throws -> GeoPoint {
        try await app.services.database.read { db in
            let r = try await db.raw("SELECT lat7, lng7 FROM events WHERE id = \(bind: id)").first()!
            return GeoPoint(lat7: try r.decode(column: "lat7", as: Int64.self), lng7: try r.decode(column: "lng7", as: Int64.self))
        }
    }

    static func gridName(_ app: TestApp, _ id: String) async throws -> String {
        let code = try await app.services.database.read { db in
            try await db.raw("SELECT grid_code FROM events WHERE id = \(bind: id)").first()!.decode(column: "grid_code", as: String.self)
        }
        return app.services.grids.summary(code: code)?.name ?? code
    }
}
