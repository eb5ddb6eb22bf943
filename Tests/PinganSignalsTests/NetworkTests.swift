import Foundation
import Testing
@testable import PinganSignals

@Suite("Demo network, network green waves, periods, bench")
struct NetworkTests {
    @Test func demoNetworkHas7ArterialsAnd66Intersections() throws {
        let city = DemoSignalNetwork.generate(seed: 9)
        #expect(city.periods.map(\.period) == DayPeriod.allCases)
        for pn in city.periods {
            let ids = Set(pn.network.intersections.map(\.id))
            #expect(ids.count == 66)
            #expect(pn.network.arterials.count == 7)
            #expect(Set(pn.network.arterials.flatMap(\.intersectionIds)) == ids)
            for a in pn.network.arterials { #expect(SignalsValidation.problems(in: a).isEmpty) }
        }
        // Same seed, same city; another seed, other volumes.
        #expect(DemoSignalNetwork.generate(seed: 9) == city)
        #expect(DemoSignalNetwork.generate(seed: 10) != city)
        // Peaks carry more traffic than the night.
        func total(_ p: DayPeriod) -> Double {
            city.network(p)!.intersections.flatMap(\.approaches).flatMap(\.movements).reduce(0) { $0 + $1.volume }
        }
        #expect(total(.morningPeak) > 2 * total(.night))
    }

    /// Shared intersections get one offset, every arterial's bands are real under it, and the network's objective
    /// never exceeds its bound (the arterials' separate optima).
    @Test func networkPlanIsConsistentAndBounded() throws {
        let city = DemoSignalNetwork.generate(seed: 4)
        let net = try #require(city.network(.morningPeak))
        let plan = try NetworkOptimizer.optimize(net)
        #expect(plan.timings.count == 66)
        #expect(plan.objective <= plan.bound + 1e-6)
        #expect(plan.gap >= -1e-6)
        #expect(plan.objective > 0.5 * plan.bound, "objective \(plan.objective) bound \(plan.bound)")
        for r in plan.arterials { #expect(r.objective <= r.bound + 0.01, "\(r.arterialId) \(r.objective) > \(r.bound)") }
        for t in plan.timings.values { #expect(t.offset >= 0 && t.offset < plan.cycle) }
        // Each arterial's bound is its exact optimum alone: re-solving it independently gives the same number.
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (a, r) in zip(net.arterials, plan.arterials) {
            let d = try ArterialOptimizer.demands(a, byId)
            let ts = a.intersectionIds.map { plan.timings[$0]! }
            #expect(d.count == ts.count)
            #expect(r.efficiency >= 0 && r.efficiency <= 1)
        }
    }

    /// Per-period plans switch by the schedule and differ where the volumes differ.
    @Test func aPlanPerPeriod() throws {
        let city = DemoSignalNetwork.generate(seed: 2)
        var cycles: [DayPeriod: Double] = [:]
        for pn in city.periods {
            let byId = Dictionary(pn.network.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let plan = try ArterialOptimizer.optimize(pn.network.arterials[0], intersections: byId)
            for p in plan.plans { #expect(SignalsValidation.problems(in: p).isEmpty) }
            cycles[pn.period] = plan.cycle
        }
        #expect(cycles[.night]! <= cycles[.morningPeak]!)
    }

    /// The refinement keeps the green wave: its bands stay within the tolerance of the exact optimum.
    @Test func refinedPlansKeepTheirBands() throws {
        let city = DemoSignalNetwork.generate(seed: 3)
        let net = try #require(city.network(.eveningPeak))
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for a in net.arterials {
            let plan = try ArterialOptimizer.optimize(a, intersections: byId)
            let achieved = NetworkOptimizer.ratioTrimmed(plan.report.outbound, plan.report.inbound, plan.problem.ratio)
            // Rounding offsets to whole seconds can cost up to a second per direction.
            #expect(achieved >= DelayRefinement.bandTolerance * plan.optimum.objective - (1 + plan.problem.ratio) - 1e-6,
                    "\(a.id): \(achieved) vs optimum \(plan.optimum.objective)")
            #expect(plan.report.efficiency <= 1)
            #expect(plan.report.diagram.nodes.count == a.intersectionIds.count)
        }
    }

    @Test func benchPrintsOneJsonObject() throws {
        let text = try SignalsBenchmark.run(rounds: 1, networkRuns: 1)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let json = try #require(object)
        for key in ["p99_ms", "p50_ms", "network_ms", "gap_to_optimum_s", "intersections"] {
            #expect(json[key] is NSNumber, "missing \(key)")
        }
        #expect((json["intersections"] as? NSNumber)?.intValue == 66)
        #expect(((json["gap_to_optimum_s"] as? NSNumber)?.doubleValue ?? -1) >= 0)
    }
}
