// A cyclic flow-profile model of the arterial's through traffic (TRANSYT-like): arrivals in 1-second bins,
// a vertical queue at each stop line discharging at saturation flow during green, Robertson platoon dispersion on
// the links, and side-street vehicles that turn in during the cross-street green. Bandwidth ignores queues;
// this model does not, which is why offsets are refined against it.

/// Delay and stops of the arterial's through traffic for a set of timings.
public struct DelayEstimate: Sendable, Hashable {
    /// Total delay, vehicle-seconds per hour.
    public var delay: Double
    /// Stops per hour.
    public var stops: Double
    /// Delay plus weighted stops: the refinement's objective.
    public var index: Double
}

/// The arterial model the refinement evaluates.
public struct ArterialDelayModel: Sendable {
    let cycle: Int
    let outTravel: [Double]
    let inTravel: [Double]
    let demands: [NodeDemand]
    /// Seconds of delay one stop is worth.
    public var stopPenalty = 15.0
    static let saturationPerLane = 1800.0 / 3600

    /// Creates the model for an arterial whose links take the given travel times.
    public init(cycle: Double, outboundTravel: [Double], inboundTravel: [Double], demands: [NodeDemand]) {
        self.cycle = max(Int(cycle.rounded()), 1)
        self.outTravel = outboundTravel; self.inTravel = inboundTravel; self.demands = demands
    }

    /// Delay and stops of both through directions.
    public func estimate(_ timings: [NodeTiming]) -> DelayEstimate {
        let a = direction(timings, outbound: true), b = direction(timings, outbound: false)
        let perHour = 3600 / Double(cycle)
        let delay = (a.delay + b.delay) * perHour, stops = (a.stops + b.stops) * perHour
        return DelayEstimate(delay: delay, stops: stops, index: delay + stopPenalty * stops)
    }

    func green(_ t: NodeTiming, outbound: Bool) -> [Bool] {
        let w = outbound ? t.outboundThrough : t.inboundThrough
        var g = [Bool](repeating: false, count: cycle)
        let start = Int((t.offset + w.start).rounded()), length = Int(w.length.rounded())
        for k in 0..<max(length, 0) { g[((start + k) % cycle + cycle) % cycle] = true }
        return g
    }

    func crossProfile(_ t: NodeTiming, volume: Double) -> [Double] {
        var p = [Double](repeating: 0, count: cycle)
        let w = t.crossWindow
        let start = Int((t.offset + w.start).rounded()), length = max(Int(w.length.rounded()), 1)
        let perBin = volume / 3600 * Double(cycle) / Double(length)
        for k in 0..<length { p[((start + k) % cycle + cycle) % cycle] += perBin }
        return p
    }

    func direction(_ timings: [NodeTiming], outbound: Bool) -> (delay: Double, stops: Double) {
        let n = timings.count
        guard n > 0 else { return (0, 0) }
        let order = outbound ? Array(0..<n) : Array((0..<n).reversed())
        let first = demands[order[0]]
        var arrivals = [Double](repeating: (outbound ? first.outboundVolume : first.inboundVolume) / 3600, count: cycle)
        var delay = 0.0, stops = 0.0
        for (step, i) in order.enumerated() {
            let d = demands[i]
            let lanes = Double(max(outbound ? d.outboundLanes : d.inboundLanes, 1))
            let capacity = lanes * Self.saturationPerLane
            let g = green(timings[i], outbound: outbound)
            // Two warm-up cycles bring the queue to its periodic state; the third is measured.
            var queue = 0.0
            var departures = [Double](repeating: 0, count: cycle)
            for pass in 0..<2 {
                for t in 0..<cycle {
                    let queued = queue > 0.05
                    queue += arrivals[t]
                    var out = 0.0
                    if g[t] { out = min(queue, capacity) ; queue -= out }
                    if pass == 1 {
                        delay += queue
                        if !g[t] || queued { stops += arrivals[t] }
                        departures[t] = out
                    }
                }
            }
            guard step + 1 < n else { break }
            let next = order[step + 1]
            let travel = outbound ? outTravel[i] : inTravel[next]
            // Vehicles continuing through, scaled to the next intersection's count, plus side-street turn-ins.
            let turnIn = outbound ? d.turnInOutbound : d.turnInInbound
            let nextVolume = outbound ? demands[next].outboundVolume : demands[next].inboundVolume
            let departed = departures.reduce(0, +) * 3600 / Double(cycle)
            let keep = departed > 0 ? max(0, nextVolume - turnIn) / departed : 0
            var leaving = departures.map { $0 * keep }
            let side = crossProfile(timings[i], volume: min(turnIn, nextVolume))
            for t in 0..<cycle { leaving[t] += side[t] }
            arrivals = disperse(leaving, travel: travel)
        }
        return (delay, stops)
    }

    /// Robertson's platoon dispersion over a cyclic profile (α = 0.35, β = 0.8).
    func disperse(_ q: [Double], travel: Double) -> [Double] {
        let lag = max(Int((0.8 * travel).rounded()), 1)
        let f = 1 / (1 + 0.35 * 0.8 * travel)
        var out = [Double](repeating: q.reduce(0, +) / Double(cycle), count: cycle)
        for _ in 0..<2 {
            for t in 0..<cycle {
                let src = ((t - lag) % cycle + cycle) % cycle
                let prev = (t - 1 + cycle) % cycle
                out[t] = f * q[src] + (1 - f) * out[prev]
            }
        }
        return out
    }
}

/// Offsets and left-turn orders refined against delay and stops, without giving up the green wave: the
/// refinement starts from the exact MAXBAND plan and only takes moves that lower the model's delay-and-stops
/// index while keeping b + k·b̄ within `bandTolerance` of the optimum.
public enum DelayRefinement {
    /// Share of the MAXBAND objective a refined plan must keep.
    public static let bandTolerance = 0.9

    /// Refines timings whose offsets come from the MAXBAND solution of `problem`.
    public static func refine(_ timings: [NodeTiming], arterial: Arterial, demands: [NodeDemand], problem: BandProblem,
                              options: ArterialOptions) -> [NodeTiming] {
        let model = ArterialDelayModel(cycle: problem.cycle, outboundTravel: problem.outboundTravel,
                                       inboundTravel: problem.inboundTravel, demands: demands)
        let floor = bandTolerance * bandObjective(timings, problem)
        var current = timings, value = model.estimate(timings).index
        let steps: [Double] = [-4, -2, -1, 1, 2, 4]
        for _ in 0..<3 {
            var improved = false
            for i in current.indices.dropFirst() {
                var candidates: [NodeTiming] = steps.map { var t = current[i]; t.offset = normalized(t.offset + $0, t.cycle); return t }
                if current[i].inboundLeft > 0 { var t = current[i]; t.leadInboundLeft.toggle(); candidates.append(t) }
                if current[i].outboundLeft > 0 { var t = current[i]; t.leadOutboundLeft.toggle(); candidates.append(t) }
                for c in candidates {
                    var trial = current
                    trial[i] = c
                    let v = model.estimate(trial).index
                    guard v < value - 1e-6, bandObjective(trial, problem) >= floor - 1e-9 else { continue }
                    current = trial; value = v; improved = true
                }
            }
            if !improved { break }
        }
        return current
    }

    /// b + k·b̄ of timings on a problem (bands trimmed to the volume-ratio constraint).
    static func bandObjective(_ timings: [NodeTiming], _ p: BandProblem) -> Double {
        let choices = timings.indices.map { i in
            p.nodes[i].firstIndex { $0.leadInboundLeft == timings[i].leadInboundLeft && $0.leadOutboundLeft == timings[i].leadOutboundLeft } ?? 0
        }
        let b = BandEvaluator.bands(p, offsets: timings.map(\.offset), choices: choices)
        return NetworkOptimizer.ratioTrimmed(b.outbound, b.inbound, p.ratio)
    }
}
