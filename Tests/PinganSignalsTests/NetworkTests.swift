import PinganKernel
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
    /// is the proven optimum (bound equal), itself no more than the arterials' separate optima.
    @Test func networkPlanIsConsistentAndBounded() throws {
        let city = DemoSignalNetwork.generate(seed: 4)
        let net = try #require(city.network(.morningPeak))
        let plan = try NetworkOptimizer.optimize(net)
        #expect(plan.timings.count == 66)
        #expect(plan.objective <= plan.bound + 1e-6)
        #expect(plan.gap >= -1e-6)
        // Solved exactly: the bound is the program's optimum, no more than the arterials' separate optima.
        #expect(plan.gap <= 1e-6, "gap \(plan.gap) after \(plan.nodes) nodes")
        #expect(plan.bound <= zip(plan.arterials, try NetworkMaxbandTests.demoProgram(seed: 4, .morningPeak).arterials)
            .reduce(0) { $0 + $1.1.weight * $1.0.bound } + 1e-6)
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
        #expect(((json["gap_to_optimum_s"] as? NSNumber)?.doubleValue ?? 1) <= 0.001)
    }
}

@Suite("Exact network MAXBAND")
struct NetworkMaxbandTests {
    static func demoProgram(seed: UInt64, _ period: DayPeriod) throws -> NetworkProblem {
        let net = try #require(DemoSignalNetwork.generate(seed: seed).network(period))
        return try NetworkOptimizer.build(net, cycle: nil, options: ArterialOptions(refine: false)).program
    }

    /// The network optimum equals scipy's MILP optimum (HiGHS) on random grids of arterials with loops, on a 2×2
    /// part of the demo city and on the whole demo morning peak; where HiGHS finds the program infeasible, so does
    /// the branch and bound.
    @Test func matchesScipyMilp() throws {
        guard let venv = TestEnvironment.venv(for: "路网 MAXBAND 与 scipy MILP 的交叉校验") else { return }
        var rng = SeededGenerator(seed: 7)
        var programs = (0..<9).map { _ in RandomNetworks.program(&rng) }
        let demo = try Self.demoProgram(seed: 1, .morningPeak)
        programs.append(NetworkProblem(cycle: demo.cycle, intersectionCount: demo.intersectionCount,
                                       arterials: [0, 1, 4, 5].map { demo.arterials[$0] }))
        programs.append(demo)
        programs.append(try Self.demoProgram(seed: 1, .offPeak))
        let result = try TestEnvironment.run(venv.appendingPathComponent("bin/python"),
                                             [TestEnvironment.scripts.appendingPathComponent("network_milp.py").path],
                                             input: try JSONEncoder().encode(programs))
        #expect(result.status == 0, "network_milp.py failed: \(result.error)")
        guard result.status == 0 else { return }
        struct Answer: Decodable { let objective: Double?; let status: String }
        let answers = try JSONDecoder().decode([Answer].self, from: result.output)
        #expect(answers.count == programs.count)
        var binding = 0, infeasible = 0
        for (n, (p, a)) in zip(programs, answers).enumerated() {
            let s = NetworkBranchAndBound.solve(p, incumbent: nil)
            guard let optimum = a.objective, a.status == "optimal" else {
                #expect(a.status.contains("infeasible"), "program \(n): HiGHS \(a.status)")
                #expect(s.objective == -.infinity && s.bound == -.infinity, "program \(n): Pingan found \(s.objective), HiGHS none")
                infeasible += 1
                continue
            }
            #expect(abs(s.objective - optimum) <= 1e-3, "program \(n): Pingan \(s.objective) vs MILP \(optimum)")
            #expect(s.bound - s.objective <= 1e-6, "program \(n): not proven (bound \(s.bound))")
            // The objective is what the offsets give, measured independently of the solver.
            let measured = p.objective(offsets: s.offsets, choices: s.choices)
            #expect(abs((measured ?? -1) - s.objective) <= 1e-9)
            let separate = p.arterials.reduce(0.0) { $0 + $1.weight * MaxbandSolver.solve($1.problem).objective }
            #expect(s.objective <= separate + 1e-6)
            if s.objective < separate - 0.1 { binding += 1 }
        }
        // Loops must bind on several programs, or the comparison would not test the coupling.
        #expect(binding >= 3, "only \(binding) programs where loops cost bandwidth")
        #expect(infeasible == 1)
    }

    /// A network without loops reaches the sum of its arterials' separate optima.
    @Test func treeReachesSeparateOptima() throws {
        var rng = SeededGenerator(seed: 3)
        let grid = RandomNetworks.program(&rng, rows: 2, columns: 1)
        let s = NetworkBranchAndBound.solve(grid, incumbent: nil)
        let separate = grid.arterials.reduce(0.0) { $0 + $1.weight * MaxbandSolver.solve($1.problem).objective }
        #expect(abs(s.objective - separate) <= 1e-6, "\(s.objective) vs \(separate)")
        #expect(s.bound - s.objective <= 1e-6)
    }
}
