// Checks of a plan an engineer edits by hand, field by field, so the page can mark each wrong input. A plan
// that fails any of them is never stored (and so never reaches a controller).

/// One field of an edited plan at fault.
public struct PlanFieldProblem: Sendable, Hashable, Codable {
    /// JSON path of the field, e.g. `phases[1].green`.
    public var field: String
    /// What is wrong, in Chinese.
    public var message: String
    /// Creates a problem.
    public init(field: String, message: String) { self.field = field; self.message = message }
}

extension SignalsValidation {
    /// Cycle bounds an edited plan must keep, s.
    public static let editableCycle: ClosedRange<Double> = 30...240

    /// Problems of a hand-edited plan for an intersection. `axis` names the approaches (outbound, inbound) of
    /// the arterial the plan is timed for: pedestrians walking beside its through traffic cross the side street
    /// and need `pedestrianMinimumAlong`; those beside any other through traffic cross the arterial and need
    /// `pedestrianMinimumCross`. Without an axis only each phase's own minimum is checked.
    public static func editProblems(_ plan: SignalPlan, intersection x: Intersection,
                                    axis: (outbound: String, inbound: String)?) -> [PlanFieldProblem] {
        var found: [PlanFieldProblem] = []
        let cycleOK = plan.cycle.isFinite && editableCycle.contains(plan.cycle)
        if !cycleOK {
            found.append(.init(field: "cycle", message: "周期须在 \(fmt(editableCycle.lowerBound))–\(fmt(editableCycle.upperBound)) 秒之间"))
        }
        if !plan.offset.isFinite || plan.offset < 0 || (cycleOK && plan.offset >= plan.cycle) {
            found.append(.init(field: "offset", message: "相位差须在 0 到周期之间"))
        }
        if plan.phases.isEmpty { found.append(.init(field: "phases", message: "至少需要一个相位")) }
        if plan.phases.count > 16 { found.append(.init(field: "phases", message: "相位不能超过 16 个")) }
        let known = Set(x.approaches.flatMap { $0.movements.map(\.id) })
        var durationsOK = true
        for (k, p) in plan.phases.enumerated() {
            for (name, value, label) in [("green", p.green, "绿灯"), ("amber", p.amber, "黄灯"), ("allRed", p.allRed, "全红"),
                                         ("pedestrianMinimum", p.pedestrianMinimum, "行人最短绿灯")]
            where !(value.isFinite && value >= 0) {
                found.append(.init(field: "phases[\(k)].\(name)", message: "\(label)时间须为非负数"))
                durationsOK = false
            }
            if p.green.isFinite, p.green + tolerance < p.pedestrianMinimum {
                found.append(.init(field: "phases[\(k)].green",
                                   message: "绿灯 \(fmt(p.green)) 秒短于行人过街最短绿灯 \(fmt(p.pedestrianMinimum)) 秒"))
            }
            let unknown = p.movements.filter { !known.contains($0) }
            if !unknown.isEmpty {
                found.append(.init(field: "phases[\(k)].movements", message: "路口没有流向 \(unknown.joined(separator: "、"))"))
            }
        }
        let served = Set(plan.phases.flatMap(\.movements))
        let unserved = x.approaches.flatMap(\.movements).map(\.id).filter { !served.contains($0) }
        if !plan.phases.isEmpty, !unserved.isEmpty {
            found.append(.init(field: "phases", message: "流向 \(unserved.joined(separator: "、")) 没有绿灯"))
        }
        let total = plan.phases.reduce(0) { $0 + $1.duration }
        if durationsOK, cycleOK, !plan.phases.isEmpty, abs(total - plan.cycle) > tolerance {
            found.append(.init(field: "phases", message: "各相位时长之和 \(fmt(total)) 秒与周期 \(fmt(plan.cycle)) 秒不一致"))
        }
        if durationsOK, let axis { found += pedestrianProblems(plan, x, axis, already: Set(found.map(\.field))) }
        return found
    }

    /// Through greens too short for the pedestrians walking beside them (a green may span several phases).
    static func pedestrianProblems(_ plan: SignalPlan, _ x: Intersection, _ axis: (outbound: String, inbound: String),
                                   already: Set<String>) -> [PlanFieldProblem] {
        var worst: [Int: (green: Double, minimum: Double)] = [:]
        for a in x.approaches {
            guard let through = a.movement(.through), let w = PlanBands.window(of: through.id, in: plan) else { continue }
            let minimum = a.id == axis.outbound || a.id == axis.inbound ? x.pedestrianMinimumAlong : x.pedestrianMinimumCross
            guard w.length + tolerance < minimum else { continue }
            if let seen = worst[w.lastPhase], seen.minimum - seen.green >= minimum - w.length { continue }
            worst[w.lastPhase] = (w.length, minimum)
        }
        return worst.keys.sorted().compactMap { k in
            let field = "phases[\(k)].green"
            guard !already.contains(field), let w = worst[k] else { return nil }
            return PlanFieldProblem(field: field, message: "绿灯 \(fmt(w.green)) 秒短于行人过街最短绿灯 \(fmt(w.minimum)) 秒")
        }
    }
}
