// The bands an arterial gets from the plans its intersections run now, whatever produced them: the through
// green of each direction is read off the stored phases, then measured exactly as the optimizer measures its
// own plans (same travel times, volume ratio and queue-clearance times).

/// Bands of stored plans.
public enum PlanBands {
    /// Where a movement's green sits in a plan: the longest run of consecutive phases that serve it (the run may
    /// wrap past the end of the cycle). Start is relative to the start of phase 0; nil when it is never green.
    public static func window(of movement: String, in plan: SignalPlan) -> (start: Double, length: Double, lastPhase: Int)? {
        let n = plan.phases.count
        let serves = plan.phases.map { $0.movements.contains(movement) }
        guard serves.contains(true) else { return nil }
        var starts: [Double] = []
        var t = 0.0
        for p in plan.phases { starts.append(t); t += p.duration }
        let total = t
        if !serves.contains(false) { return (0, total, n - 1) }
        var best: (start: Double, length: Double, lastPhase: Int)?
        // A run starts where the phase before it does not serve the movement.
        for i in 0..<n where serves[i] && !serves[(i + n - 1) % n] {
            var j = i
            while serves[(j + 1) % n] { j = (j + 1) % n }
            let end = starts[j] + plan.phases[j].green + (j < i ? total : 0)
            let length = end - starts[i]
            if best == nil || length > best!.length { best = (starts[i], length, j) }
        }
        return best
    }

    /// The id of the through movement of an approach (its first movement when it has no through).
    static func throughMovement(_ x: Intersection, _ approach: String) -> String? {
        guard let a = x.approach(approach) else { return nil }
        return (a.movement(.through) ?? a.movements.first)?.id
    }

    /// Bands of the plans `plans` (in arterial order) on an arterial. When the cycles differ no band can repeat
    /// from cycle to cycle: both bands are 0 and the diagram shows each intersection's greens at its own cycle.
    public static func report(_ arterial: Arterial, intersections: [Intersection], demands: [NodeDemand], plans: [SignalPlan],
                              options: ArterialOptions = ArterialOptions()) -> BandReport {
        let n = arterial.intersectionIds.count
        var windows: [(out: (Double, Double), inb: (Double, Double))] = []
        for k in 0..<n {
            let x = intersections[k], plan = plans[k]
            func w(_ approach: String) -> (Double, Double) {
                guard let m = throughMovement(x, approach), let w = window(of: m, in: plan) else { return (0, 0) }
                return (w.start, w.length)
            }
            windows.append((w(arterial.outboundApproaches[k]), w(arterial.inboundApproaches[k])))
        }
        let cycles = plans.map(\.cycle)
        guard let cycle = cycles.first, cycles.allSatisfy({ abs($0 - cycle) < 1e-6 }) else {
            return mixedCycles(arterial, plans: plans, windows: windows)
        }
        // As ArterialOptimizer.problem: platoons at speedFactor × design speed, b + k·b̄ weighted by volumes,
        // each through green shortened by the queue that side-street turns leave at the stop line.
        let outTravel = zip(arterial.distances, arterial.outboundSpeeds).map { $0 / max($1 * options.speedFactor, 0.1) }
        let inTravel = zip(arterial.distances, arterial.inboundSpeeds).map { $0 / max($1 * options.speedFactor, 0.1) }
        let vOut = demands.map(\.outboundVolume).reduce(0, +), vIn = demands.map(\.inboundVolume).reduce(0, +)
        let ratio = vOut > 0 ? min(max(vIn / vOut, 0.1), 10) : 1
        let nodes = (0..<n).map { k -> [BandWindow] in
            let d = demands[k], (o, i) = windows[k]
            var tauOut = 0.0, tauIn = 0.0
            if options.queueClearance {
                tauOut = min(2 * d.turnInOutbound * cycle / 3600 / Double(max(d.outboundLanes, 1)), 0.25 * o.1)
                tauIn = min(2 * d.turnInInbound * cycle / 3600 / Double(max(d.inboundLanes, 1)), 0.25 * i.1)
            }
            return [BandWindow(outboundStart: o.0 + tauOut, outboundLength: o.1 - tauOut,
                               inboundStart: i.0 + tauIn, inboundLength: i.1 - tauIn)]
        }
        let problem = BandProblem(cycle: cycle, nodes: nodes, outboundTravel: outTravel, inboundTravel: inTravel, ratio: ratio)
        return BandReport.measure(problem, offsets: plans.map(\.offset), choices: Array(repeating: 0, count: n),
                                  ids: arterial.intersectionIds, distances: arterial.distances)
    }

    /// A report without bands for intersections running different cycles.
    static func mixedCycles(_ arterial: Arterial, plans: [SignalPlan],
                            windows: [(out: (Double, Double), inb: (Double, Double))]) -> BandReport {
        let longest = plans.map(\.cycle).max() ?? 0
        let horizon = 3 * longest
        var position = 0.0
        var nodes: [DiagramNode] = []
        for (k, plan) in plans.enumerated() {
            if k > 0 { position += arterial.distances[k - 1] }
            func greens(_ w: (Double, Double)) -> [[Double]] {
                guard plan.cycle > 0, w.1 > 0 else { return [] }
                var out: [[Double]] = []
                var s = normalized(plan.offset + w.0, plan.cycle) - plan.cycle
                while s < horizon {
                    if s + w.1 > 0 { out.append([s, s + w.1]) }
                    s += plan.cycle
                }
                return out
            }
            nodes.append(DiagramNode(id: arterial.intersectionIds[k], position: position,
                                     outboundGreens: greens(windows[k].out), inboundGreens: greens(windows[k].inb)))
        }
        let none = plans.map { _ in [0.0, 0.0] }
        return BandReport(cycle: longest, outbound: 0, inbound: 0, efficiency: 0, outboundAttainability: 0, inboundAttainability: 0,
                          diagram: TimeSpaceDiagram(cycle: longest, horizon: horizon, nodes: nodes, outboundBand: none, inboundBand: none))
    }
}
