import Foundation
import HTTPTypes
import PinganAccess
import PinganCases
import PinganKernel
import PinganStorage

/// `pingan bench events`: the demo district's grid tree with ten years of events (100,000),
/// then the centre's inbox, the KPI query for any node and period, and a grid worker's report
/// POST, each through router, session, scope and audit. "Raw" runs the service's own
/// statements without HTTP, session or audit (the inbox and KPIs are checked identical first)
/// and, for reports, the inserts alone.
public struct EventsBenchmark: Sendable {
    public let iterations: Int
    public let events: Int
    public init(iterations: Int, events: Int = 100_000) {
        self.iterations = iterations
        self.events = events
    }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "events", runOn)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        try await BenchEngines.withServices(url) { services in
            let now = services.clock.now()
            _ = try await DemoSeeder(services: services).run(seed: 1, scale: .county, password: "bench-password", now: now,
                                                             events: (events, 3650), population: false)
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))
            let login = try await services.sessions.login(username: "centre", password: "bench-password", client: "bench")
            let identity = try await services.sessions.authenticate(token: login.token)
            var rng = SeededGenerator(seed: 11)

            // Varied inputs: every node of the tree, stages, periods from a week to ten years.
            let nodes: [String] = try await services.database.read { db in
                try await db.raw("SELECT code FROM grids WHERE layer = 'governance' AND valid_to IS NULL AND level <= 4 ORDER BY code").all()
                    .map { try $0.decode(column: "code", as: String.self) }
            }
            let stages: [EventStage?] = [nil, .registered, .dispatched, .handling, .verifying, .closed, .standing]
            let time = services.time
            func day(_ daysAgo: Int) -> String { time.formatDay(now.addingTimeInterval(-Double(daysAgo) * 86400)) }
            struct Query { var path: String; var filter: EventFilter }
            func inboxQuery() -> Query {
                var f = EventFilter()
                f.gridCode = nodes[Int(rng.next() % UInt64(nodes.count))]
                f.stage = stages[Int(rng.next() % UInt64(stages.count))]
                var path = "/api/v1/events?limit=50&grid=\(f.gridCode!)"
                if let s = f.stage { path += "&stage=\(s.rawValue)" }
                return Query(path: path, filter: f)
            }
            func kpiQuery() -> Query {
                var f = EventFilter()
                f.gridCode = nodes[Int(rng.next() % UInt64(nodes.count))]
                let span = [7, 30, 92, 153, 365, 3650][Int(rng.next() % 6)]
                let end = Int(rng.next() % 60)
                let (from, to) = (day(end + span), day(end))
                f.from = time.startOfDay(from)
                f.to = time.endOfDay(to)
                return Query(path: "/api/v1/events/kpis?grid=\(f.gridCode!)&from=\(from)&to=\(to)", filter: f)
            }
            let inbox = (0..<iterations).map { _ in inboxQuery() }
            let kpis = (0..<iterations).map { _ in kpiQuery() }

            // The API and the service's statements answer the same before anything is timed.
            for q in inbox.prefix(50) {
                let api = try JSONDecoder().decode(JSONValue.self, from: try await client.send(.get, q.path, token: login.token).body)
                let raw = try await services.events.list(q.filter, limit: 50, offset: 0, for: identity)
                guard case .array(let items)? = api["items"], items.compactMap({ $0["id"]?.stringValue }) == raw.items.map(\.id) else {
                    throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "事件列表 \(q.path) 的 API 结果与直接查询不一致")
                }
            }
            for q in kpis.prefix(50) {
                let api = try JSONDecoder().decode(JSONValue.self, from: try await client.send(.get, q.path, token: login.token).body)
                let raw = try await services.events.kpis(q.filter, for: identity)
                guard api["reported"] == .int(Int64(raw.reported)), api["closed"] == .int(Int64(raw.closed)) else {
                    throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "指标 \(q.path) 的 API 结果与直接查询不一致")
                }
            }

            for q in inbox.prefix(100) { _ = try await client.send(.get, q.path, token: login.token) }
            let inboxAPI = try await timeEach(iterations) { i in
                let reply = try await client.send(.get, inbox[i].path, token: login.token)
                precondition(reply.status == 200, "inbox \(reply.status)")
            }
            let inboxRaw = try await timeEach(iterations) { i in _ = try await services.events.list(inbox[i].filter, limit: 50, offset: 0, for: identity) }
            let kpiAPI = try await timeEach(iterations) { i in
                let reply = try await client.send(.get, kpis[i].path, token: login.token)
                precondition(reply.status == 200, "kpis \(reply.status)")
            }
            let kpiRaw = try await timeEach(iterations) { i in _ = try await services.events.kpis(kpis[i].filter, for: identity) }

            // Reports: grid workers at points inside their grids, each with one small photo.
            let points: [(String, GeoPoint)] = try await services.database.read { db in
                try await db.raw("SELECT grid_code, lat7, lng7 FROM events ORDER BY id LIMIT 2000").all().map {
                    ("grid-" + (try $0.decode(column: "grid_code", as: String.self)),
                     GeoPoint(lat7: try $0.decode(column: "lat7", as: Int64.self), lng7: try $0.decode(column: "lng7", as: Int64.self)))
                }
            }
            var tokens: [String: String] = [:]
            for (user, _) in points.prefix(200) where tokens[user] == nil {
                tokens[user] = try await services.sessions.login(username: user, password: "bench-password", client: "bench").token
            }
            let reporters = points.prefix(200).filter { tokens[$0.0] != nil }
            let photo = Self.tinyPNG
            let reportAPI = try await timeEach(iterations) { i in
                let (user, p) = reporters[i % reporters.count]
                var headers = HTTPFields()
                headers[HTTPField.Name("Idempotency-Key")!] = "bench-\(i)"
                let reply = try await client.send(.post, "/api/v1/events", token: tokens[user], body: Data("""
                    {"category":"0101","description":"基准测试上报","lat":\(p.latitude),"lng":\(p.longitude),"photos":[{"name":"p.png","data":"\(photo)"}]}
                    """.utf8), headers: headers)
                precondition(reply.status == 201, "report \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            }
            let reportRaw = try await timeEach(iterations) { i in
                let (_, p) = reporters[i % reporters.count]
                var e = EventRecord(id: "RAW-\(i)", categoryCode: "0101", severity: .normal, channel: .grid, description: "基准测试上报",
                                    address: nil, point: p, gridCode: "raw", gridPath: "/raw/", reporterUsername: "bench", reporterName: "bench",
                                    reporterPhone: nil, reportedAt: now, limitMinutes: 960)
                e.historyCount = 1
                let entry = EventHistoryEntry(seq: 1, at: now, action: .report, actorUsername: "bench", actorName: "bench", actorRole: "grid-worker",
                                              fromStage: nil, toStage: .received, note: "基准测试上报")
                let record = e
                try await services.database.write { db in
                    try await EventStore.insert(record, on: db)
                    try await EventStore.appendHistory(entry, eventID: record.id, on: db)
                }
            }
            let total = try await services.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM events").first()!.decode(column: "n", as: Int.self) }
            func figures(_ api: (samples: [Double], wall: Double), _ raw: (samples: [Double], wall: Double)) -> JSONValue {
                let a = BenchStatistics(samples: api.samples, wall: api.wall), r = BenchStatistics(samples: raw.samples, wall: raw.wall)
                return .object([
                    "p50_ms": .double(BenchStatistics.round(a.p50)), "p99_ms": .double(BenchStatistics.round(a.p99)),
                    "per_second": .double(BenchStatistics.round(a.perSecond, 1)),
                    "raw_p50_ms": .double(BenchStatistics.round(r.p50)), "raw_p99_ms": .double(BenchStatistics.round(r.p99)),
                    "raw_per_second": .double(BenchStatistics.round(r.perSecond, 1)),
                ])
            }
            let ops: [String: JSONValue] = ["inbox": figures(inboxAPI, inboxRaw), "kpis": figures(kpiAPI, kpiRaw), "report": figures(reportAPI, reportRaw)]
            let worst = [inboxAPI, kpiAPI, reportAPI].map { BenchStatistics(samples: $0.samples, wall: $0.wall).p99 }.max() ?? 0
            return [
                "engine": .string(url.engine.rawValue), "events": .int(Int64(events)), "events_after": .int(Int64(total)),
                "reads": .int(Int64(iterations * 2)), "writes": .int(Int64(iterations)),
                "p99_ms": .double(BenchStatistics.round(worst)), "operations": .object(ops),
            ]
        }
    }

    /// A 1×1 PNG, base64.
    static let tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
}
