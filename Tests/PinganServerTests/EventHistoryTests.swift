import Foundation
import PinganCases
import PinganKernel
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// The summary columns KPIs count (stage, department, reworks, extensions, send-backs, closing
/// time) must follow from each event's history, for the demo's history and for steps taken
/// through the API.
@Suite(.storeTestLimit) struct EventHistoryTests {
    @Test(arguments: TestEngines.all)
    func everyStoredSummaryFollowsFromItsHistory(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            // One more event through the API, sent back once and reworked once.
            let row = try await app.services.database.read { db in
                try await db.raw("SELECT grid_code, lat7, lng7 FROM events WHERE reporter_username IS NOT NULL LIMIT 1").first()!
            }
            let grid = try row.decode(column: "grid_code", as: String.self)
            let p = GeoPoint(lat7: try row.decode(column: "lat7", as: Int64.self), lng7: try row.decode(column: "lng7", as: Int64.self))
            let w = try await app.login("grid-\(grid)"), c = try await app.login("centre")
            let d = try await app.login("dept-cgj"), z = try await app.login("dept-zjj")
            let filed = try app.json(try await app.client.send(.post, "/api/v1/events", token: w, body: Data("""
                {"category":"0101","description":"回放测试","lat":\(p.latitude),"lng":\(p.longitude)}
                """.utf8)))
            let id = try #require(filed["id"]?.stringValue)
            for (token, body) in [(c, #"{"action":"register"}"#), (c, #"{"action":"dispatch","department":"zjj"}"#),
                                  (z, #"{"action":"sendBack","reason":"不属本部门职责"}"#), (c, #"{"action":"dispatch","department":"cgj"}"#),
                                  (d, #"{"action":"accept"}"#), (d, #"{"action":"requestExtension","minutes":420,"reason":"需协调"}"#),
                                  (c, #"{"action":"approveExtension"}"#), (d, #"{"action":"feedback","note":"已处理"}"#),
                                  (w, #"{"action":"rework","reason":"仍有垃圾"}"#), (d, #"{"action":"feedback","note":"已清理干净"}"#),
                                  (w, #"{"action":"verify"}"#), (c, #"{"action":"close"}"#)] {
                let reply = try await app.client.send(.post, "/api/v1/events/\(id)/actions", token: token, body: Data(body.utf8))
                #expect(reply.status == 200, "\(body): \(String(decoding: reply.body, as: UTF8.self))")
            }
            let ids = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM events ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            var checked = 0
            for eventID in ids {
                let (record, history) = try await app.services.database.read { db in
                    (try await EventStore.event(id: eventID, on: db)!, try await EventStore.history(eventID: eventID, on: db))
                }
                let replay = try #require(EventHistoryReplay.summary(of: history), "history of \(eventID) does not chain")
                #expect(replay.stage == record.stage, "\(eventID)")
                #expect(replay.departmentCode == record.departmentCode, "\(eventID)")
                #expect(replay.reworkCount == record.reworkCount && replay.extensionCount == record.extensionCount
                        && replay.sendBackCount == record.sendBackCount, "\(eventID)")
                #expect(replay.closedAt?.epochMillis == record.closedAt?.epochMillis, "\(eventID)")
                #expect(replay.escalationLevel == record.escalationLevel, "\(eventID)")
                #expect(history.count == record.historyCount, "\(eventID)")
                checked += 1
            }
            #expect(checked == ids.count && checked > 100)
            let mine = try await app.services.database.read { db in try await EventStore.event(id: id, on: db)! }
            #expect(mine.reworkCount == 1 && mine.extensionCount == 1 && mine.sendBackCount == 1 && mine.stage == .closed)

            // The inbox's per-grid stage counts moved with every step (demo inserts, API steps, the clock).
            let (kept, counted) = try await app.services.database.read { db in
                func rows(_ sql: SQLQueryString) async throws -> [String: Int64] {
                    var out: [String: Int64] = [:]
                    for r in try await db.raw(sql).all() where try r.decode(column: "n", as: Int64.self) != 0 {
                        out[try r.decode(column: "grid_path", as: String.self) + " " + r.decode(column: "stage", as: String.self)] =
                            try r.decode(column: "n", as: Int64.self)
                    }
                    return out
                }
                return (try await rows("SELECT grid_path, stage, n FROM event_stage_counts"),
                        try await rows("SELECT grid_path, stage, COUNT(*) AS n FROM events GROUP BY grid_path, stage"))
            }
            #expect(kept == counted)
            #expect(counted.count > 10)
        }
    }
}
