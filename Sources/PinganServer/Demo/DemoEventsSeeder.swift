import Foundation
import PinganAccess
import PinganCases
import PinganGovernance
import PinganKernel
import PinganStorage

/// Writes the demo's grid-event history (≈ 8,900 events over five months at county scale, as
/// the district reports) with each step taken by the demo account that would take it.
struct DemoEventsSeeder {
    let services: PinganServices

    /// Unit grids with their worker and village centre, for the generator.
    static func units(nodes: [GridNode], workers: [GridStore.WorkerAssignment], scale: DemoSeeder.Scale) -> [DemoUnitGrid] {
        let governance = nodes.filter { $0.layer == .governance }
        let byCode = Dictionary(uniqueKeysWithValues: governance.map { ($0.code, $0) })
        let workerByGrid = Dictionary(workers.map { ($0.code, $0.worker) }, uniquingKeysWith: { a, _ in a })
        let firstTown = governance.filter { $0.level == 2 }.map(\.code).min()
        return governance.filter { $0.level == 5 }.compactMap { leaf in
            if scale == .small, let firstTown, !leaf.path.contains("/\(firstTown)/") { return nil }
            guard let worker = workerByGrid[leaf.code], let village = leaf.pathCodes.compactMap({ byCode[$0] }).first(where: { $0.level == 4 })
            else { return nil }
            return DemoUnitGrid(place: GridPlace(code: leaf.code, name: leaf.name, level: 5, path: leaf.path), box: leaf.boundary.boundingBox,
                                anchor: leaf.boundary.labelPoint, workerUsername: worker.username, workerName: worker.displayName,
                                centreUsername: "village-\(village.code)", centreName: "\(village.name)综治中心")
        }
    }

    /// Generates and writes `count` events over the `days` before `now`. Returns how many were written.
    func run(seed: UInt64, now: Date, days: Int, count: Int, units: [DemoUnitGrid], villageNames: [String: String]) async throws -> (events: Int, mediation: Int) {
        let reference = services.events.reference
        let grids = services.grids
        let history = DemoEventHistory(seed: seed, now: now, days: days, count: count, grids: units, categories: reference.categories,
                                       departments: reference.departments, calendar: reference.calendar, zone: services.time.zone,
                                       locate: { grids.locateLeaf($0) }).generate()
        let cases = DemoMediation.generate(seed: seed, now: now, events: history, villageNames: villageNames)
        try await services.database.write { db in
            try await EventStore.insertMany(history.map { ($0.record, $0.history) }, on: db)
            try await MediationStore.insertMany(cases, on: db)
            // Numbers continue after the demo's: today's first real report must not reuse SJyyyymmdd-0001.
            var last: [String: Int] = [:]
            for e in history {
                let parts = e.record.id.split(separator: "-")
                if parts.count == 2, let n = Int(parts[1]) { last[String(parts[0]), default: 0] = max(last[String(parts[0])] ?? 0, n) }
            }
            for c in cases {
                let parts = c.id.split(separator: "-")
                if parts.count == 2, let n = Int(parts[1]) { last[String(parts[0]), default: 0] = max(last[String(parts[0])] ?? 0, n) }
            }
            for (name, n) in last {
                try await db.raw("INSERT INTO case_counters (name, n) VALUES (\(bind: name), \(bind: n))").run()
            }
        }
        return (history.count, cases.count)
    }
}
