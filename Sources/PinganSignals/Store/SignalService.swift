import Foundation
import NIOPosix
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// The signals part as users reach it: arterials with their bands, proposals, plans and evaluations.
/// Reading needs `signals.read`, changing `signals.write`; a user sees the intersections inside their scope
/// and an arterial when all of its intersections are, and anything else answers like a missing record.
public struct SignalService: Sendable {
    let database: Database
    let audit: AuditLog
    let clock: any PinganClock
    let time: CountyTime

    /// Creates the service.
    public init(database: Database, audit: AuditLog, clock: any PinganClock, time: CountyTime) {
        self.database = database
        self.audit = audit
        self.clock = clock
        self.time = time
    }

    /// A period from a query or path value; the morning peak when absent.
    public static func period(_ text: String?, field: String = "period") throws -> DayPeriod {
        guard let text, !text.isEmpty else { return .morningPeak }
        guard let p = DayPeriod(rawValue: text) else {
            throw Problem.invalid(field, "时段须为 morningPeak、offPeak、eveningPeak 或 night")
        }
        return p
    }

    /// Runs an optimiser on NIO's blocking thread pool. A network solve is seconds of arithmetic; on the
    /// cooperative pool (two threads on a two-core server) it would hold up every other request meanwhile.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    /// A model error as a 422 the engineer can act on.
    static func unprocessable(_ error: any Error) -> any Error {
        switch error {
        case let e as SignalsError:
            return Problem(status: 422, kind: "signals", title: "无法配时", detail: e.description)
        case let e as SignalsValidationError:
            return Problem(status: 422, kind: "signals", title: "配时方案无效", detail: e.description)
        default:
            return error
        }
    }

    func format(_ millis: Int64) -> String { time.format(Date(epochMillis: millis)) }

    // MARK: Scope

    /// Ids of the intersections inside the caller's scope.
    func visibleIntersections(_ identity: Identity, on db: any SQLDatabase) async throws -> Set<String> {
        var ids = Set<String>()
        for r in try await db.raw("SELECT id, grid_path FROM signal_intersections").all()
        where identity.scope.contains(path: try r.decode(column: "grid_path", as: String.self)) {
            ids.insert(try r.decode(column: "id", as: String.self))
        }
        return ids
    }

    /// An arterial the caller may see, or 404.
    func visibleArterial(_ id: String, _ identity: Identity, on db: any SQLDatabase) async throws -> Arterial {
        guard id.count <= 64, let a = try await SignalStore.arterials(on: db).first(where: { $0.id == id }),
              !a.intersectionIds.isEmpty
        else { throw Problem.notFound }
        let visible = try await visibleIntersections(identity, on: db)
        guard a.intersectionIds.allSatisfy(visible.contains) else { throw Problem.notFound }
        return a
    }

    // MARK: Arterial state

    /// An arterial with what its bands are computed from, for one period.
    struct ArterialState {
        var arterial: Arterial
        var sites: [StoredIntersection]
        var plans: [StoredPlan]
        var proposal: StoredProposal?
        var intersections: [Intersection] { sites.map(\.intersection) }
        /// The version of each intersection's current plan (a proposal's `basis` when optimised now).
        var versions: [String: Int] { Dictionary(plans.map { ($0.plan.intersectionId, $0.version) }, uniquingKeysWith: { a, _ in a }) }
        var names: [String: String] { Dictionary(sites.map { ($0.intersection.id, $0.intersection.name) }, uniquingKeysWith: { a, _ in a }) }
    }

    func state(_ a: Arterial, period: DayPeriod, on db: any SQLDatabase) async throws -> ArterialState {
        let sites = try await SignalStore.intersections(a.intersectionIds, period: period, on: db)
        let plans = try await SignalStore.currentPlans(a.intersectionIds, period: period, on: db)
        var orderedSites: [StoredIntersection] = [], orderedPlans: [StoredPlan] = []
        for id in a.intersectionIds {
            guard let s = sites[id] else { throw Problem.notFound }
            guard let p = plans[id]?[period] else {
                throw Problem(status: 409, kind: "conflict", title: "状态冲突", detail: "路口 \(id) 没有\(period.label)的配时方案。")
            }
            orderedSites.append(s); orderedPlans.append(p)
        }
        return ArterialState(arterial: a, sites: orderedSites, plans: orderedPlans,
                             proposal: try await SignalStore.proposal(a.id, period, on: db))
    }

    /// Bands of the plans the intersections run now.
    func currentReport(_ s: ArterialState) throws -> BandReport {
        let byId = Dictionary(s.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        do {
            let demands = try ArterialOptimizer.demands(s.arterial, byId)
            return PlanBands.report(s.arterial, intersections: s.intersections, demands: demands, plans: s.plans.map(\.plan))
        } catch { throw Self.unprocessable(error) }
    }

    func currentView(_ s: ArterialState, _ report: BandReport) -> PlanView {
        let latest = s.plans.max { ($0.validFrom, $0.version) < ($1.validFrom, $1.version) }
        var view = PlanView(report: report, cycles: s.plans.map(\.plan.cycle), offsets: s.plans.map(\.plan.offset),
                            createdAt: format(latest?.validFrom ?? 0), createdBy: latest?.changedBy ?? "")
        if Set(s.plans.map(\.plan.cycle)).count > 1 { view.note = "各路口周期不一致，无法形成绿波" }
        return view
    }

    func proposalView(_ p: StoredProposal, _ s: ArterialState) -> PlanView {
        var view = PlanView(report: p.report, cycles: p.plans.map(\.cycle), offsets: p.plans.map(\.offset),
                            createdAt: format(p.createdAt), createdBy: p.createdBy)
        view.maxband = .init(outbound: p.optimum.outbound, inbound: p.optimum.inbound)
        view.appliedAt = p.appliedAt.map(format)
        view.appliedBy = p.appliedBy
        view.stale = ProposalBasis.staleness(p.basis, current: s.versions, names: s.names)
        return view
    }

    func view(_ s: ArterialState, period: DayPeriod) throws -> ArterialView {
        var position = 0.0
        let nodes = s.sites.enumerated().map { k, site -> ArterialNodeView in
            if k > 0 { position += s.arterial.distances[k - 1] }
            let x = site.intersection
            return ArterialNodeView(id: x.id, name: x.name, position: position, lat: x.position.y, lng: x.position.x, gridCode: x.gridCode)
        }
        return ArterialView(id: s.arterial.id, name: s.arterial.name, period: period.rawValue, periodName: period.label,
                            lengthMeters: s.arterial.distances.reduce(0, +), intersections: nodes,
                            outboundSpeeds: s.arterial.outboundSpeeds, inboundSpeeds: s.arterial.inboundSpeeds,
                            current: currentView(s, try currentReport(s)), optimized: s.proposal.map { proposalView($0, s) })
    }

    // MARK: Arterials

    /// The arterials the caller may see, with the bands of their current plans and proposals for a period.
    public func arterials(period: DayPeriod, for identity: Identity) async throws -> [ArterialListItem] {
        try identity.require(.signalsRead)
        return try await database.read { db in
            let visible = try await visibleIntersections(identity, on: db)
            var items: [ArterialListItem] = []
            for a in try await SignalStore.arterials(on: db)
            where !a.intersectionIds.isEmpty && a.intersectionIds.allSatisfy(visible.contains) {
                let s = try await state(a, period: period, on: db)
                let state = s.proposal.map { p in
                    ProposalBasis.staleness(p.basis, current: s.versions) != nil ? "stale" : p.appliedAt != nil ? "applied" : "pending"
                }
                items.append(ArterialListItem(id: a.id, name: a.name, intersections: a.intersectionIds.count,
                                              lengthMeters: a.distances.reduce(0, +), period: period.rawValue,
                                              current: BandFigures(try currentReport(s)), optimized: s.proposal.map { BandFigures($0.report) },
                                              intersectionIds: a.intersectionIds, proposal: state))
            }
            return items
        }
    }

    /// One arterial for a period: its intersections, current plans and proposal, each with bands and diagram.
    public func arterial(id: String, period: DayPeriod, for identity: Identity) async throws -> ArterialView {
        try identity.require(.signalsRead)
        return try await database.read { db in
            let a = try await visibleArterial(id, identity, on: db)
            return try view(try await state(a, period: period, on: db), period: period)
        }
    }

    /// Optimises an arterial for a period on its stored volumes and stores the result as its proposal; the
    /// intersections keep running their current plans. `cycle` fixes the common cycle (else MAXBAND's search).
    public func optimize(id: String, period: DayPeriod, cycle: Double?, for identity: Identity, client: String) async throws -> ArterialView {
        try identity.require(.signalsWrite)
        if let cycle, !(cycle.isFinite && SignalsValidation.editableCycle.contains(cycle)) {
            throw Problem.invalid("cycle", "周期须在 30–240 秒之间")
        }
        let now = clock.now().epochMillis
        // The optimisation runs outside any transaction; only storing the proposal writes.
        var s = try await database.read { db in
            try await state(try await visibleArterial(id, identity, on: db), period: period, on: db)
        }
        let a = s.arterial
        let byId = Dictionary(s.intersections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let plan: ArterialPlan
        do { plan = try await Self.offPool { try ArterialOptimizer.optimize(a, intersections: byId, options: ArterialOptions(cycle: cycle)) } }
        catch { throw Self.unprocessable(error) }
        let plans = plan.timings.indices.map { k in
            MovementPlans.plan(plan.timings[k], intersection: s.intersections[k], outbound: a.outboundApproaches[k],
                               inbound: a.inboundApproaches[k])
        }
        let proposal = StoredProposal(cycle: plan.cycle, plans: plans, report: plan.report, optimum: plan.optimum,
                                      createdAt: now, createdBy: identity.username, basis: s.versions)
        try await database.write { db in try await SignalStore.saveProposal(proposal, arterialId: a.id, period: period, on: db) }
        s.proposal = proposal
        let result = try view(s, period: period)
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.optimize",
                                                 target: "arterial:\(id)", client: client, detail: ["period": .string(period.rawValue)]))
        return result
    }

    /// Makes the stored proposal the current plan of every intersection of the arterial for the period; the
    /// plans it replaces stay in the history.
    public func apply(id: String, period: DayPeriod, for identity: Identity, client: String) async throws -> ArterialView {
        try identity.require(.signalsWrite)
        let now = clock.now().epochMillis
        let result = try await database.write { db -> ArterialView in
            let a = try await visibleArterial(id, identity, on: db)
            let before = try await state(a, period: period, on: db)
            guard var proposal = before.proposal else {
                throw Problem.conflict("该干线\(period.label)尚无优化方案，请先优化。")
            }
            guard proposal.plans.map(\.intersectionId) == a.intersectionIds else {
                throw Problem.conflict("干线的路口已变化，请重新优化。")
            }
            if let reason = ProposalBasis.staleness(proposal.basis, current: before.versions, names: before.names) {
                throw Problem.conflict(reason)
            }
            do { for p in proposal.plans { try SignalsValidation.validate(p) } } catch { throw Self.unprocessable(error) }
            for p in proposal.plans {
                try await SignalStore.replacePlan(p, period: period, arterialId: a.id, source: "optimized", by: identity.username,
                                                  at: now, on: db)
            }
            var after = try await state(a, period: period, on: db)
            proposal.appliedAt = now; proposal.appliedBy = identity.username
            proposal.basis = after.versions
            try await SignalStore.saveProposal(proposal, arterialId: a.id, period: period, on: db)
            after.proposal = proposal
            return try view(after, period: period)
        }
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.apply",
                                                 target: "arterial:\(id)", client: client,
                                                 detail: ["period": .string(period.rawValue), "intersections": .int(Int64(result.intersections.count))]))
        return result
    }
}
