// The timing structure Pingan gives an arterial intersection: a dual-ring arterial group followed by a
// cross-street group. Ring A runs the inbound left then the outbound through (or the reverse), ring B the
// outbound left and the inbound through; each ring leads or lags its left turn (MAXBAND's δ choices).

/// Clearance times shared by all plans Pingan writes.
public struct Clearances: Sendable, Codable, Hashable {
    public var amber: Double
    public var allRed: Double
    /// Creates clearances.
    public init(amber: Double = 3, allRed: Double = 2) { self.amber = amber; self.allRed = allRed }
    /// Amber plus all-red at the end of a group.
    public var barrier: Double { amber + allRed }
}

/// The timing of one arterial intersection within a coordinated plan.
public struct NodeTiming: Sendable, Codable, Hashable {
    public var cycle: Double
    /// Length of the arterial group including its closing amber and all-red, s.
    public var arterialGroup: Double
    /// Protected green of the inbound left (ring A), 0 when the left turn is permissive.
    public var inboundLeft: Double
    /// Protected green of the outbound left (ring B), 0 when permissive.
    public var outboundLeft: Double
    /// Ring A runs its left before the outbound through.
    public var leadInboundLeft: Bool
    /// Ring B runs its left before the inbound through.
    public var leadOutboundLeft: Bool
    /// Phase 0 (start of the arterial group) begins at t = offset (mod cycle).
    public var offset: Double
    public var clearances: Clearances

    /// Creates a timing.
    public init(cycle: Double, arterialGroup: Double, inboundLeft: Double, outboundLeft: Double,
                leadInboundLeft: Bool = true, leadOutboundLeft: Bool = true, offset: Double = 0,
                clearances: Clearances = Clearances()) {
        self.cycle = cycle; self.arterialGroup = arterialGroup; self.inboundLeft = inboundLeft
        self.outboundLeft = outboundLeft; self.leadInboundLeft = leadInboundLeft
        self.leadOutboundLeft = leadOutboundLeft; self.offset = offset; self.clearances = clearances
    }

    /// Time from the group start to the final amber.
    public var arterialSpan: Double { arterialGroup - clearances.barrier }
    /// Green of the cross street, s.
    public var crossGreen: Double { cycle - arterialGroup - clearances.barrier }

    /// Green window of the outbound through within the cycle (start relative to phase 0, length).
    public var outboundThrough: (start: Double, length: Double) {
        ringWindow(left: inboundLeft, lead: leadInboundLeft)
    }
    /// Green window of the inbound through.
    public var inboundThrough: (start: Double, length: Double) {
        ringWindow(left: outboundLeft, lead: leadOutboundLeft)
    }
    /// Green window of the outbound left (on the outbound approach), nil when permissive.
    public var outboundLeftWindow: (start: Double, length: Double)? {
        leftWindow(left: outboundLeft, lead: leadOutboundLeft)
    }
    /// Green window of the inbound left, nil when permissive.
    public var inboundLeftWindow: (start: Double, length: Double)? {
        leftWindow(left: inboundLeft, lead: leadInboundLeft)
    }
    /// Green window of the cross street.
    public var crossWindow: (start: Double, length: Double) { (arterialGroup, crossGreen) }

    private func ringWindow(left: Double, lead: Bool) -> (start: Double, length: Double) {
        guard left > 0 else { return (0, arterialSpan) }
        let length = arterialSpan - left - clearances.amber
        return (lead ? left + clearances.amber : 0, length)
    }

    private func leftWindow(left: Double, lead: Bool) -> (start: Double, length: Double)? {
        guard left > 0 else { return nil }
        return (lead ? 0 : arterialSpan - left, left)
    }

    /// The same timing as a list of phases (for validation, reports and storage).
    public func plan(intersectionId: String, pedestrianMinimumCross: Double = 0, pedestrianMinimumAlong: Double = 0) -> SignalPlan {
        var phases: [SignalPhase] = []
        // Cut the arterial group at every start/end of a ring's intervals.
        let a = clearances.amber
        var cuts: Set<Double> = [0, arterialSpan]
        for w in [outboundLeftWindow, inboundLeftWindow].compactMap({ $0 }) {
            cuts.insert(w.start); cuts.insert(w.start + w.length); cuts.insert(min(w.start + w.length + a, arterialSpan))
        }
        for w in [outboundThrough, inboundThrough] {
            cuts.insert(w.start); cuts.insert(w.start + w.length)
        }
        let sorted = cuts.filter { $0 >= 0 && $0 <= arterialSpan }.sorted()
        func green(_ w: (start: Double, length: Double)?, _ t: Double) -> Bool {
            guard let w else { return false }
            return t >= w.start - 1e-9 && t < w.start + w.length - 1e-9
        }
        var pieces: [(names: [String], length: Double)] = []
        for (s, e) in zip(sorted, sorted.dropFirst()) where e - s > 1e-9 {
            var names: [String] = []
            if green(inboundLeftWindow, s) { names.append("inbound.left") }
            if green(outboundLeftWindow, s) { names.append("outbound.left") }
            if green(outboundThrough, s) { names.append("outbound.through") }
            if green(inboundThrough, s) { names.append("inbound.through") }
            if let last = pieces.last, last.names == names { pieces[pieces.count - 1].length += e - s }
            else { pieces.append((names, e - s)) }
        }
        // A piece with no green is the amber between a ring's left and its through: fold it into the previous phase.
        var k = 0
        while k < pieces.count {
            let p = pieces[k]
            if p.names.isEmpty, k > 0 {
                phases[phases.count - 1].amber += p.length
            } else {
                phases.append(SignalPhase(name: p.names.joined(separator: "+"), movements: p.names, green: p.length,
                                          amber: 0, allRed: 0, pedestrianMinimum: 0))
            }
            k += 1
        }
        if phases.isEmpty { phases.append(SignalPhase(name: "arterial", movements: [], green: arterialSpan, amber: 0)) }
        phases[phases.count - 1].amber += clearances.amber
        phases[phases.count - 1].allRed += clearances.allRed
        // Pedestrians walk along the arterial while either through runs: check that span as one phase minimum.
        let alongGreen = max(outboundThrough.length, inboundThrough.length)
        if alongGreen + 1e-9 < pedestrianMinimumAlong, let i = phases.firstIndex(where: { $0.movements.contains("outbound.through") }) {
            phases[i].pedestrianMinimum = pedestrianMinimumAlong
        }
        phases.append(SignalPhase(name: "cross", movements: ["cross"], green: crossGreen, amber: clearances.amber,
                                  allRed: clearances.allRed, pedestrianMinimum: pedestrianMinimumCross))
        return SignalPlan(intersectionId: intersectionId, cycle: cycle, offset: normalized(offset, cycle), phases: phases)
    }
}

/// x mod m in [0, m).
func normalized(_ x: Double, _ m: Double) -> Double {
    guard m > 0 else { return x }
    let r = x.truncatingRemainder(dividingBy: m)
    return r < 0 ? r + m : (r >= m ? 0 : r)
}
