// Green waves on a network of arterials that share intersections. A shared intersection has one offset, so the
// offsets of crossing arterials must agree around every loop. At the common cycle and Webster's splits, the
// arterial that reaches an intersection first by volume keeps its through windows there and the others use the
// cross window; that fixes the network MAXBAND program (NetworkProblem), which NetworkBranchAndBound solves
// exactly. The issue asks for the bands of the MILP itself, and a sum of per-arterial optima is only a bound
// (it is reached when the loops leave room, as on the demo city, and missed by several seconds when they bind),
// so the plan reports the proven optimum and its bound, equal when solved.

/// Intersections and the arterials through them.
public struct SignalNetwork: Sendable, Codable, Hashable {
    public var intersections: [Intersection]
    public var arterials: [Arterial]
    /// Creates a network.
    public init(intersections: [Intersection], arterials: [Arterial]) {
        self.intersections = intersections; self.arterials = arterials
    }
}

/// Bands of one arterial inside a network plan.
public struct NetworkArterialResult: Sendable, Codable, Hashable {
    public var arterialId: String
    public var outbound: Double
    public var inbound: Double
    /// Weighted objective b + k·b̄ achieved in the network.
    public var objective: Double
    /// The arterial's optimum on its own (an upper bound for it).
    public var bound: Double
    public var efficiency: Double
}

/// A coordinated plan of a network.
public struct NetworkPlan: Sendable, Codable, Hashable {
    public var cycle: Double
    public var timings: [String: NodeTiming]
    public var arterials: [NetworkArterialResult]
    /// Σ volume-weighted objectives b + k·b̄ of the coordinated arterials, s.
    public var objective: Double
    /// Proven upper bound of the network program over the coordinated arterials, s (equal to objective once
    /// solved; above it only if the branch-and-bound budget ran out).
    public var bound: Double
    /// Branch-and-bound nodes the exact solve evaluated.
    public var nodes: Int
    /// Arterials left out because no plan gives every arterial a progression line around the loops (lightest
    /// first); their offsets follow the others and their bands are only measured.
    public var uncoordinated: [String]
    /// bound − objective, s.
    public var gap: Double { bound - objective }
}

/// Optimises a network of arterials.
public enum NetworkOptimizer {

    /// The network program of the timings Webster gives every intersection at the common cycle.
    struct Built {
        var program: NetworkProblem
        var ids: [String]
        var primaryOf: [String: Int]
        var timings: [String: NodeTiming]
    }

    static func build(_ net: SignalNetwork, cycle fixedCycle: Double?, options: ArterialOptions) throws -> Built {
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Heaviest arterial first; it is primary (its group runs first) at every intersection it reaches first.
        let demands = try net.arterials.map { try ArterialOptimizer.demands($0, byId) }
        let volume = demands.map { $0.reduce(0) { $0 + $1.outboundVolume + $1.inboundVolume } }
        let order = net.arterials.indices.sorted { volume[$0] > volume[$1] }
        let primaryOf = primary(net.arterials, order: order)
        var primaryDemand: [String: NodeDemand] = [:]
        for a in order { for (k, id) in net.arterials[a].intersectionIds.enumerated() where primaryOf[id] == a {
            primaryDemand[id] = demands[a][k]
        } }
        let cycle = try fixedCycle ?? Webster.commonCycle(Array(primaryDemand.values), options.clearances)
        var timings: [String: NodeTiming] = [:]
        for (id, d) in primaryDemand { timings[id] = ArterialOptimizer.wholeSeconds(try Webster.timing(d, cycle: cycle, options.clearances)) }

        // Each arterial's problem: its own windows where it is primary, the cross window where it is not.
        var ids: [String] = []
        var index: [String: Int] = [:]
        for art in net.arterials { for id in art.intersectionIds where index[id] == nil { index[id] = ids.count; ids.append(id) } }
        let weight = volume.map { $0 / max(volume.max() ?? 1, 1) }
        var arterials: [NetworkProblemArterial] = []
        for a in net.arterials.indices {
            let art = net.arterials[a]
            let ts = art.intersectionIds.map { timings[$0]! }
            var p = ArterialOptimizer.problem(art, demands[a], ts, options)
            for (k, id) in art.intersectionIds.enumerated() where primaryOf[id] != a {
                let w = ts[k].crossWindow
                // The cross green starts with the queue that turns into this arterial leave at the stop line, as on
                // the arterial's own windows (ArterialOptimizer.queueTimes, and PlanBands measuring stored plans).
                var tauOut = 0.0, tauIn = 0.0
                if options.queueClearance {
                    let d = demands[a][k]
                    tauOut = min(2 * d.turnInOutbound * cycle / 3600 / Double(max(d.outboundLanes, 1)), 0.25 * w.length)
                    tauIn = min(2 * d.turnInInbound * cycle / 3600 / Double(max(d.inboundLanes, 1)), 0.25 * w.length)
                }
                p.nodes[k] = [BandWindow(outboundStart: w.start + tauOut, outboundLength: w.length - tauOut,
                                         inboundStart: w.start + tauIn, inboundLength: w.length - tauIn)]
            }
            arterials.append(NetworkProblemArterial(problem: p, weight: weight[a], intersections: art.intersectionIds.map { index[$0]! }))
        }
        return Built(program: NetworkProblem(cycle: cycle, intersectionCount: ids.count, arterials: arterials),
                     ids: ids, primaryOf: primaryOf, timings: timings)
    }

    /// Intersection id → index of the arterial its timing is built for: the heaviest arterial through it.
    /// A network plan's timing at an intersection is relative to that arterial's approaches.
    public static func primaryArterials(_ net: SignalNetwork) throws -> [String: Int] {
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let volume = try net.arterials.map { try ArterialOptimizer.demands($0, byId).reduce(0) { $0 + $1.outboundVolume + $1.inboundVolume } }
        return primary(net.arterials, order: net.arterials.indices.sorted { volume[$0] > volume[$1] })
    }

    static func primary(_ arterials: [Arterial], order: [Int]) -> [String: Int] {
        var primaryOf: [String: Int] = [:]
        for a in order { for id in arterials[a].intersectionIds where primaryOf[id] == nil { primaryOf[id] = a } }
        return primaryOf
    }

    /// Plans the network at a common cycle (Webster's common cycle over all intersections unless given).
    public static func optimize(_ net: SignalNetwork, cycle fixedCycle: Double? = nil,
                                options: ArterialOptions = ArterialOptions(refine: false)) throws -> NetworkPlan {
        let built = try build(net, cycle: fixedCycle, options: options)
        let program = built.program, cycle = program.cycle
        guard !program.arterials.isEmpty else {
            return NetworkPlan(cycle: cycle, timings: built.timings, arterials: [], objective: 0, bound: 0, nodes: 0, uncoordinated: [])
        }
        let alone = program.arterials.map { MaxbandSolver.solve($0.problem) }
        // MAXBAND needs a progression line (a zero band at least) on every arterial in both directions; around
        // loops that can be impossible. Then the lightest arterial is left uncoordinated until the rest is feasible.
        var active = Array(program.arterials.indices)
        var solution: NetworkSolution
        while true {
            let sub = NetworkProblem(cycle: cycle, intersectionCount: program.intersectionCount,
                                     arterials: active.map { program.arterials[$0] })
            solution = NetworkBranchAndBound.solve(sub, incumbent: NetworkHeuristic.plan(sub, alone: active.map { alone[$0] }))
            if solution.objective > -Double.infinity || active.count <= 1 { break }
            let lightest = active.min { program.arterials[$0].weight < program.arterials[$1].weight }!
            active.removeAll { $0 == lightest }
        }
        var offsets = solution.offsets, choices = alone.map(\.choices)
        var covered = Set(active.flatMap { program.arterials[$0].intersections })
        for (slot, a) in active.enumerated() { choices[a] = solution.choices[slot] }
        for a in program.arterials.indices where !active.contains(a) {
            for (k, j) in program.arterials[a].intersections.enumerated() where !covered.contains(j) {
                offsets[j] = alone[a].offsets[k]; covered.insert(j)
            }
        }
        var timings = built.timings
        for (j, id) in built.ids.enumerated() {
            timings[id]?.offset = normalized(offsets[j], cycle)
        }
        for (a, art) in net.arterials.enumerated() {
            for (k, id) in art.intersectionIds.enumerated() where built.primaryOf[id] == a {
                let w = program.arterials[a].problem.nodes[k][choices[a][k]]
                timings[id]?.leadInboundLeft = w.leadInboundLeft; timings[id]?.leadOutboundLeft = w.leadOutboundLeft
            }
        }
        var results: [NetworkArterialResult] = []
        var objective = 0.0
        for (a, art) in net.arterials.enumerated() {
            let pa = program.arterials[a]
            let bands = BandEvaluator.bands(pa.problem, offsets: pa.intersections.map { offsets[$0] }, choices: choices[a])
            let value = ratioTrimmed(bands.outbound, bands.inbound, pa.problem.ratio)
            results.append(NetworkArterialResult(arterialId: art.id, outbound: bands.outbound, inbound: bands.inbound,
                                                 objective: value, bound: alone[a].objective,
                                                 efficiency: (bands.outbound + bands.inbound) / (2 * cycle)))
            if active.contains(a) { objective += pa.weight * value }
        }
        return NetworkPlan(cycle: cycle, timings: timings, arterials: results, objective: objective,
                           bound: max(solution.bound, objective), nodes: solution.nodes,
                           uncoordinated: net.arterials.indices.filter { !active.contains($0) }.map { net.arterials[$0].id })
    }

    /// b + k·b̄ after trimming the bands to MAXBAND's volume-ratio constraint.
    static func ratioTrimmed(_ b: Double, _ bBar: Double, _ k: Double) -> Double {
        var b = b, bb = bBar
        if k < 1 { b = min(b, k > 0 ? bb / k : b) }
        if k > 1 { bb = min(bb, k * b) }
        return b + k * bb
    }
}

