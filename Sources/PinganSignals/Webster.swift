// Webster's method for the common cycle and the splits of arterial intersections.

/// The demand an arterial intersection sees, reduced to the flow ratios its phases serve.
public struct NodeDemand: Sendable, Codable, Hashable {
    public var intersectionId: String
    /// Flow ratio of the outbound through (with the right turn and, when permissive, the left).
    public var outboundThrough: Double
    public var inboundThrough: Double
    /// Flow ratio of the protected outbound left (0 when permissive).
    public var outboundLeft: Double
    public var inboundLeft: Double
    /// Critical flow ratio of the cross street.
    public var cross: Double
    /// Vehicles per hour turning onto the arterial from the cross street, per direction of travel.
    public var turnInOutbound: Double
    public var turnInInbound: Double
    /// Through vehicles per hour arriving outbound / inbound, and per lane.
    public var outboundVolume: Double
    public var inboundVolume: Double
    public var outboundLanes: Int
    public var inboundLanes: Int
    public var pedestrianMinimumCross: Double
    public var pedestrianMinimumAlong: Double

    /// Creates a demand.
    public init(intersectionId: String, outboundThrough: Double, inboundThrough: Double, outboundLeft: Double = 0,
                inboundLeft: Double = 0, cross: Double, turnInOutbound: Double = 0, turnInInbound: Double = 0,
                outboundVolume: Double = 0, inboundVolume: Double = 0, outboundLanes: Int = 2, inboundLanes: Int = 2,
                pedestrianMinimumCross: Double = 15, pedestrianMinimumAlong: Double = 10) {
        self.intersectionId = intersectionId; self.outboundThrough = outboundThrough; self.inboundThrough = inboundThrough
        self.outboundLeft = outboundLeft; self.inboundLeft = inboundLeft; self.cross = cross
        self.turnInOutbound = turnInOutbound; self.turnInInbound = turnInInbound
        self.outboundVolume = outboundVolume; self.inboundVolume = inboundVolume
        self.outboundLanes = outboundLanes; self.inboundLanes = inboundLanes
        self.pedestrianMinimumCross = pedestrianMinimumCross; self.pedestrianMinimumAlong = pedestrianMinimumAlong
    }

    /// Critical flow ratio of the arterial group (the heavier ring).
    public var arterial: Double { max(inboundLeft + outboundThrough, outboundLeft + inboundThrough) }
    /// Sum of critical flow ratios Y.
    public var total: Double { arterial + cross }
    /// True when a protected left exists.
    public var hasProtectedLeft: Bool { outboundLeft > 0 || inboundLeft > 0 }

    /// Reduces an intersection's movements to the arterial's view of it.
    /// A left turn gets a protected phase when it has its own lane and at least `protectedLeftVolume` veh/h.
    public static func from(_ x: Intersection, outboundApproach: String, inboundApproach: String,
                            protectedLeftVolume: Double = 60) throws -> NodeDemand {
        guard let out = x.approach(outboundApproach) else {
            throw SignalsError("路口 \(x.id)", "没有正向进口 \(outboundApproach)")
        }
        guard let inb = x.approach(inboundApproach) else {
            throw SignalsError("路口 \(x.id)", "没有反向进口 \(inboundApproach)")
        }
        func ratios(_ a: Approach) -> (through: Double, left: Double, lanes: Int) {
            let left = a.movement(.left)
            let leftVolume = (left?.volume ?? 0) + (a.movement(.uTurn)?.volume ?? 0)
            let others = a.movements.filter { $0.turn == .through || $0.turn == .right }
            let sat = a.movements.map(\.saturationFlowPerLane).max() ?? 1800
            if let left, left.exclusiveLane, leftVolume >= protectedLeftVolume, left.lanes > 0 {
                let laneCount = max(a.lanes - left.lanes, 1)
                let volume = others.reduce(0) { $0 + $1.volume }
                return (volume / (Double(laneCount) * sat), leftVolume / left.saturationFlow, laneCount)
            }
            let volume = a.movements.reduce(0) { $0 + $1.volume }
            return (volume / (Double(max(a.lanes, 1)) * sat), 0, max(a.lanes, 1))
        }
        let o = ratios(out), i = ratios(inb)
        let crossApproaches = x.approaches.filter { $0.id != out.id && $0.id != inb.id }
        var cross = 0.0, turnOut = 0.0, turnIn = 0.0
        for c in crossApproaches {
            let sat = c.movements.map(\.saturationFlowPerLane).max() ?? 1800
            let volume = c.movements.reduce(0) { $0 + $1.volume }
            cross = max(cross, volume / (Double(max(c.lanes, 1)) * sat))
            // A cross approach's right and left turns join one arterial direction each; which one follows from
            // the side it comes from relative to the outbound heading.
            let side = relativeSide(cross: c.bearing, outbound: out.bearing)
            let right = c.movement(.right)?.volume ?? 0, left = c.movement(.left)?.volume ?? 0
            if side > 0 { turnOut += right; turnIn += left } else { turnOut += left; turnIn += right }
        }
        let outVol = out.movements.filter { $0.turn == .through }.reduce(0) { $0 + $1.volume }
        let inVol = inb.movements.filter { $0.turn == .through }.reduce(0) { $0 + $1.volume }
        return NodeDemand(intersectionId: x.id, outboundThrough: o.through, inboundThrough: i.through,
                          outboundLeft: o.left, inboundLeft: i.left, cross: cross,
                          turnInOutbound: turnOut, turnInInbound: turnIn, outboundVolume: outVol, inboundVolume: inVol,
                          outboundLanes: o.lanes, inboundLanes: i.lanes,
                          pedestrianMinimumCross: x.pedestrianMinimumCross, pedestrianMinimumAlong: x.pedestrianMinimumAlong)
    }

    /// +1 when a cross approach comes from the outbound traffic's left-hand side (its right turn joins outbound
    /// traffic), −1 otherwise. Bearings are where traffic comes from.
    static func relativeSide(cross: Double, outbound: Double) -> Int {
        // Outbound traffic arriving from bearing `outbound` heads toward outbound+180. A road on its left
        // comes from heading-90.
        let heading = normalized(outbound + 180, 360)
        let leftSide = normalized(heading - 90, 360)
        var d = abs(normalized(cross, 360) - leftSide)
        d = min(d, 360 - d)
        return d < 90 ? 1 : -1
    }
}

/// Webster's cycle and splits.
public enum Webster {
    /// Bounds on any cycle Pingan proposes, s.
    public static let minimumCycle = 40.0
    public static let maximumCycle = 150.0
    /// Flow ratio sum above which an intersection is treated as over capacity.
    public static let capacityLimit = 0.92

    /// Lost time per cycle: two barrier clearances plus one amber when a ring has a protected left.
    public static func lostTime(_ d: NodeDemand, _ c: Clearances = Clearances()) -> Double {
        2 * c.barrier + (d.hasProtectedLeft ? c.amber : 0)
    }

    /// Webster's optimum cycle C0 = (1.5 L + 5) / (1 − Y), bounded; throws when demand exceeds capacity.
    public static func cycle(_ d: NodeDemand, _ c: Clearances = Clearances()) throws -> Double {
        let y = d.total
        if y >= capacityLimit {
            throw SignalsError("路口 \(d.intersectionId)",
                               "流量超过通行能力（关键流量比之和 Y = \(fmt(y)) ≥ \(fmt(capacityLimit))），无法配时")
        }
        let c0 = (1.5 * lostTime(d, c) + 5) / (1 - y)
        let floor = 2 * c.barrier + c.amber + d.pedestrianMinimumCross + d.pedestrianMinimumAlong + (d.hasProtectedLeft ? 6 : 0)
        return min(max(c0, minimumCycle, floor), maximumCycle)
    }

    /// The common cycle of a set of intersections: the longest Webster cycle, rounded up to a whole second.
    public static func commonCycle(_ demands: [NodeDemand], _ c: Clearances = Clearances()) throws -> Double {
        var longest = minimumCycle
        for d in demands { longest = max(longest, try cycle(d, c)) }
        return longest.rounded(.up)
    }

    /// Splits at a given cycle, green in proportion to the critical flow ratios, then raised to the pedestrian
    /// minimums. Offsets and left-turn order are left at 0 / leading.
    public static func timing(_ d: NodeDemand, cycle: Double, _ c: Clearances = Clearances(),
                              arterialShare: Double? = nil) throws -> NodeTiming {
        let who = "路口 \(d.intersectionId)"
        let available = cycle - 2 * c.barrier
        let ringLoss = d.hasProtectedLeft ? c.amber : 0
        let y = d.total
        let share = arterialShare ?? (y > 0 ? d.arterial / y : 0.5)
        var span = ringLoss + (available - ringLoss) * share
        var cross = available - span
        if cross < d.pedestrianMinimumCross { span -= d.pedestrianMinimumCross - cross; cross = d.pedestrianMinimumCross }
        func leftGreen(_ left: Double, _ through: Double) -> Double {
            guard left > 0 else { return 0 }
            return max(6, (span - c.amber) * left / (left + through))
        }
        var lA = leftGreen(d.inboundLeft, d.outboundThrough)
        var lB = leftGreen(d.outboundLeft, d.inboundThrough)
        // Through greens (ring length minus left and its amber) must let pedestrians cross the side street.
        func through(_ l: Double) -> Double { l > 0 ? span - l - c.amber : span }
        for _ in 0..<2 {
            let short = d.pedestrianMinimumAlong - min(through(lA), through(lB))
            guard short > 1e-9 else { break }
            let fromLefts = min(short, max(0, max(lA, lB) - 6))
            if lA > 0 { lA = max(6, lA - fromLefts) }
            if lB > 0 { lB = max(6, lB - fromLefts) }
            let still = d.pedestrianMinimumAlong - min(through(lA), through(lB))
            if still > 1e-9 { span += still; cross -= still }
        }
        if cross + 1e-9 < d.pedestrianMinimumCross || min(through(lA), through(lB)) + 1e-9 < d.pedestrianMinimumAlong {
            throw SignalsError(who, "周期 \(fmt(cycle)) 秒内无法同时满足行人最短绿灯（横过干线 \(fmt(d.pedestrianMinimumCross)) 秒、沿干线 \(fmt(d.pedestrianMinimumAlong)) 秒）")
        }
        return NodeTiming(cycle: cycle, arterialGroup: span + c.barrier, inboundLeft: lA, outboundLeft: lB, clearances: c)
    }
}
