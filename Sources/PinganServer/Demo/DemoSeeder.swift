import Foundation
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganStorage
import Synchronization

/// Fills an empty database with the demo county: the grid trees of both layers, the demo
/// accounts (one shared password hash, computed once), and grid workers. Deterministic for a
/// given seed and `now`.
public struct DemoSeeder: Sendable {
    public enum Scale: String, Sendable, CaseIterable {
        case county, small
    }

    public struct Summary: Sendable {
        public var grids: [Int: Int]
        public var policeGrids: Int
        public var accounts: Int
        public var sampleAccounts: [String]
        public var people: Int
        public var households: Int
        public var houses: Int
        public var organisations: Int
        public var specialGroupTags: Int
        public var events: Int
        public var mediationCases: Int
        public var signalIntersections: Int
        public var signalArterials: Int
    }

    let services: PinganServices

    public init(services: PinganServices) { self.services = services }

    /// Layouts are pure functions of the seed; tests seed many databases in one process.
    private static let layouts = Mutex<[UInt64: DemoCountyLayout]>([:])

    static func layout(seed: UInt64) -> DemoCountyLayout {
        if let cached = layouts.withLock({ $0[seed] }) { return cached }
        let made = DemoCountyLayout.generate(seed: seed)
        layouts.withLock { $0[seed] = made }
        return made
    }

    /// `events` overrides the event history's size and span (the events benchmark asks for ten
    /// years); `population: false` skips the base data (benchmarks that do not read it).
    public func run(seed: UInt64, scale: Scale, password: String, now: Date, events eventHistory: (count: Int, days: Int)? = nil,
                    population withPopulation: Bool = true) async throws -> Summary {
        let existing = try await services.grids.store.count(layer: .governance, at: now)
        guard existing == 0 else {
            throw Problem.conflict("数据库中已有网格数据（\(existing) 个），演示数据只写入空库。")
        }
        let layout = Self.layout(seed: seed)
        // The tree has been in force for a year before `now`, so "as of last month" queries work.
        let validFrom = now.addingTimeInterval(-366 * 86400)
        var paths: [String: String] = [:]
        var nodes: [GridNode] = []
        for spec in layout.grids {
            guard let layer = GridLayer(rawValue: spec.layer) else { continue }
            let key = spec.layer + ":"
            let path = GridNode.childPath(parentPath: spec.parentCode.flatMap { paths[key + $0] }, code: spec.code)
            paths[key + spec.code] = path
            nodes.append(GridNode(layer: layer, code: spec.code, name: spec.name, level: spec.level, parentCode: spec.parentCode,
                                  path: path, boundary: spec.boundary, validFrom: validFrom))
        }
        let accounts = DemoAccounts.make(nodes: nodes, seed: seed)
        let hash = try await services.hasher.hash(password)
        let workerAssignments = accounts.workers
        let gridNodes = nodes
        try await services.database.write { db in
            try await GridStore.insert(gridNodes, on: db)
            try await GridStore.assignWorkers(workerAssignments, from: validFrom, on: db)
        }
        try await services.users.createMany(accounts.users, passwordHash: hash, at: now)
        try await services.importSources.seed(DemoAccounts.importSources)
        try await services.grids.rebuildIndexes()
        let workers = Dictionary(accounts.workers.map { ($0.code, $0.worker.username) }, uniquingKeysWith: { a, _ in a })
        let population = withPopulation
            ? try await DemoPopulationSeeder(services: services).run(seed: seed, scale: scale, now: now, nodes: gridNodes, workers: workers)
            : DemoPopulationSeeder.Counts()
        // Five months of grid events: 8,900 at county scale as the district reports, in proportion for one town.
        let units = DemoEventsSeeder.units(nodes: gridNodes, workers: accounts.workers, scale: scale)
        let eventCount = eventHistory?.count ?? (scale == .county ? 8_900 : max(200, 8_900 * units.count / 260 / 3))
        let villageNames = Dictionary(gridNodes.filter { $0.layer == .governance && $0.level == 4 }.map { ($0.code, $0.name) },
                                      uniquingKeysWith: { a, _ in a })
        let (events, mediationCases) = try await DemoEventsSeeder(services: services).run(seed: seed, now: now, days: eventHistory?.days ?? 153, count: eventCount,
                                                                                          units: units, villageNames: villageNames)
        let signals = try await DemoSignalsSeeder(services: services).run(seed: seed, now: now)
        try await services.database.refreshStatistics(changedRows: population.people + events, vacuum: true)
        var counts: [Int: Int] = [:]
        for n in nodes where n.layer == .governance { counts[n.level, default: 0] += 1 }
        try await services.audit.recordAndWait(AuditEntry(
            at: now, username: "system", action: "demo.create", target: "database", client: "cli",
            detail: ["seed": .int(Int64(bitPattern: seed)), "scale": .string(scale.rawValue), "grids": .int(Int64(nodes.count)),
                     "accounts": .int(Int64(accounts.users.count)),
                     "people": .int(Int64(population.people)), "households": .int(Int64(population.households)),
                     "houses": .int(Int64(population.houses)), "organisations": .int(Int64(population.organisations)),
                     "events": .int(Int64(events)), "mediationCases": .int(Int64(mediationCases)),
                     "signalIntersections": .int(Int64(signals.intersections))]))
        return Summary(grids: counts, policeGrids: nodes.filter { $0.layer == .police }.count, accounts: accounts.users.count,
                       sampleAccounts: accounts.users.prefix(12).map(\.username), people: population.people,
                       households: population.households, houses: population.houses, organisations: population.organisations,
                       specialGroupTags: population.tags, events: events, mediationCases: mediationCases,
                       signalIntersections: signals.intersections, signalArterials: signals.arterials)
    }
}
