// The two-way bandwidth problem of one arterial at a fixed common cycle, in the terms of MAXBAND
// (Little, Kelson & Gartner 1981): maximise b + k·b̄ subject to both bands passing every through green after
// its queue-clearance time, with a left-turn order (lead/lag) chosen per ring and intersection, and
// (1 − k)·b̄ ≥ (1 − k)·k·b.

/// Where the two through greens sit in the cycle for one left-turn order (already shortened by queue clearance).
public struct BandWindow: Sendable, Codable, Hashable {
    /// Start of the usable outbound green after phase 0, s.
    public var outboundStart: Double
    public var outboundLength: Double
    public var inboundStart: Double
    public var inboundLength: Double
    /// Which left-turn order this window stands for (lead inbound left, lead outbound left).
    public var leadInboundLeft: Bool
    public var leadOutboundLeft: Bool

    /// Creates a window.
    public init(outboundStart: Double, outboundLength: Double, inboundStart: Double, inboundLength: Double,
                leadInboundLeft: Bool = true, leadOutboundLeft: Bool = true) {
        self.outboundStart = outboundStart; self.outboundLength = outboundLength
        self.inboundStart = inboundStart; self.inboundLength = inboundLength
        self.leadInboundLeft = leadInboundLeft; self.leadOutboundLeft = leadOutboundLeft
    }
}

/// One arterial's bandwidth problem.
public struct BandProblem: Sendable, Codable, Hashable {
    public var cycle: Double
    /// Per intersection, the left-turn orders it may take (one entry when lefts are permissive).
    public var nodes: [[BandWindow]]
    /// Travel time of each link outbound (k → k+1) and inbound (k+1 → k), s.
    public var outboundTravel: [Double]
    public var inboundTravel: [Double]
    /// Inbound-to-outbound volume ratio k; the objective is b + k·b̄.
    public var ratio: Double

    /// Creates a problem.
    public init(cycle: Double, nodes: [[BandWindow]], outboundTravel: [Double], inboundTravel: [Double], ratio: Double) {
        self.cycle = cycle; self.nodes = nodes; self.outboundTravel = outboundTravel
        self.inboundTravel = inboundTravel; self.ratio = ratio
    }

    /// Builds the problem of timed intersections, with queue-clearance times per direction.
    public static func from(timings: [NodeTiming], outboundTravel: [Double], inboundTravel: [Double], ratio: Double,
                            outboundQueue: [Double]? = nil, inboundQueue: [Double]? = nil) -> BandProblem {
        let nodes = timings.enumerated().map { k, t -> [BandWindow] in
            let tauOut = outboundQueue?[k] ?? 0, tauIn = inboundQueue?[k] ?? 0
            var options: [BandWindow] = []
            for leadA in (t.inboundLeft > 0 ? [true, false] : [true]) {
                for leadB in (t.outboundLeft > 0 ? [true, false] : [true]) {
                    var v = t; v.leadInboundLeft = leadA; v.leadOutboundLeft = leadB
                    let o = v.outboundThrough, i = v.inboundThrough
                    let tauO = min(tauOut, o.length), tauI = min(tauIn, i.length)
                    options.append(BandWindow(outboundStart: o.start + tauO, outboundLength: o.length - tauO,
                                              inboundStart: i.start + tauI, inboundLength: i.length - tauI,
                                              leadInboundLeft: leadA, leadOutboundLeft: leadB))
                }
            }
            return options
        }
        return BandProblem(cycle: timings.first?.cycle ?? 0, nodes: nodes, outboundTravel: outboundTravel,
                           inboundTravel: inboundTravel, ratio: ratio)
    }

    /// Arrival time of the outbound band's front at node i, relative to its time at node 0.
    public func outboundArrival(_ i: Int) -> Double { outboundTravel.prefix(i).reduce(0, +) }
    /// Arrival time of the inbound band's front at node i, relative to its time at the last node.
    public func inboundArrival(_ i: Int) -> Double { inboundTravel.suffix(from: min(i, inboundTravel.count)).reduce(0, +) }
}

/// The bands of an arterial and the offsets and left-turn orders that give them.
public struct BandSolution: Sendable, Codable, Hashable {
    /// Outbound and inbound bandwidths, s.
    public var outbound: Double
    public var inbound: Double
    /// Offsets: phase 0 of node i starts at t = offsets[i] (mod cycle), node 0 at 0.
    public var offsets: [Double]
    /// Index into the problem's window options, per node.
    public var choices: [Int]
    /// b + k·b̄.
    public var objective: Double
}
