// Green waves on a network of arterials that share intersections. A shared intersection has one offset, so the
// offsets of crossing arterials must agree around every loop. The bound is the sum of each arterial's own exact
// optimum (dropping the coupling can only help); the plan is built arterial by arterial, heaviest first, each
// solved exactly when at most one of its intersections is already fixed and by a search over band start times
// when loops fix several. The report states the gap between the two.

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
    /// Σ volume-weighted objectives achieved, s.
    public var objective: Double
    /// Proven upper bound of the network program, s.
    public var bound: Double
    /// bound − objective, s.
    public var gap: Double { bound - objective }
}

/// Optimises a network of arterials.
public enum NetworkOptimizer {
    struct Member { let arterial: Int; let index: Int; let primary: Bool }

    /// Plans the network at a common cycle (Webster's common cycle over all intersections unless given).
    public static func optimize(_ net: SignalNetwork, cycle fixedCycle: Double? = nil,
                                options: ArterialOptions = ArterialOptions(refine: false)) throws -> NetworkPlan {
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Heaviest arterial first; it is primary (its group runs first) at every intersection it reaches first.
        let demands = try net.arterials.map { try ArterialOptimizer.demands($0, byId) }
        let volume = demands.map { $0.reduce(0) { $0 + $1.outboundVolume + $1.inboundVolume } }
        let order = net.arterials.indices.sorted { volume[$0] > volume[$1] }
        var primaryOf: [String: Int] = [:]
        for a in order { for id in net.arterials[a].intersectionIds where primaryOf[id] == nil { primaryOf[id] = a } }
        var primaryDemand: [String: NodeDemand] = [:]
        for a in order { for (k, id) in net.arterials[a].intersectionIds.enumerated() where primaryOf[id] == a {
            primaryDemand[id] = demands[a][k]
        } }
        let cycle = try fixedCycle ?? Webster.commonCycle(Array(primaryDemand.values), options.clearances)
        var timings: [String: NodeTiming] = [:]
        for (id, d) in primaryDemand { timings[id] = ArterialOptimizer.wholeSeconds(try Webster.timing(d, cycle: cycle, options.clearances)) }

        // Each arterial's problem: its own windows where it is primary, the cross window where it is not.
        var problems: [BandProblem] = []
        for a in net.arterials.indices {
            let art = net.arterials[a]
            let ts = art.intersectionIds.map { timings[$0]! }
            var p = ArterialOptimizer.problem(art, demands[a], ts, options)
            for (k, id) in art.intersectionIds.enumerated() where primaryOf[id] != a {
                let w = ts[k].crossWindow
                p.nodes[k] = [BandWindow(outboundStart: w.start, outboundLength: w.length, inboundStart: w.start, inboundLength: w.length)]
            }
            problems.append(p)
        }
        let alone = problems.map { MaxbandSolver.solve($0) }
        let weight = volume.map { $0 / max(volume.max() ?? 1, 1) }

        // Each arterial keeps its own exact solution at the intersections where it is primary and may be shifted
        // as a whole; shifts are chosen by coordinate ascent on the network objective, then arterials pinned by
        // crossings are re-solved around the pinned offsets.
        var own = alone
        var shift = [Double](repeating: 0, count: net.arterials.count)
        func offsets(_ a: Int) -> [Double] {
            net.arterials[a].intersectionIds.map { id in
                let p = primaryOf[id]!, k = net.arterials[p].intersectionIds.firstIndex(of: id)!
                return normalized(own[p].offsets[k] + shift[p], cycle)
            }
        }
        func choices(_ a: Int) -> [Int] {
            net.arterials[a].intersectionIds.enumerated().map { k, id in primaryOf[id] == a ? own[a].choices[k] : 0 }
        }
        func value(_ a: Int) -> Double {
            let b = BandEvaluator.bands(problems[a], offsets: offsets(a), choices: choices(a))
            return ratioTrimmed(b.outbound, b.inbound, problems[a].ratio)
        }
        func total() -> Double { net.arterials.indices.reduce(0) { $0 + weight[$1] * value($1) } }
        var current = total()
        for _ in 0..<4 {
            var improved = false
            for a in order.dropFirst() {
                let before = shift[a]
                var bestShift = before, bestValue = current
                var s = 0.0
                while s < cycle {
                    shift[a] = s
                    let v = total()
                    if v > bestValue + 1e-9 { bestValue = v; bestShift = s }
                    s += 1
                }
                shift[a] = bestShift
                if bestValue > current + 1e-9 { current = bestValue; improved = true }
            }
            if !improved { break }
        }
        for a in order {
            let art = net.arterials[a]
            let pinnedIdx = art.intersectionIds.indices.filter { primaryOf[art.intersectionIds[$0]] != a }
            guard pinnedIdx.count >= 2 else { continue }
            let offs = offsets(a)
            let pinned = Dictionary(uniqueKeysWithValues: pinnedIdx.map { ($0, offs[$0]) })
            var trial = ConstrainedBand.solve(problems[a], pinned: pinned)
            let saved = (own[a], shift[a])
            for k in pinnedIdx { trial.offsets[k] = offs[k]; trial.choices[k] = 0 }
            own[a] = trial; shift[a] = 0
            let v = total()
            if v > current + 1e-9 { current = v } else { own[a] = saved.0; shift[a] = saved.1 }
        }
        for id in timings.keys {
            guard let p = primaryOf[id], let k = net.arterials[p].intersectionIds.firstIndex(of: id) else { continue }
            timings[id]?.offset = normalized((own[p].offsets[k] + shift[p]).rounded(), cycle)
            let w = problems[p].nodes[k][own[p].choices[k]]
            timings[id]?.leadInboundLeft = w.leadInboundLeft; timings[id]?.leadOutboundLeft = w.leadOutboundLeft
        }
        var results: [NetworkArterialResult] = []
        var objective = 0.0, bound = 0.0
        for a in net.arterials.indices {
            let art = net.arterials[a], p = problems[a]
            let offs = art.intersectionIds.map { timings[$0]?.offset ?? 0 }
            let choices = art.intersectionIds.enumerated().map { k, id in
                p.nodes[k].firstIndex { primaryOf[id] != a || ($0.leadInboundLeft == timings[id]?.leadInboundLeft && $0.leadOutboundLeft == timings[id]?.leadOutboundLeft) } ?? 0
            }
            let bands = BandEvaluator.bands(p, offsets: offs, choices: choices)
            let value = ratioTrimmed(bands.outbound, bands.inbound, p.ratio)
            results.append(NetworkArterialResult(arterialId: art.id, outbound: bands.outbound, inbound: bands.inbound,
                                                 objective: value, bound: alone[a].objective,
                                                 efficiency: (bands.outbound + bands.inbound) / (2 * cycle)))
            objective += weight[a] * value
            bound += weight[a] * alone[a].objective
        }
        return NetworkPlan(cycle: cycle, timings: timings, arterials: results, objective: objective, bound: bound)
    }

    /// b + k·b̄ after trimming the bands to MAXBAND's volume-ratio constraint.
    static func ratioTrimmed(_ b: Double, _ bBar: Double, _ k: Double) -> Double {
        var b = b, bb = bBar
        if k < 1 { b = min(b, k > 0 ? bb / k : b) }
        if k > 1 { bb = min(bb, k * b) }
        return b + k * bb
    }
}

/// An arterial's bands when some of its offsets are already fixed by crossing arterials.
enum ConstrainedBand {
    /// Searches band start times (x outbound at node 0, y inbound at the last node) in 0.5 s steps; free nodes
    /// follow exactly from D = x − y as in the unconstrained solver.
    static func solve(_ p: BandProblem, pinned: [Int: Double]) -> BandSolution {
        let c = p.cycle, k = max(p.ratio, 0), n = p.nodes.count
        let options: [[MaxbandSolver.Option]] = (0..<n).map { i in
            let t = p.outboundArrival(i) - p.inboundArrival(i)
            return p.nodes[i].map { w in
                MaxbandSolver.Option(c: normalized(t - w.outboundStart + w.inboundStart, c),
                                     g: max(0, w.outboundLength), gBar: max(0, w.inboundLength))
            }
        }
        let free = (0..<n).filter { pinned[$0] == nil }
        var best: (value: Double, x: Double, y: Double, b: Double, bb: Double) = (-1, 0, 0, 0, 0)
        let step = 0.5
        var x = 0.0
        while x < c {
            // Outbound cap from pinned nodes for this x.
            var bCap = Double.infinity
            for (i, phi) in pinned {
                let cap = p.nodes[i].map { w -> Double in
                    let u = normalized(x + p.outboundArrival(i) - phi - w.outboundStart, c)
                    return w.outboundLength - u
                }.max() ?? -1
                bCap = min(bCap, cap)
            }
            if bCap >= 0 {
                var y = 0.0
                while y < c {
                    var hCap = Double.infinity
                    for (i, phi) in pinned {
                        let cap = p.nodes[i].map { w -> Double in
                            let u = normalized(y + p.inboundArrival(i) - phi - w.inboundStart, c)
                            return w.inboundLength - u
                        }.max() ?? -1
                        hCap = min(hCap, cap)
                    }
                    if hCap >= 0 {
                        let sub = free.map { options[$0] }
                        let e = sub.isEmpty ? (value: MaxbandSolver.corner(bCap, hCap, k).value, b: bCap, bBar: hCap)
                            : MaxbandSolver.evaluate(sub, normalized(x - y, c), c, k, bCap: bCap, hCap: hCap)
                        if let e, e.value > best.value { best = (e.value, x, y, e.b, e.bBar) }
                    }
                    y += step
                }
            }
            x += step
        }
        var offsets = [Double](repeating: 0, count: n), choices = [Int](repeating: 0, count: n)
        for (i, phi) in pinned { offsets[i] = phi }
        let d = normalized(best.x - best.y, c)
        var scratch: [MaxbandSolver.Box] = []
        for i in free {
            scratch.removeAll(keepingCapacity: true)
            MaxbandSolver.boxes(options[i], node: i, d, c, into: &scratch)
            let pick = scratch.first { $0.bMax >= best.b - 1e-7 && $0.bBarMax >= best.bb - 1e-7 } ?? scratch.first
            guard let pick else { continue }
            choices[i] = pick.option
            let w = p.nodes[i][pick.option]
            let u = max(0, pick.v)
            offsets[i] = normalized(best.x + p.outboundArrival(i) - w.outboundStart - u, c)
        }
        for (i, phi) in pinned {
            // Pinned nodes keep their order if one window fits; pick the one giving the widest band.
            choices[i] = p.nodes[i].indices.max { a, b in
                let wa = p.nodes[i][a], wb = p.nodes[i][b]
                return wa.outboundLength - normalized(best.x + p.outboundArrival(i) - phi - wa.outboundStart, c)
                    < wb.outboundLength - normalized(best.x + p.outboundArrival(i) - phi - wb.outboundStart, c)
            } ?? 0
        }
        return BandSolution(outbound: max(best.b, 0), inbound: max(best.bb, 0), offsets: offsets, choices: choices,
                            objective: max(best.value, 0))
    }
}
