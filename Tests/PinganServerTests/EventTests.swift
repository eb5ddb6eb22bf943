import Foundation
import HTTPTypes
import PinganCases
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Grid events through the real router on both engines: one event from report to closure with
/// three users, the workflow's refusals, idempotent reports, photos checked by content, the
/// server's clock, and KPIs that agree with the lists and Open311 behind them.
@Suite(.storeTestLimit) struct EventTests {
    static let png: String = {
        // A 2×2 PNG built here (signature, IHDR, IDAT, IEND) so the test does not trust the inspector's own fixtures.
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let t = Array(type.utf8)
            var crc: UInt32 = 0xFFFF_FFFF
            for b in t + data {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc ^= 0xFFFF_FFFF
            func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            return be(UInt32(data.count)) + t + data + be(crc)
        }
        // Stored (uncompressed) deflate block of two scanlines of 2 RGB pixels.
        let raw: [UInt8] = [0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255]
        var adler = (a: UInt32(1), b: UInt32(0))
        for x in raw { adler.a = (adler.a + UInt32(x)) % 65521; adler.b = (adler.b + adler.a) % 65521 }
        let len = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)] + raw
            + [UInt8(adler.b >> 8), UInt8(adler.b & 0xFF), UInt8(adler.a >> 8), UInt8(adler.a & 0xFF)]
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0])
            + chunk("IDAT", zlib) + chunk("IEND", [])
        return Data(png).base64EncodedString()
    }()

    /// A unit grid of the small demo with its worker account and a point inside it.
    static func workerAndPoint(_ app: TestApp) async throws -> (worker: String, grid: String, village: String, point: GeoPoint) {
        let row = try await app.services.database.read { db in
            try await db.raw("SELECT grid_code, lat7, lng7 FROM events WHERE reporter_username IS NOT NULL ORDER BY id LIMIT 1").first()!
        }
        let grid = try row.decode(column: "grid_code", as: String.self)
        return ("grid-\(grid)", grid, String(grid.prefix(12)),
                GeoPoint(lat7: try row.decode(column: "lat7", as: Int64.self), lng7: try row.decode(column: "lng7", as: Int64.self)))
    }

    static func report(_ app: TestApp, token: String, point: GeoPoint, category: String = "0101", photos: [String] = [png],
                       key: String? = nil) async throws -> InProcessClient.Reply {
        let photoJSON = photos.map { #"{"name":"p.png","data":"\#($0)"}"# }.joined(separator: ",")
        var headers = HTTPFields()
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await app.client.send(.post, "/api/v1/events", token: token, body: Data("""
            {"category":"\(category)","description":"小区门口垃圾堆放","lat":\(point.latitude),"lng":\(point.longitude),"photos":[\(photoJSON)]}
            """.utf8), headers: headers)
    }

    static func act(_ app: TestApp, _ id: String, token: String, _ body: String) async throws -> InProcessClient.Reply {
        try await app.client.send(.post, "/api/v1/events/\(id)/actions", token: token, body: Data(body.utf8))
    }

    @Test(arguments: TestEngines.all)
    func oneEventFromReportToClosureWithThreeUsers(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let (worker, grid, _, point) = try await Self.workerAndPoint(app)
            let w = try await app.login(worker), c = try await app.login("centre"), d = try await app.login("dept-cgj")
            let filed = try await Self.report(app, token: w, point: point)
            #expect(filed.status == 201)
            let event = try app.json(filed)
            let id = try #require(event["id"]?.stringValue)
            #expect(event["grid"]?["code"]?.stringValue == grid, "located to the unit grid")
            #expect(event["stage"]?.stringValue == "received")

            // The department cannot touch it before it is dispatched to them: it is not theirs to see.
            #expect(try await Self.act(app, id, token: d, #"{"action":"accept"}"#).status == 404)
            // A step the stage forbids is 409 with the reason; a role that may never take it is 403.
            let early = try await Self.act(app, id, token: c, #"{"action":"close"}"#)
            #expect(early.status == 409)
            #expect(try app.json(early)["detail"]?.stringValue?.contains("受理") == true)
            #expect(try await Self.act(app, id, token: w, #"{"action":"register"}"#).status == 403)

            let registered = try app.json(try await Self.act(app, id, token: c, #"{"action":"register"}"#))
            #expect(registered["deadline"]?.stringValue != nil)
            #expect(try await Self.act(app, id, token: c, #"{"action":"dispatch","department":"nope"}"#).status == 400)
            let dispatched = try app.json(try await Self.act(app, id, token: c, #"{"action":"dispatch","department":"cgj"}"#))
            #expect(dispatched["department"]?["code"]?.stringValue == "cgj")
            // Another department may not accept it.
            let other = try await app.login("dept-zjj")
            #expect(try await Self.act(app, id, token: other, #"{"action":"accept"}"#).status == 404)
            let accepted = try app.json(try await Self.act(app, id, token: d, #"{"action":"accept"}"#))
            #expect(accepted["allowedActions"] == .array([.string("requestExtension"), .string("feedback")]))
            #expect(try await Self.act(app, id, token: d, #"{"action":"feedback"}"#).status == 400, "feedback needs a note")
            let fed = try app.json(try await Self.act(app, id, token: d, #"{"action":"feedback","note":"已清理完毕","photos":[{"name":"after.png","data":"\#(Self.png)"}]}"#))
            #expect(fed["stage"]?.stringValue == "verifying")
            #expect(try await Self.act(app, id, token: c, #"{"action":"close"}"#).status == 409, "closing needs a passed verification")
            _ = try await Self.act(app, id, token: w, #"{"action":"verify","note":"现场已核实"}"#)
            let closed = try app.json(try await Self.act(app, id, token: c, #"{"action":"close"}"#))
            #expect(closed["stage"]?.stringValue == "closed")
            #expect(closed["closedOnTime"] == .bool(true))

            guard case .array(let history)? = closed["history"] else { Issue.record("no history"); return }
            #expect(history.compactMap { $0["action"]?.stringValue } == ["report", "register", "dispatch", "accept", "feedback", "verify", "close"])
            #expect(history.compactMap { $0["actor"]?["username"]?.stringValue } == [worker, "centre", "centre", "dept-cgj", "dept-cgj", worker, "centre"])
            guard case .array(let photos)? = closed["photos"] else { Issue.record("no photos"); return }
            #expect(photos.count == 2)
            let url = try #require(photos.last?["url"]?.stringValue)
            let image = try await app.get(url, token: c)
            #expect(image.status == 200 && image.body == Data(base64Encoded: Self.png))

            // It counts in today's KPIs of its grid, and the list behind "closed" contains it.
            let day = app.services.time.formatDay(app.services.clock.now())
            let kpis = try app.json(try await app.get("/api/v1/events/kpis?grid=\(grid)&from=\(day)&to=\(day)", token: c))
            let list = try app.json(try await app.get("/api/v1/events?grid=\(grid)&from=\(day)&to=\(day)&kpi=closed&limit=500", token: c))
            #expect(kpis["closed"] == list["total"])
            guard case .array(let items)? = list["items"] else { Issue.record("no items"); return }
            #expect(items.contains { $0["id"]?.stringValue == id })
        }
    }

    @Test(arguments: TestEngines.all)
    func aRetriedReportFilesOneEventAndABadPhotoRefusesTheWholeReport(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let (worker, _, _, point) = try await Self.workerAndPoint(app)
            let w = try await app.login(worker)
            let count = { try await app.services.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM events").first()!.decode(column: "n", as: Int64.self)
            } }
            let before = try await count()
            let first = try await Self.report(app, token: w, point: point, key: "phone-retry-1")
            let retry = try await Self.report(app, token: w, point: point, key: "phone-retry-1")
            #expect(first.status == 201 && retry.status == 200)
            #expect(try app.json(first)["id"] == app.json(retry)["id"])
            #expect(try await count() == before + 1)

            let text = Data("this is not a photo".utf8).base64EncodedString()
            let bad = try await Self.report(app, token: w, point: point, photos: [Self.png, text])
            #expect(bad.status == 400)
            let problem = try app.json(bad)
            guard case .array(let errors)? = problem["errors"] else { Issue.record("no errors"); return }
            #expect(errors.first?["field"]?.stringValue == "photos[1]")
            #expect(try await count() == before + 1, "nothing of a refused report is stored")
            let outside = try await Self.report(app, token: w, point: GeoPoint(latitude: 39.9, longitude: 116.4))
            #expect(outside.status == 400)
        }
    }

    @Test(arguments: TestEngines.all)
    func theServerClockWarnsThenEscalatesAndTheBoardsShowIt(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withTestApp(engine, clock: clock) { app in
            let (worker, grid, _, point) = try await Self.workerAndPoint(app)
            let w = try await app.login(worker), c = try await app.login("centre")
            // Urgent: a few working hours.
            var headers = HTTPFields()
            headers[HTTPField.Name("Idempotency-Key")!] = "urgent-1"
            let filed = try app.json(try await app.client.send(.post, "/api/v1/events", token: w, body: Data("""
                {"category":"0501","severity":"urgent","description":"井盖缺失","lat":\(point.latitude),"lng":\(point.longitude)}
                """.utf8), headers: headers))
            let id = try #require(filed["id"]?.stringValue)
            _ = try await Self.act(app, id, token: c, #"{"action":"register"}"#)
            let registered = try await app.services.events.detail(id: id, for: try await Self.identity(app, "centre"))
            let deadline = try #require(registered.record.deadline)
            // Just before the deadline: a warning, no escalation.
            clock.set(deadline.addingTimeInterval(-60))
            _ = try await app.services.events.sweep()
            var e = try await app.services.events.detail(id: id, for: try await Self.identity(app, "centre"))
            #expect(e.history.last?.action == .warn)
            #expect(e.record.escalationLevel == 0)
            // Past it: escalated to the town, on the supervision board and listed as overdue.
            clock.set(deadline.addingTimeInterval(3600))
            _ = try await app.services.events.sweep()
            e = try await app.services.events.detail(id: id, for: try await Self.identity(app, "centre"))
            #expect(e.history.last?.action == .escalate)
            #expect(e.record.escalationLevel >= 1)
            // A second sweep changes nothing more for the same level.
            let again = try await app.services.events.sweep()
            #expect(again == 0 || e.record.escalationLevel < 2)
            let c2 = try await app.login("centre")   // the clock jumped past the idle timeout
            let board = try app.json(try await app.get("/api/v1/events/boards/supervision?grid=\(grid)", token: c2))
            guard case .array(let items)? = board["items"] else { Issue.record("no items"); return }
            #expect(items.contains { $0["id"]?.stringValue == id && $0["overdue"] == .bool(true) })
            let overdue = try app.json(try await app.get("/api/v1/events?overdue=true&grid=\(grid)", token: c2))
            guard case .array(let list)? = overdue["items"] else { Issue.record("no list"); return }
            #expect(list.contains { $0["id"]?.stringValue == id })
        }
    }

    /// The list's search box: an event number typed in small letters finds it on both engines, and `%` and
    /// `_` are characters to find, not wildcards.
    @Test(arguments: TestEngines.all)
    func theEventSearchIgnoresLetterCaseAndTakesWildcardsLiterally(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let c = try await app.login("centre")
            let all = try app.json(try await app.get("/api/v1/events?limit=1", token: c))
            let id = try #require(first(all["items"] ?? .null)?["id"]?.stringValue)
            #expect(id.hasPrefix("SJ"))
            for q in [id, id.lowercased()] {
                let found = try app.json(try await app.get("/api/v1/events?q=\(q)", token: c))
                #expect(found["total"] == .int(1), "\(q)")
                #expect(first(found["items"] ?? .null)?["id"]?.stringValue == id, "\(q)")
            }
            for q in ["%25", "_", "SJ%25"] {
                let none = try app.json(try await app.get("/api/v1/events?q=\(q)", token: c))
                #expect(none["total"] == .int(0), "\(q)")
            }
        }
    }

    @Test(arguments: TestEngines.all)
    func kpisAgreeWithTheEventListAndOpen311(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let c = try await app.login("centre")
            let now = app.services.clock.now()
            let to = app.services.time.formatDay(now)
            let from = app.services.time.formatDay(now.addingTimeInterval(-150 * 86400))
            let town = "430212100"
            let k = try app.json(try await app.get("/api/v1/events/kpis?grid=\(town)&from=\(from)&to=\(to)", token: c))
            let reported = try #require(k["reported"].flatMap { if case .int(let n) = $0 { Int(n) } else { nil } })
            #expect(reported > 100)
            for kpi in ["reported", "closed", "closedOnTime", "reworked", "extended"] {
                let list = try app.json(try await app.get("/api/v1/events?grid=\(town)&from=\(from)&to=\(to)&kpi=\(kpi)&limit=1", token: c))
                #expect(list["total"] == k[kpi], "\(kpi): KPI \(String(describing: k[kpi])) vs list \(String(describing: list["total"]))")
            }
            // The inbox for a grid alone reads its stage counts from the kept per-grid table; with any
            // other filter it counts events. Both must agree, stage by stage.
            let inbox = try app.json(try await app.get("/api/v1/events?grid=\(town)&limit=5", token: c))
            let counted = try app.json(try await app.get("/api/v1/events?grid=\(town)&from=2000-01-01&to=\(to)&limit=5", token: c))
            #expect(inbox["total"] != nil && inbox["total"] == counted["total"])
            #expect(inbox["stageCounts"] != nil && inbox["stageCounts"] == counted["stageCounts"])
            for stage in ["closed", "handling", "registered"] {
                let one = try app.json(try await app.get("/api/v1/events?grid=\(town)&stage=\(stage)&limit=5", token: c))
                #expect(one["total"] == (counted["stageCounts"]?[stage] ?? .int(0)), "\(stage)")
            }
            // The demo's history looks like the district's: nearly all closed, a few late, reworked, extended.
            if case .double(let rate)? = k["closureRate"] { #expect(rate > 0.95 && rate < 1) }
            // A public category, checked category by category against Open311's requests.
            for category in ["0101", "0402"] {
                let kc = try app.json(try await app.get("/api/v1/events/kpis?grid=\(town)&from=\(from)&to=\(to)&category=\(category)", token: c))
                let open311 = try app.json(try await app.get(
                    "/open311/v2/requests.json?service_code=\(category)&start_date=\(from)&end_date=\(to)&grid=\(town)", token: nil))
                guard case .array(let requests) = open311 else { Issue.record("Open311 answered \(open311)"); continue }
                #expect(kc["reported"] == .int(Int64(requests.count)), "category \(category)")
                #expect(kc["closed"] == .int(Int64(requests.filter { $0["status"]?.stringValue == "closed" }.count)))
                // Nothing personal on the public interface.
                #expect(requests.allSatisfy { $0["reporter"] == nil && $0["phone"] == nil })
            }
            // Private categories (disputes, public order) are not Open311 services.
            let services = try app.json(try await app.get("/open311/v2/services.json", token: nil))
            guard case .array(let list) = services else { Issue.record("no services"); return }
            #expect(!list.contains { ($0["service_code"]?.stringValue ?? "").hasPrefix("07") || ($0["service_code"]?.stringValue ?? "").hasPrefix("09") })
        }
    }

    @Test(arguments: TestEngines.all)
    func open311AcceptsAReportWithAKeyAndAnswersErrorsAsTheSpecSays(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            try await app.services.events.addOpen311Key("kiosk-key", name: "test")
            let (_, _, _, point) = try await Self.workerAndPoint(app)
            let form = "api_key=kiosk-key&service_code=0101&lat=\(point.latitude)&long=\(point.longitude)&description=%E5%9E%83%E5%9C%BE&phone=13800138000"
            let created = try await app.client.send(.post, "/open311/v2/requests.json", body: Data(form.utf8),
                                                     contentType: "application/x-www-form-urlencoded")
            #expect(created.status == 201)
            let receipt = try app.json(created)
            let id = try #require(first(receipt)?["service_request_id"]?.stringValue)
            let fetched = try app.json(try await app.get("/open311/v2/requests/\(id).json", token: nil))
            #expect(first(fetched)?["status"]?.stringValue == "open")
            #expect(!String(decoding: try await app.get("/open311/v2/requests/\(id).xml", token: nil).body, as: UTF8.self).contains("13800138000"))

            let wrongKey = try await app.client.send(.post, "/open311/v2/requests.xml", body: Data(form.replacingOccurrences(of: "kiosk-key", with: "nope").utf8),
                                                      contentType: "application/x-www-form-urlencoded")
            #expect(wrongKey.status == 403)
            #expect(String(decoding: wrongKey.body, as: UTF8.self).contains("<errors><error><code>403</code>"))
            let unknown = try await app.get("/open311/v2/requests/SJ20990101-0001.json", token: nil)
            #expect(unknown.status == 404)
            #expect(first(try app.json(unknown))?["code"] == .int(404))
            let badDate = try await app.get("/open311/v2/requests.json?start_date=yesterday", token: nil)
            #expect(badDate.status == 400)
            #expect(try await app.get("/open311/v2/services/0701.json", token: nil).status == 404, "a private category is no service")
        }
    }

    func first(_ v: JSONValue) -> JSONValue? {
        if case .array(let a) = v { return a.first }
        return nil
    }

    static func identity(_ app: TestApp, _ username: String) async throws -> PinganAccess.Identity {
        let token = try await app.login(username)
        return try await app.services.sessions.authenticate(token: token)
    }
}

import PinganAccess
