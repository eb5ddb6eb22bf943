// From intersections and an arterial to a coordinated plan: common cycle, Webster splits, exact MAXBAND offsets
// with lead/lag choices, then a delay- and stops-aware refinement.

/// How to optimise an arterial.
public struct ArterialOptions: Sendable, Codable, Hashable {
    /// Use this cycle instead of searching one.
    public var cycle: Double?
    /// How far above Webster's common cycle the cycle search may go, s (MAXBAND's cycle range).
    public var cycleRange: Double
    public var clearances: Clearances
    /// Shift each band past the queue that side-street turns leave at the stop line.
    public var queueClearance: Bool
    /// Refine the MAXBAND offsets against delay and stops (the plan written to SUMO).
    public var refine: Bool
    /// Share of the speed limit platoons travel at.
    public var speedFactor: Double

    /// Creates options.
    public init(cycle: Double? = nil, cycleRange: Double = 40, clearances: Clearances = Clearances(), queueClearance: Bool = true,
                refine: Bool = true, speedFactor: Double = 0.9) {
        self.cycle = cycle; self.cycleRange = cycleRange; self.clearances = clearances; self.queueClearance = queueClearance
        self.refine = refine; self.speedFactor = speedFactor
    }
}

/// A coordinated plan for one arterial.
public struct ArterialPlan: Sendable, Codable, Hashable {
    public var arterialId: String
    public var intersectionIds: [String]
    public var cycle: Double
    /// Timings with offsets, per intersection in arterial order.
    public var timings: [NodeTiming]
    public var demands: [NodeDemand]
    /// The bandwidth problem the offsets were chosen on.
    public var problem: BandProblem
    /// The exact MAXBAND optimum b + k·b̄ on that problem.
    public var optimum: BandSolution
    /// Bands of the plan as written (after refinement and rounding to whole seconds).
    public var report: BandReport
    /// The plans as phases.
    public var plans: [SignalPlan]
}

/// Optimises arterials.
public enum ArterialOptimizer {
    /// Demands of an arterial's intersections, in order; throws naming a missing intersection.
    public static func demands(_ arterial: Arterial, _ intersections: [String: Intersection]) throws -> [NodeDemand] {
        try SignalsValidation.validate(arterial)
        return try arterial.intersectionIds.enumerated().map { k, id in
            guard let x = intersections[id] else { throw SignalsError("路口 \(id)", "不在路口数据中（干线 \(arterial.id)）") }
            return try NodeDemand.from(x, outboundApproach: arterial.outboundApproaches[k],
                                       inboundApproach: arterial.inboundApproaches[k])
        }
    }

    /// Queue-clearance time per node and direction: side-street vehicles that turned in during the red,
    /// discharged at 2 s per vehicle and lane.
    static func queueTimes(_ demands: [NodeDemand], _ timings: [NodeTiming]) -> (outbound: [Double], inbound: [Double]) {
        let out = zip(demands, timings).map { d, t -> Double in
            let perLane = d.turnInOutbound * t.cycle / 3600 / Double(max(d.outboundLanes, 1))
            return min(2 * perLane, 0.25 * t.outboundThrough.length)
        }
        let inb = zip(demands, timings).map { d, t -> Double in
            let perLane = d.turnInInbound * t.cycle / 3600 / Double(max(d.inboundLanes, 1))
            return min(2 * perLane, 0.25 * t.inboundThrough.length)
        }
        return (out, inb)
    }

    /// Builds the bandwidth problem of timed nodes.
    public static func problem(_ arterial: Arterial, _ demands: [NodeDemand], _ timings: [NodeTiming],
                               _ options: ArterialOptions) -> BandProblem {
        let out = zip(arterial.distances, arterial.outboundSpeeds).map { $0 / max($1 * options.speedFactor, 0.1) }
        let inb = zip(arterial.distances, arterial.inboundSpeeds).map { $0 / max($1 * options.speedFactor, 0.1) }
        let vOut = demands.map(\.outboundVolume).reduce(0, +), vIn = demands.map(\.inboundVolume).reduce(0, +)
        let ratio = vOut > 0 ? min(max(vIn / vOut, 0.1), 10) : 1
        let zeros = demands.map { _ in 0.0 }
        let q: (outbound: [Double], inbound: [Double]) = options.queueClearance ? queueTimes(demands, timings) : (zeros, zeros)
        return BandProblem.from(timings: timings, outboundTravel: out, inboundTravel: inb, ratio: ratio,
                                outboundQueue: q.outbound, inboundQueue: q.inbound)
    }

    /// Applies a band solution's offsets and left-turn orders to timings.
    public static func apply(_ s: BandSolution, _ p: BandProblem, to timings: [NodeTiming]) -> [NodeTiming] {
        timings.indices.map { i in
            var t = timings[i]
            let w = p.nodes[i][s.choices[i]]
            t.leadInboundLeft = w.leadInboundLeft; t.leadOutboundLeft = w.leadOutboundLeft
            t.offset = s.offsets[i]
            return t
        }
    }

    /// Optimises one arterial: common cycle, Webster splits, exact MAXBAND offsets, refinement.
    public static func optimize(_ arterial: Arterial, intersections: [String: Intersection],
                                options: ArterialOptions = ArterialOptions()) throws -> ArterialPlan {
        let demands = try demands(arterial, intersections)
        let cycle = try options.cycle ?? bestCycle(arterial, demands, options)
        let base = try demands.map { try Webster.timing($0, cycle: cycle, options.clearances) }
        return try optimize(arterial, demands: demands, timings: base, options: options)
    }

    /// The common cycle, as MAXBAND chooses it: within [Webster's common cycle, + range], the one whose bands take
    /// the largest share of the cycle, (b + k·b̄) / C; the shorter cycle on ties.
    public static func bestCycle(_ arterial: Arterial, _ demands: [NodeDemand], _ options: ArterialOptions) throws -> Double {
        let webster = try Webster.commonCycle(demands, options.clearances)
        let top = min(webster + options.cycleRange, Webster.maximumCycle)
        var best = (score: -1.0, cycle: webster)
        func score(_ c: Double) -> Double {
            guard c >= webster, c <= top, let timings = try? demands.map({ try Webster.timing($0, cycle: c, options.clearances) })
            else { return -1 }
            return MaxbandSolver.solve(problem(arterial, demands, timings.map(wholeSeconds), options)).objective / c
        }
        // Coarse pass every 4 s, then the neighbours of the best.
        var c = webster
        while c <= top + 1e-9 {
            let s = score(c)
            if s > best.score + 1e-6 { best = (s, c) }
            c += 4
        }
        for c in [best.cycle - 2, best.cycle + 2] {
            let s = score(c)
            if s > best.score + 1e-6 || (abs(s - best.score) <= 1e-6 && c < best.cycle) { best = (s, c) }
        }
        return best.cycle
    }

    /// Optimises offsets for given splits.
    public static func optimize(_ arterial: Arterial, demands: [NodeDemand], timings base: [NodeTiming],
                                options: ArterialOptions) throws -> ArterialPlan {
        let rounded = base.map(wholeSeconds)
        let p = problem(arterial, demands, rounded, options)
        let best = MaxbandSolver.solve(p)
        var timings = apply(best, p, to: rounded)
        if options.refine {
            timings = DelayRefinement.refine(timings, arterial: arterial, demands: demands, problem: p, options: options)
        }
        timings = timings.map { var t = $0; t.offset = normalized(t.offset.rounded(), t.cycle); return t }
        return plan(arterial, demands, timings, p, best)
    }

    /// Packages timings as a plan with its band report.
    static func plan(_ arterial: Arterial, _ demands: [NodeDemand], _ timings: [NodeTiming], _ p: BandProblem,
                     _ best: BandSolution) -> ArterialPlan {
        let choices = timings.indices.map { i in
            p.nodes[i].firstIndex { $0.leadInboundLeft == timings[i].leadInboundLeft && $0.leadOutboundLeft == timings[i].leadOutboundLeft } ?? 0
        }
        let report = BandReport.measure(p, offsets: timings.map(\.offset), choices: choices,
                                        ids: arterial.intersectionIds, distances: arterial.distances)
        let plans = zip(arterial.intersectionIds, zip(timings, demands)).map { id, td in
            td.0.plan(intersectionId: id, pedestrianMinimumCross: td.1.pedestrianMinimumCross,
                      pedestrianMinimumAlong: td.1.pedestrianMinimumAlong)
        }
        return ArterialPlan(arterialId: arterial.id, intersectionIds: arterial.intersectionIds, cycle: p.cycle,
                            timings: timings, demands: demands, problem: p, optimum: best, report: report, plans: plans)
    }

    /// Splits rounded to whole seconds (SUMO steps by seconds), keeping the cycle.
    static func wholeSeconds(_ t: NodeTiming) -> NodeTiming {
        var r = t
        r.cycle = t.cycle.rounded()
        r.arterialGroup = t.arterialGroup.rounded()
        r.inboundLeft = t.inboundLeft.rounded()
        r.outboundLeft = t.outboundLeft.rounded()
        return r
    }
}
