import Foundation
import PinganKernel
import PinganStorage
import PinganTestSupport
import Testing

/// People's mediation through the router on both engines: a case from a dispute event to a
/// fulfilled agreement, the steps it refuses, masked phones, and KPIs that count what happened.
@Suite(.storeTestLimit) struct MediationTests {
    @Test(arguments: TestEngines.all)
    func aDisputeFromEventToFulfilledAgreement(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let (id, village) = try await app.services.database.read { db in
                let r = try await db.raw("SELECT id, grid_code FROM events WHERE category_code LIKE '07%' AND stage <> 'cancelled' LIMIT 1").first()!
                return (try r.decode(column: "id", as: String.self), String(try r.decode(column: "grid_code", as: String.self).prefix(12)))
            }
            let t = try await app.login("village-\(village)")
            let before = try app.json(try await app.get("/api/v1/mediation/kpis?grid=\(village)", token: t))
            let created = try await app.client.send(.post, "/api/v1/mediation/cases", token: t, body: Data("""
                {"title":"宅基地边界纠纷","kind":"land","eventId":"\(id)","committee":"村人民调解委员会",
                 "mediators":[{"name":"王老师","kind":"retiredTeacher"}],
                 "parties":[{"name":"张三","role":"applicant","phone":"13800138000"},{"name":"李四","role":"respondent"}]}
                """.utf8))
            #expect(created.status == 201)
            let c = try app.json(created)
            let caseID = try #require(c["id"]?.stringValue)
            #expect(c["eventId"]?.stringValue == id)
            #expect(c["parties"].map { "\($0)" }?.contains("138****8000") == true, "phones are masked")
            #expect(!(String(decoding: created.body, as: UTF8.self).contains("13800138000")))
            // Fulfilment before an agreement is refused with the reason.
            #expect(try await app.client.send(.post, "/api/v1/mediation/cases/\(caseID)/fulfilment", token: t,
                                              body: Data(#"{"status":"fulfilled"}"#.utf8)).status == 409)
            _ = try await app.client.send(.post, "/api/v1/mediation/cases/\(caseID)/sessions", token: t, body: Data(#"{"notes":"现场勘查边界"}"#.utf8))
            let agreed = try app.json(try await app.client.send(.post, "/api/v1/mediation/cases/\(caseID)/outcome", token: t,
                                                                body: Data(#"{"agreed":true,"agreementText":"以旧界桩为准","amountYuan":500}"#.utf8)))
            #expect(agreed["status"]?.stringValue == "agreed")
            #expect(try await app.client.send(.post, "/api/v1/mediation/cases/\(caseID)/sessions", token: t,
                                              body: Data(#"{"notes":"再次调解"}"#.utf8)).status == 409)
            let done = try app.json(try await app.client.send(.post, "/api/v1/mediation/cases/\(caseID)/fulfilment", token: t,
                                                              body: Data(#"{"status":"fulfilled","note":"已履行"}"#.utf8)))
            #expect(done["status"]?.stringValue == "fulfilled")
            let after = try app.json(try await app.get("/api/v1/mediation/kpis?grid=\(village)", token: t))
            func n(_ v: JSONValue?, _ k: String) -> Int64 { if case .int(let x)? = v?[k] { x } else { -1 } }
            #expect(n(after, "cases") == n(before, "cases") + 1)
            #expect(n(after, "agreements") == n(before, "agreements") + 1)
            #expect(n(after, "fulfilled") == n(before, "fulfilled") + 1)
            // A department officer has no mediation pages.
            #expect(try await app.get("/api/v1/mediation/cases", token: try await app.login("dept-sfj")).status == 403)
        }
    }
}
