// Green waves for the whole network at once. Per-arterial proposals each rewrite the intersections an arterial
// shares with crossing arterials, so applying one can break another's band; the network proposal times every
// intersection at one common cycle with offsets that agree around every loop (NetworkOptimizer, solved exactly)
// and is applied as a whole, in one transaction.

import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// A coordinated plan for every intersection of the network and one period, waiting to be applied.
public struct StoredNetworkProposal: Sendable, Codable, Hashable {
    public var cycle: Double
    public var objective: Double
    public var bound: Double
    public var nodes: Int
    public var uncoordinated: [String]
    public var arterials: [NetworkArterialResult]
    /// Plans over the intersections' movements, one per intersection, in network order.
    public var plans: [SignalPlan]
    /// For each plan, the arterial it is timed for (the heaviest through the intersection).
    public var timedFor: [String]
    public var createdAt: Int64 = 0
    public var createdBy: String = ""
    public var appliedAt: Int64?
    public var appliedBy: String?
    /// The plan versions it was optimised from (`ProposalBasis`); nil for one stored before they were recorded.
    public var basis: [String: Int]?

    enum CodingKeys: String, CodingKey { case cycle, objective, bound, nodes, uncoordinated, arterials, plans, timedFor, basis }
}

/// One arterial in the network proposal.
public struct NetworkArterialView: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var outbound: Double
    public var inbound: Double
    /// (b + b̄) / 2C.
    public var efficiency: Double
    /// Weighted objective b + k·b̄ the arterial reaches in the network, s.
    public var objective: Double
    /// Its optimum on its own at the network cycle (b + k·b̄), an upper bound for `objective`.
    public var bound: Double
    /// False when it was left out of the coordination (its offsets follow the others).
    public var coordinated: Bool
}

/// The network proposal of a period as the API answers it.
public struct NetworkView: Sendable, Encodable {
    public var period: String
    public var periodName: String
    public var cycle: Double
    public var objective: Double
    public var bound: Double
    /// bound − objective, s: 0 when the branch-and-bound proved the plan optimal.
    public var gap: Double
    /// gap ≤ 0.001 s.
    public var proven: Bool
    public var nodes: Int
    public var intersections: Int
    public var uncoordinated: [String]
    public var arterials: [NetworkArterialView]
    public var createdAt: String
    public var createdBy: String
    public var appliedAt: String?
    public var appliedBy: String?
    /// Why the proposal can no longer be applied (`ProposalBasis.staleness`); nil when it can.
    public var stale: String?

    enum CodingKeys: String, CodingKey {
        case period, periodName, cycle, objective, bound, gap, proven, nodes, intersections, uncoordinated, arterials,
             createdAt, createdBy, appliedAt, appliedBy, stale
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period); try c.encode(periodName, forKey: .periodName); try c.encode(cycle, forKey: .cycle)
        try c.encode(objective, forKey: .objective); try c.encode(bound, forKey: .bound); try c.encode(gap, forKey: .gap)
        try c.encode(proven, forKey: .proven); try c.encode(nodes, forKey: .nodes); try c.encode(intersections, forKey: .intersections)
        try c.encode(uncoordinated, forKey: .uncoordinated); try c.encode(arterials, forKey: .arterials)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(createdBy, forKey: .createdBy)
        try c.encode(appliedAt, forKey: .appliedAt); try c.encode(appliedBy, forKey: .appliedBy); try c.encode(stale, forKey: .stale)
    }
}

extension SignalStore {
    /// The network proposal of a period.
    public static func networkProposal(_ period: DayPeriod, on db: any SQLDatabase) async throws -> StoredNetworkProposal? {
        guard let r = try await db.raw("SELECT * FROM signal_network_proposals WHERE day_period = \(bind: period.rawValue)").first()
        else { return nil }
        var p = try decode(StoredNetworkProposal.self, try r.decode(column: "body", as: String.self))
        p.createdAt = try r.decode(column: "created_at", as: Int64.self)
        p.createdBy = try r.decode(column: "created_by", as: String.self)
        p.appliedAt = try r.decode(column: "applied_at", as: Int64?.self)
        p.appliedBy = try r.decode(column: "applied_by", as: String?.self)
        return p
    }

    /// Replaces the network proposal of a period.
    public static func saveNetworkProposal(_ p: StoredNetworkProposal, period: DayPeriod, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM signal_network_proposals WHERE day_period = \(bind: period.rawValue)").run()
        try await insert(db, "signal_network_proposals", ["day_period", "created_at", "created_by", "applied_at", "applied_by", "body"],
                         [[period.rawValue, p.createdAt, p.createdBy, p.appliedAt, p.appliedBy, try json(p)]])
    }
}

extension SignalService {
    /// Every arterial with intersections and the intersections on them, with one period's volumes. The network
    /// proposal rewrites every intersection, so a caller whose scope leaves any of them out gets a 404, as for an
    /// arterial with an intersection outside the scope.
    func wholeNetwork(_ identity: Identity, period: DayPeriod, on db: any SQLDatabase) async throws -> SignalNetwork {
        let arterials = try await SignalStore.arterials(on: db).filter { !$0.intersectionIds.isEmpty }
        let sites = try await SignalStore.intersections(nil, period: period, on: db)
        let visible = try await visibleIntersections(identity, on: db)
        guard sites.keys.allSatisfy(visible.contains) else { throw Problem.notFound }
        guard !arterials.isEmpty else { throw Problem.conflict("尚未配置信号控制干线。") }
        var ids: [String] = []
        var seen = Set<String>()
        for a in arterials { for id in a.intersectionIds where seen.insert(id).inserted { ids.append(id) } }
        let intersections = try ids.map { id -> Intersection in
            guard let s = sites[id] else { throw Problem.conflict("干线上的路口 \(id) 不存在。") }
            return s.intersection
        }
        return SignalNetwork(intersections: intersections, arterials: arterials)
    }

    /// `current`: the plan versions running now, against which the proposal may have gone stale.
    func networkView(_ p: StoredNetworkProposal, period: DayPeriod, net: SignalNetwork, current: [String: Int]) -> NetworkView {
        let names = Dictionary(net.arterials.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let left = Set(p.uncoordinated)
        let arterials = p.arterials.map { r in
            NetworkArterialView(id: r.arterialId, name: names[r.arterialId] ?? r.arterialId, outbound: r.outbound, inbound: r.inbound,
                                efficiency: r.efficiency, objective: r.objective, bound: r.bound, coordinated: !left.contains(r.arterialId))
        }
        let gap = max(0, p.bound - p.objective)
        return NetworkView(period: period.rawValue, periodName: period.label, cycle: p.cycle, objective: p.objective, bound: p.bound,
                           gap: gap, proven: gap <= 1e-3, nodes: p.nodes, intersections: p.plans.count, uncoordinated: p.uncoordinated,
                           arterials: arterials, createdAt: format(p.createdAt), createdBy: p.createdBy,
                           appliedAt: p.appliedAt.map(format), appliedBy: p.appliedBy,
                           stale: ProposalBasis.staleness(p.basis, current: current, names: Self.intersectionNames(net)))
    }

    static func intersectionNames(_ net: SignalNetwork) -> [String: String] {
        Dictionary(net.intersections.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The network proposal of a period, or 404 when there is none yet.
    public func network(period: DayPeriod, for identity: Identity) async throws -> NetworkView {
        try identity.require(.signalsRead)
        return try await database.read { db in
            let net = try await wholeNetwork(identity, period: period, on: db)
            guard let p = try await SignalStore.networkProposal(period, on: db) else {
                throw Problem(status: 404, kind: "not-found", title: "未找到", detail: "\(period.label)尚无路网协调方案，请先优化。")
            }
            let current = try await ProposalBasis.current(net.intersections.map(\.id), period: period, on: db)
            return networkView(p, period: period, net: net, current: current)
        }
    }

    /// Optimises every arterial together for a period at one common cycle (Webster's common cycle over all
    /// intersections unless `cycle` is given) and stores the result as the period's network proposal; the
    /// intersections keep running their current plans.
    public func optimizeNetwork(period: DayPeriod, cycle: Double?, for identity: Identity, client: String) async throws -> NetworkView {
        try identity.require(.signalsWrite)
        if let cycle, !(cycle.isFinite && SignalsValidation.editableCycle.contains(cycle)) {
            throw Problem.invalid("cycle", "周期须在 30–240 秒之间")
        }
        let now = clock.now().epochMillis
        // The optimisation runs outside any transaction; only storing the proposal writes.
        let (net, basis) = try await database.read { db in
            let net = try await wholeNetwork(identity, period: period, on: db)
            return (net, try await ProposalBasis.current(net.intersections.map(\.id), period: period, on: db))
        }
        let byId = Dictionary(net.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let plan: NetworkPlan
        let primary: [String: Int]
        do {
            (plan, primary) = try await Self.offPool { (try NetworkOptimizer.optimize(net, cycle: cycle), try NetworkOptimizer.primaryArterials(net)) }
        } catch { throw Self.unprocessable(error) }
        var plans: [SignalPlan] = [], timedFor: [String] = []
        for x in net.intersections {
            guard let a = primary[x.id], let timing = plan.timings[x.id],
                  let k = net.arterials[a].intersectionIds.firstIndex(of: x.id) else { continue }
            let art = net.arterials[a]
            plans.append(MovementPlans.plan(timing, intersection: byId[x.id] ?? x, outbound: art.outboundApproaches[k],
                                            inbound: art.inboundApproaches[k]))
            timedFor.append(art.id)
        }
        let proposal = StoredNetworkProposal(cycle: plan.cycle, objective: plan.objective, bound: plan.bound, nodes: plan.nodes,
                                             uncoordinated: plan.uncoordinated, arterials: plan.arterials, plans: plans,
                                             timedFor: timedFor, createdAt: now, createdBy: identity.username, basis: basis)
        try await database.write { db in try await SignalStore.saveNetworkProposal(proposal, period: period, on: db) }
        let result = networkView(proposal, period: period, net: net, current: basis)
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.network.optimize",
                                                 target: "network", client: client,
                                                 detail: ["period": .string(period.rawValue), "intersections": .int(Int64(plans.count))]))
        return result
    }

    /// Makes the network proposal the current plan of every intersection for the period, in one transaction;
    /// the plans it replaces stay in the history.
    public func applyNetwork(period: DayPeriod, for identity: Identity, client: String) async throws -> NetworkView {
        try identity.require(.signalsWrite)
        let now = clock.now().epochMillis
        let result = try await database.write { db -> NetworkView in
            let net = try await wholeNetwork(identity, period: period, on: db)
            guard var proposal = try await SignalStore.networkProposal(period, on: db) else {
                throw Problem.conflict("路网\(period.label)尚无协调方案，请先优化。")
            }
            guard proposal.plans.map(\.intersectionId) == net.intersections.map(\.id),
                  Set(proposal.arterials.map(\.arterialId)) == Set(net.arterials.map(\.id)) else {
                throw Problem.conflict("路网的干线或路口已变化，请重新优化。")
            }
            let ids = net.intersections.map(\.id)
            if let reason = ProposalBasis.staleness(proposal.basis, current: try await ProposalBasis.current(ids, period: period, on: db),
                                                    names: Self.intersectionNames(net)) {
                throw Problem.conflict(reason)
            }
            do { for p in proposal.plans { try SignalsValidation.validate(p) } } catch { throw Self.unprocessable(error) }
            for (p, arterialId) in zip(proposal.plans, proposal.timedFor) {
                try await SignalStore.replacePlan(p, period: period, arterialId: arterialId, source: "optimized", by: identity.username,
                                                  at: now, on: db)
            }
            proposal.appliedAt = now; proposal.appliedBy = identity.username
            let applied = try await ProposalBasis.current(ids, period: period, on: db)
            proposal.basis = applied
            try await SignalStore.saveNetworkProposal(proposal, period: period, on: db)
            return networkView(proposal, period: period, net: net, current: applied)
        }
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.network.apply",
                                                 target: "network", client: client,
                                                 detail: ["period": .string(period.rawValue), "intersections": .int(Int64(result.intersections))]))
        return result
    }
}
