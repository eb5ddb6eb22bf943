import PinganKernel
import Foundation
import Testing
@testable import PinganSignals

@Suite("Exact MAXBAND for one arterial")
struct MaxbandTests {
    /// The bands the solver reports are the bands its offsets really give (measured independently).
    @Test func reportedBandsAreRealised() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let p = RandomArterials.problem(&rng)
            let s = MaxbandSolver.solve(p)
            let measured = BandEvaluator.bands(p, offsets: s.offsets, choices: s.choices)
            #expect(measured.outbound >= s.outbound - 0.01, "outbound \(measured.outbound) < \(s.outbound)")
            #expect(measured.inbound >= s.inbound - 0.01, "inbound \(measured.inbound) < \(s.inbound)")
            let k = p.ratio
            if k < 1 { #expect(s.inbound >= k * s.outbound - 1e-6) }
            if k > 1 { #expect(s.inbound <= k * s.outbound + 1e-6) }
        }
    }

    /// On small arterials a brute-force search over whole-second offsets never beats the solver.
    @Test func bruteForceNeverBeatsSolver() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<12 {
            let p = RandomArterials.problem(&rng, nodes: 3)
            let s = MaxbandSolver.solve(p)
            let c = Int(p.cycle)
            var best = 0.0
            for c1 in 0..<p.nodes[1].count { for c2 in 0..<p.nodes[2].count {
                for o1 in 0..<c { for o2 in 0..<c {
                    for c0 in 0..<p.nodes[0].count {
                        let bands = BandEvaluator.progression(p, offsets: [0, Double(o1), Double(o2)], choices: [c0, c1, c2])
                        guard bands.outbound >= 0, bands.inbound >= 0 else { continue }
                        let k = p.ratio
                        // Respect the volume-ratio constraint the way MAXBAND does: trim the larger band.
                        var b = bands.outbound, bb = bands.inbound
                        if k < 1 { b = min(b, k > 0 ? bb / k : b) }
                        if k > 1 { bb = min(bb, k * b) }
                        best = max(best, b + k * bb)
                    }
                }}
            }}
            #expect(best <= s.objective + 0.01, "brute force \(best) > solver \(s.objective)")
            #expect(best >= s.objective - 2 * (1 + p.ratio) - 0.01, "solver \(s.objective) far above whole-second search \(best)")
        }
    }

    /// The solver's optimum equals scipy's MILP optimum (HiGHS) on 60 random arterials.
    @Test func matchesScipyMilp() throws {
        guard let venv = TestEnvironment.venv(for: "MAXBAND 与 scipy MILP 的交叉校验") else { return }
        var rng = SeededGenerator(seed: 2024)
        let problems = (0..<60).map { _ in RandomArterials.problem(&rng) }
        let input = try JSONEncoder().encode(problems)
        let result = try TestEnvironment.run(venv.appendingPathComponent("bin/python"),
                                             [TestEnvironment.scripts.appendingPathComponent("maxband_milp.py").path],
                                             input: input)
        #expect(result.status == 0, "maxband_milp.py failed: \(result.error)")
        guard result.status == 0 else { return }
        struct Answer: Decodable { let objective: Double?; let outbound: Double?; let inbound: Double?; let status: String }
        let answers = try JSONDecoder().decode([Answer].self, from: result.output)
        #expect(answers.count == problems.count)
        for (p, a) in zip(problems, answers) {
            let s = MaxbandSolver.solve(p)
            #expect(a.status == "optimal")
            guard let objective = a.objective else { continue }
            #expect(abs(s.objective - objective) <= 0.01, "Pingan \(s.objective) vs MILP \(objective) (n=\(p.nodes.count), k=\(p.ratio))")
            if let out = a.outbound, let inb = a.inbound, abs(p.ratio - 1) > 1e-9 {
                // With k ≠ 1 the optimal bands are unique unless the objective is flat along the ratio line.
                let sameObjective = abs((out + p.ratio * inb) - (s.outbound + p.ratio * s.inbound)) <= 0.01
                #expect(sameObjective)
            }
        }
    }
}
