import Foundation
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganSignals
import PinganStorage

/// Writes the demo signal network: DemoSignalNetwork's 66 intersections and 7 arterials (already in WGS 84,
/// around the county's central town at 27.702 N, 113.1427 E), each intersection located in its unit grid,
/// volumes of the four periods, and the plans they run before coordination (Webster splits at the network's
/// common cycle, all offsets 0) so that "current vs optimized" shows what coordination gains. The evaluation
/// it records is the measured one of scripts/signals/RESULTS.md.
struct DemoSignalsSeeder {
    let services: PinganServices

    struct Counts { var intersections = 0, arterials = 0, plans = 0 }

    func run(seed: UInt64, now: Date) async throws -> Counts {
        let city = DemoSignalNetwork.generate(seed: seed)
        guard let base = city.periods.first?.network else { return Counts() }
        let located = base.intersections.map { x in
            (x, services.grids.locateLeaf(GeoPoint(latitude: x.position.y, longitude: x.position.x)))
        }
        let leaves = try await services.grids.store.summaries(layer: .governance, codes: Array(Set(located.compactMap(\.1))), at: now)
        let paths = Dictionary(leaves.map { ($0.code, $0.path) }, uniquingKeysWith: { a, _ in a })
        var sites: [StoredIntersection] = []
        for (x, code) in located {
            guard let code, let path = paths[code] else {
                throw Problem(status: 500, kind: "demo", title: "演示数据", detail: "信号路口 \(x.id) 不在任何单元网格内。")
            }
            var located = x
            located.gridCode = code
            sites.append(StoredIntersection(intersection: located, gridPath: path))
        }
        let plans = try city.periods.map { p in (p.period, try UncoordinatedPlans.webster(p.network)) }
        let at = now.epochMillis
        let toWrite = sites
        try await services.database.write { db in
            try await SignalStore.insertIntersections(toWrite, on: db)
            for p in city.periods { try await SignalStore.insertVolumes(p.period, p.network.intersections, on: db) }
            try await SignalStore.insertArterials(base.arterials, on: db)
            try await SignalStore.insertPlans(plans.flatMap { period, list in list.map { ($0.plan, period, Optional($0.arterialId)) } },
                                              source: "demo", by: "system", at: at, on: db)
            if let evaluation = DemoSignalsEvaluation.record() {
                try await SignalStore.insertEvaluation(id: "demo-\(seed)", body: try SignalStore.encoded(evaluation),
                                                       by: "system", at: at, on: db)
            }
        }
        return Counts(intersections: sites.count, arterials: base.arterials.count, plans: plans.reduce(0) { $0 + $1.1.count })
    }
}
