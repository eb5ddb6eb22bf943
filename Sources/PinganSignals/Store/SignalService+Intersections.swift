import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

extension SignalService {
    /// The intersections the caller may see, all or those of one (visible) arterial in its order.
    public func intersections(arterial: String?, for identity: Identity) async throws -> [IntersectionListItem] {
        try identity.require(.signalsRead)
        return try await database.read { db in
            let ids: [String]
            if let arterial, !arterial.isEmpty {
                ids = try await visibleArterial(arterial, identity, on: db).intersectionIds
            } else {
                ids = try await visibleIntersections(identity, on: db).sorted()
            }
            let sites = try await SignalStore.intersections(ids, period: .morningPeak, on: db)
            let through = try await visibleArterialsThrough(ids, identity, on: db)
            return ids.compactMap { id in
                guard let x = sites[id]?.intersection else { return nil }
                return IntersectionListItem(id: x.id, name: x.name, gridCode: x.gridCode, lat: x.position.y, lng: x.position.x,
                                            arterials: through[id] ?? [])
            }
        }
    }

    /// Arterials through intersections, limited to those the caller may see.
    func visibleArterialsThrough(_ ids: [String], _ identity: Identity, on db: any SQLDatabase) async throws -> [String: [String]] {
        let visible = try await visibleIntersections(identity, on: db)
        let hidden = Set(try await SignalStore.arterials(on: db).filter { !$0.intersectionIds.allSatisfy(visible.contains) }.map(\.id))
        return try await SignalStore.arterialsThrough(ids, on: db).mapValues { $0.filter { !hidden.contains($0) } }
    }

    /// One intersection: movements with the period's volumes, each period's current plan, history and schedule.
    public func intersection(id: String, period: DayPeriod, for identity: Identity) async throws -> IntersectionView {
        try identity.require(.signalsRead)
        return try await database.read { db in try await intersectionView(id, period: period, identity, on: db) }
    }

    func intersectionView(_ id: String, period: DayPeriod, _ identity: Identity, on db: any SQLDatabase) async throws -> IntersectionView {
        guard id.count <= 64, let site = try await SignalStore.intersections([id], period: period, on: db)[id],
              identity.scope.contains(path: site.gridPath)
        else { throw Problem.notFound }
        let x = site.intersection
        let volumes = try await SignalStore.volumes(of: id, on: db)
        let plans = try await SignalStore.currentPlans([id], period: nil, on: db)[id] ?? [:]
        let approaches = x.approaches.map { a in
            ApproachView(id: a.id, bearing: a.bearing, lanes: a.lanes, movements: a.movements.map { m in
                MovementView(id: m.id, turn: m.turn.rawValue, lanes: m.lanes, saturationFlowPerLane: m.saturationFlowPerLane,
                             exclusiveLane: m.exclusiveLane, volume: m.volume, volumes: volumes[m.id] ?? [:])
            })
        }
        let planViews = DayPeriod.allCases.compactMap { p -> IntersectionPlanView? in
            guard let s = plans[p] else { return nil }
            return IntersectionPlanView(period: p.rawValue, periodName: p.label, cycle: s.plan.cycle, offset: s.plan.offset,
                                        phases: s.plan.phases.map(PhaseView.init), updatedAt: format(s.validFrom), updatedBy: s.changedBy,
                                        arterial: s.arterialId, source: s.source)
        }
        let history = try await SignalStore.planHistory(id, limit: 40, on: db).map { s in
            PlanHistoryEntry(period: s.period.rawValue, version: s.version, cycle: s.plan.cycle, offset: s.plan.offset, source: s.source,
                             changedBy: s.changedBy, validFrom: format(s.validFrom), validTo: s.validTo.map(format))
        }
        func hhmm(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
        let schedule = TimeOfDaySchedule.standard.entries.map {
            ScheduleView(period: $0.period.rawValue, start: hhmm($0.startMinute), end: hhmm($0.endMinute))
        }
        return IntersectionView(id: x.id, name: x.name, lat: x.position.y, lng: x.position.x, gridCode: x.gridCode, gridPath: site.gridPath,
                                period: period.rawValue, arterials: try await visibleArterialsThrough([id], identity, on: db)[id] ?? [],
                                approaches: approaches, pedestrianMinimumCross: x.pedestrianMinimumCross,
                                pedestrianMinimumAlong: x.pedestrianMinimumAlong, plans: planViews, schedule: schedule, history: history)
    }

    /// Replaces an intersection's plan for a period with one an engineer edited, after checking every field
    /// (422 with the fields at fault). The plan keeps the arterial it was timed for, which decides which
    /// pedestrian minimum each through green must meet.
    public func updatePlan(id: String, period: DayPeriod, cycle: Double, offset: Double, phases: [SignalPhase],
                           for identity: Identity, client: String) async throws -> IntersectionView {
        try identity.require(.signalsWrite)
        let now = clock.now().epochMillis
        let view = try await database.write { db -> IntersectionView in
            guard id.count <= 64, let site = try await SignalStore.intersections([id], period: period, on: db)[id],
                  identity.scope.contains(path: site.gridPath)
            else { throw Problem.notFound }
            let current = try await SignalStore.currentPlans([id], period: period, on: db)[id]?[period]
            var axis: (outbound: String, inbound: String)?
            if let arterialId = current?.arterialId, let a = try await SignalStore.arterials(on: db).first(where: { $0.id == arterialId }),
               let k = a.intersectionIds.firstIndex(of: id) {
                axis = (a.outboundApproaches[k], a.inboundApproaches[k])
            }
            let plan = SignalPlan(intersectionId: id, cycle: cycle, offset: offset, phases: phases)
            let problems = SignalsValidation.editProblems(plan, intersection: site.intersection, axis: axis)
            guard problems.isEmpty else {
                throw Problem(status: 422, kind: "validation", title: "配时方案无效",
                              detail: "配时方案有 \(problems.count) 处问题：" + problems.map(\.message).joined(separator: "；"),
                              errors: problems.map { .init(field: $0.field, message: $0.message) })
            }
            try await SignalStore.replacePlan(plan, period: period, arterialId: current?.arterialId, source: "manual",
                                              by: identity.username, at: now, on: db)
            return try await intersectionView(id, period: period, identity, on: db)
        }
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.plan.update",
                                                 target: "intersection:\(id)", client: client,
                                                 detail: ["period": .string(period.rawValue)]))
        return view
    }

    // MARK: Evaluations

    /// Records a measured evaluation (422 naming the fields when it is unusable) and returns it as stored.
    @discardableResult
    public func recordEvaluation(_ record: SignalEvaluationRecord, for identity: Identity, client: String) async throws -> JSONValue {
        try identity.require(.signalsWrite)
        let problems = record.problems()
        guard problems.isEmpty else {
            throw Problem(status: 422, kind: "validation", title: "评估结果无效", detail: "评估结果有 \(problems.count) 处问题",
                          errors: problems.map { .init(field: $0.field, message: $0.message) })
        }
        let now = clock.now().epochMillis
        let body = try SignalStore.json(record)
        let id = UUID().uuidString.lowercased()
        try await database.write { db in try await SignalStore.insertEvaluation(id: id, body: body, by: identity.username, at: now, on: db) }
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "signals.evaluation.record",
                                                 target: "evaluation:\(id)", client: client, detail: ["source": .string(record.source)]))
        return try stored(body, at: now, by: identity.username)
    }

    func stored(_ body: String, at: Int64, by username: String) throws -> JSONValue {
        guard case .object(var object) = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) else { throw Problem.notFound }
        object["recordedAt"] = .string(format(at))
        object["recordedBy"] = .string(username)
        return .object(object)
    }

    /// The latest recorded evaluation with when and by whom it was recorded, or 404 when there is none.
    public func latestEvaluation(for identity: Identity) async throws -> JSONValue {
        try identity.require(.signalsRead)
        guard let latest = try await database.read({ db in try await SignalStore.latestEvaluation(on: db) }) else { throw Problem.notFound }
        return try stored(latest.body, at: latest.at, by: latest.by)
    }
}
