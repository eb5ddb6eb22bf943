// `pingan bench signals --json`: optimiser timings on the demo network.
import Foundation

/// The signals benchmark.
public enum SignalsBenchmark {
    /// Runs the benchmark; returns one JSON object with `p50_ms`, `p99_ms` (12-intersection arterial, full
    /// optimisation), `network_ms` (66-intersection network, solved exactly), `gap_to_optimum_s` (proven upper bound
    /// of the network MAXBAND program minus the plan's objective; 0 when solved) and `intersections`.
    public static func run() throws -> String { try run(rounds: 12, networkRuns: 5) }

    /// The benchmark with fewer repetitions (tests use this).
    static func run(rounds: Int, networkRuns: Int) throws -> String {
        let city = DemoSignalNetwork.generate(seed: 1)
        var arterialTimes: [Double] = []
        var inputs: [(Arterial, [String: Intersection])] = []
        for pn in city.periods {
            let byId = Dictionary(pn.network.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for a in pn.network.arterials where a.intersectionIds.count == 12 { inputs.append((a, byId)) }
        }
        // Warm up, then time each 12-intersection arterial of every period repeatedly.
        _ = try ArterialOptimizer.optimize(inputs[0].0, intersections: inputs[0].1)
        for round in 0...rounds {
            for (a, byId) in inputs {
                let start = ContinuousClock.now
                _ = try ArterialOptimizer.optimize(a, intersections: byId)
                if round > 0 { arterialTimes.append(milliseconds(ContinuousClock.now - start)) }
            }
        }
        arterialTimes.sort()
        guard let morning = city.network(.morningPeak) else { throw SignalsError("基准", "演示路网缺少早高峰") }
        _ = try NetworkOptimizer.optimize(morning)
        var networkTimes: [Double] = []
        var plan: NetworkPlan?
        for _ in 0..<max(networkRuns, 1) {
            let start = ContinuousClock.now
            plan = try NetworkOptimizer.optimize(morning)
            networkTimes.append(milliseconds(ContinuousClock.now - start))
        }
        networkTimes.sort()
        let p = plan!
        let fields: [(String, String)] = [
            ("p50_ms", decimal(percentile(arterialTimes, 0.5))), ("p99_ms", decimal(percentile(arterialTimes, 0.99))),
            ("runs", String(arterialTimes.count)), ("network_ms", decimal(networkTimes[networkTimes.count / 2])),
            ("gap_to_optimum_s", decimal(p.gap)), ("network_objective_s", decimal(p.objective)),
            ("network_bound_s", decimal(p.bound)), ("network_nodes", String(p.nodes)),
            ("intersections", String(morning.intersections.count)),
            ("arterials", String(morning.arterials.count)),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded(.up)))]
    }

    static func decimal(_ x: Double) -> String { String(format: "%.3f", x) }
}
