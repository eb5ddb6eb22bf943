// Plans as a controller runs them: each phase names the intersection's own movements (e.g. `W.through`), not the
// arterial-relative roles NodeTiming works in (`outbound.through`, `cross`). One intersection may lie on two
// arterials, so only movement ids keep a stored plan meaningful whichever arterial reads it.

/// Turns arterial-relative plans into plans over an intersection's movements.
public enum MovementPlans {
    /// Chinese phase names for the roles NodeTiming writes.
    static let roleNames: [String: String] = [
        "outbound.through": "正向直行", "inbound.through": "反向直行", "outbound.left": "正向左转",
        "inbound.left": "反向左转", "cross": "横向道路",
    ]

    /// The movement ids a role stands for at an intersection whose arterial arrives on `outbound` / `inbound`.
    /// A left turn without its own phase (0 s protected green) runs permissively with its through traffic.
    public static func movements(role: String, intersection x: Intersection, outbound: String, inbound: String,
                                 timing: NodeTiming) -> [String] {
        func ids(_ approach: String, _ turns: Set<Turn>) -> [String] {
            (x.approach(approach)?.movements ?? []).filter { turns.contains($0.turn) }.map(\.id)
        }
        let lefts: Set<Turn> = [.left, .uTurn]
        switch role {
        case "outbound.through": return ids(outbound, timing.outboundLeft > 0 ? [.through, .right] : [.through, .right, .left, .uTurn])
        case "inbound.through": return ids(inbound, timing.inboundLeft > 0 ? [.through, .right] : [.through, .right, .left, .uTurn])
        case "outbound.left": return ids(outbound, lefts)
        case "inbound.left": return ids(inbound, lefts)
        case "cross":
            return x.approaches.filter { $0.id != outbound && $0.id != inbound }.flatMap { $0.movements.map(\.id) }
        default: return []
        }
    }

    /// A NodeTiming's plan with every role replaced by the movements it stands for.
    public static func plan(_ timing: NodeTiming, intersection x: Intersection, outbound: String, inbound: String) -> SignalPlan {
        var plan = timing.plan(intersectionId: x.id, pedestrianMinimumCross: x.pedestrianMinimumCross,
                               pedestrianMinimumAlong: x.pedestrianMinimumAlong)
        plan.phases = plan.phases.map { phase in
            var p = phase
            p.movements = phase.movements.flatMap { movements(role: $0, intersection: x, outbound: outbound, inbound: inbound, timing: timing) }
            p.name = phase.movements.map { roleNames[$0] ?? $0 }.joined(separator: " + ")
            return p
        }
        return plan
    }
}

/// The plans a network runs before coordination: Webster splits at the network's common cycle, every offset 0
/// (the "offsets 0" alternative of the conventions). Each intersection is timed for its heaviest arterial.
public enum UncoordinatedPlans {
    /// One plan per intersection on an arterial, with the arterial it was timed for.
    public static func webster(_ net: SignalNetwork, clearances: Clearances = Clearances()) throws
        -> [(plan: SignalPlan, arterialId: String)] {
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let demands = try net.arterials.map { try ArterialOptimizer.demands($0, byId) }
        let volume = demands.map { $0.reduce(0) { $0 + $1.outboundVolume + $1.inboundVolume } }
        var primary: [String: (arterial: Int, index: Int)] = [:]
        for a in net.arterials.indices.sorted(by: { volume[$0] > volume[$1] }) {
            for (k, id) in net.arterials[a].intersectionIds.enumerated() where primary[id] == nil { primary[id] = (a, k) }
        }
        let ids = primary.keys.sorted()
        let cycle = try Webster.commonCycle(ids.map { demands[primary[$0]!.arterial][primary[$0]!.index] }, clearances)
        return try ids.compactMap { id in
            guard let (a, k) = primary[id], let x = byId[id] else { return nil }
            let art = net.arterials[a]
            let timing = ArterialOptimizer.wholeSeconds(try Webster.timing(demands[a][k], cycle: cycle, clearances))
            return (MovementPlans.plan(timing, intersection: x, outbound: art.outboundApproaches[k], inbound: art.inboundApproaches[k]),
                    art.id)
        }
    }
}
