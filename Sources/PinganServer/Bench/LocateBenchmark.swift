import Foundation
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganStorage
import SQLKit

/// `pingan bench locate`: point → unit grid over a tree of 5,041 unit grids, through the
/// whole request path (router, session, scope, JSON). "Raw" is the spatial index lookup plus
/// one indexed SELECT of the same row.
public struct LocateBenchmark: Sendable {
    public let iterations: Int
    public init(iterations: Int) { self.iterations = iterations }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "locate", runOn)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        try await BenchEngines.withServices(url) { services in
            let fixture = LatticeTiling(side: 71)
            if try await services.grids.store.count(layer: .governance, at: services.clock.now()) == 0 {
                let nodes = fixture.nodes(validFrom: services.clock.now().addingTimeInterval(-86400))
                try await services.database.write { db in try await GridStore.insert(nodes, on: db) }
            }
            try await services.grids.rebuildIndexes()
            let root = Scope.Root(layer: "governance", code: LatticeTiling.district, path: "/\(LatticeTiling.district)/")
            let username = "bench-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await services.users.create(NewUser(username: username, displayName: "基准", role: .districtOperator,
                                                        scope: Scope(roots: [root])),
                                                passwordHash: try await services.hasher.hash("bench-password"), at: services.clock.now())
            let login = try await services.sessions.login(username: username, password: "bench-password", client: "bench")
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))

            var rng = SeededGenerator(seed: 42)
            let points = (0..<iterations).map { _ in fixture.randomInteriorPoint(&rng) }
            let paths = points.map { "/api/v1/grids/locate?lat=\(String(format: "%.7f", $0.latitude))&lng=\(String(format: "%.7f", $0.longitude))" }

            // Both paths must find the same grid before anything is timed.
            for (i, p) in points.prefix(200).enumerated() {
                let reply = try await client.send(.get, paths[i], token: login.token)
                let api = try JSONDecoder().decode(JSONValue.self, from: reply.body)["code"]?.stringValue
                let raw = try await rawLocate(services, p)
                guard reply.status == 200, api == raw, api != nil else {
                    throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "API 与直接查询结果不一致：\(api ?? "nil") vs \(raw ?? "nil")")
                }
            }
            for i in 0..<min(1000, iterations) { _ = try await client.send(.get, paths[i], token: login.token) }
            let api = try await timeEach(iterations) { i in
                let reply = try await client.send(.get, paths[i], token: login.token)
                precondition(reply.status == 200)
            }
            let raw = try await timeEach(iterations) { i in _ = try await rawLocate(services, points[i]) }
            let a = BenchStatistics(samples: api.samples, wall: api.wall)
            let r = BenchStatistics(samples: raw.samples, wall: raw.wall)
            return [
                "engine": .string(url.engine.rawValue),
                "grids": .int(Int64(fixture.side * fixture.side)),
                "reads": .int(Int64(iterations)),
                "p50_ms": .double(BenchStatistics.round(a.p50)), "p99_ms": .double(BenchStatistics.round(a.p99)),
                "per_second": .double(BenchStatistics.round(a.perSecond, 1)),
                "raw_p50_ms": .double(BenchStatistics.round(r.p50)), "raw_p99_ms": .double(BenchStatistics.round(r.p99)),
                "raw_per_second": .double(BenchStatistics.round(r.perSecond, 1)),
            ]
        }
    }

    func rawLocate(_ services: PinganServices, _ p: GeoPoint) async throws -> String? {
        guard let code = services.grids.locateLeaf(p) else { return nil }
        return try await services.database.read { db in
            try await db.raw("SELECT code FROM grids WHERE layer = 'governance' AND code = \(bind: code) AND valid_to IS NULL")
                .first()?.decode(column: "code", as: String.self)
        }
    }
}
