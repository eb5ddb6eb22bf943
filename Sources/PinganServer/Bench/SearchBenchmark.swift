import Foundation
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganStorage
import SQLKit

/// `pingan bench search`: the search box at demo (county) scale as the district centre uses it,
/// through router, session, scope, masking and audit. "Raw" runs the same statements straight
/// on the database (no HTTP, auth, masking or audit); both must return the same ids first.
public struct SearchBenchmark: Sendable {
    public let iterations: Int
    public init(iterations: Int) { self.iterations = iterations }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "search", runOn)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        try await BenchEngines.withServices(url) { services in
            let now = services.clock.now()
            if try await services.grids.store.count(layer: .governance, at: now) == 0 {
                _ = try await DemoSeeder(services: services).run(seed: 1, scale: .county, password: "bench-password", now: now)
            }
            let login = try await services.sessions.login(username: "centre", password: "bench-password", client: "bench")
            let identity = try await services.sessions.authenticate(token: login.token)
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))

            // Varied queries as the centre types them: people's names (2–3 characters), village and
            // grid names, road names from addresses.
            let samples: [String] = try await services.database.read { db in
                var out: [String] = []
                for r in try await db.raw("SELECT name FROM people ORDER BY id LIMIT 400").all() { out.append(try r.decode(column: "name", as: String.self)) }
                for r in try await db.raw("SELECT name FROM grids WHERE layer = 'governance' AND level >= 4").all() { out.append(try r.decode(column: "name", as: String.self)) }
                for r in try await db.raw("SELECT address FROM houses ORDER BY id LIMIT 400").all() {
                    let a = Array(try r.decode(column: "address", as: String.self))
                    if a.count > 8 { out.append(String(a[(a.count - 8)..<(a.count - 4)])) }
                }
                return out
            }
            var rng = SeededGenerator(seed: 7)
            let queries = (0..<iterations).map { _ in samples[Int(rng.next() % UInt64(samples.count))] }
            let search = BaseDataSearch(database: services.database, clock: services.clock)
            func path(_ q: String) -> String { "/api/v1/search?q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

            for q in queries.prefix(100) {
                let api = try JSONDecoder().decode(JSONValue.self, from: try await client.send(.get, path(q), token: login.token).body)
                let raw = try await search.search(q, limit: 20, for: identity)
                let apiIDs = Self.ids(api)
                let rawIDs = raw.flatMap { g in g.items.map { "\(g.kind):\($0.id)" } }
                guard apiIDs == rawIDs else {
                    throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "查询“\(q)”的 API 结果与直接查询不一致")
                }
            }
            for q in queries.prefix(200) { _ = try await client.send(.get, path(q), token: login.token) }
            let api = try await timeEach(iterations) { i in
                let reply = try await client.send(.get, path(queries[i]), token: login.token)
                precondition(reply.status == 200)
            }
            let raw = try await timeEach(iterations) { i in _ = try await search.search(queries[i], limit: 20, for: identity) }
            let people = try await services.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM people").first()!.decode(column: "n", as: Int.self) }
            let a = BenchStatistics(samples: api.samples, wall: api.wall)
            let r = BenchStatistics(samples: raw.samples, wall: raw.wall)
            return [
                "engine": .string(url.engine.rawValue), "people": .int(Int64(people)), "reads": .int(Int64(iterations)),
                "p50_ms": .double(BenchStatistics.round(a.p50)), "p99_ms": .double(BenchStatistics.round(a.p99)),
                "per_second": .double(BenchStatistics.round(a.perSecond, 1)),
                "raw_p50_ms": .double(BenchStatistics.round(r.p50)), "raw_p99_ms": .double(BenchStatistics.round(r.p99)),
                "raw_per_second": .double(BenchStatistics.round(r.perSecond, 1)),
            ]
        }
    }

    static func ids(_ json: JSONValue) -> [String] {
        guard case .array(let groups)? = json["groups"] else { return [] }
        return groups.flatMap { g -> [String] in
            guard case .array(let items)? = g["items"], let kind = g["kind"]?.stringValue else { return [] }
            return items.compactMap { $0["id"]?.stringValue.map { "\(kind):\($0)" } }
        }
    }
}

import Logging
