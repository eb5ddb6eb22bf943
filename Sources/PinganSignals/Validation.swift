// Plans and arterials are checked before anything uses them: a wrong plan must never reach a controller.

/// Checks of the model's invariants.
public enum SignalsValidation {
    /// Tolerance for sums of durations, s.
    static let tolerance = 0.01

    /// Problems of a timing plan: phases that do not sum to the cycle, greens under the pedestrian minimum, …
    public static func problems(in plan: SignalPlan) -> [SignalsError] {
        let who = "路口 \(plan.intersectionId) 的配时方案"
        var found: [SignalsError] = []
        if !(plan.cycle > 0) { found.append(SignalsError(who, "周期必须大于 0（现为 \(fmt(plan.cycle)) 秒）")) }
        if plan.phases.isEmpty { found.append(SignalsError(who, "没有相位")) }
        for (k, phase) in plan.phases.enumerated() {
            let name = "\(who)第 \(k + 1) 相位（\(phase.name)）"
            if phase.green < 0 || phase.amber < 0 || phase.allRed < 0 {
                found.append(SignalsError(name, "绿灯、黄灯、全红时间不能为负"))
            }
            if phase.green + tolerance < phase.pedestrianMinimum {
                found.append(SignalsError(name, "绿灯 \(fmt(phase.green)) 秒低于行人最短绿灯 \(fmt(phase.pedestrianMinimum)) 秒"))
            }
        }
        let total = plan.phases.reduce(0) { $0 + $1.duration }
        if plan.cycle > 0, abs(total - plan.cycle) > tolerance {
            found.append(SignalsError(who, "各相位时长之和 \(fmt(total)) 秒不等于周期 \(fmt(plan.cycle)) 秒"))
        }
        if plan.offset < 0 || (plan.cycle > 0 && plan.offset >= plan.cycle + tolerance) {
            found.append(SignalsError(who, "相位差 \(fmt(plan.offset)) 秒应在 0 到周期之间"))
        }
        return found
    }

    /// Throws when a plan has problems.
    public static func validate(_ plan: SignalPlan) throws {
        let found = problems(in: plan)
        if !found.isEmpty { throw SignalsValidationError(found) }
    }

    /// Problems of an arterial: lengths that do not match, non-positive distances or speeds, repeated nodes.
    public static func problems(in arterial: Arterial) -> [SignalsError] {
        let who = "干线 \(arterial.id)"
        var found: [SignalsError] = []
        let n = arterial.intersectionIds.count
        if n < 2 { found.append(SignalsError(who, "至少需要 2 个路口")) }
        if Set(arterial.intersectionIds).count != n { found.append(SignalsError(who, "路口重复出现")) }
        for (name, count) in [("距离", arterial.distances.count), ("正向设计车速", arterial.outboundSpeeds.count),
                              ("反向设计车速", arterial.inboundSpeeds.count)] where count != max(n - 1, 0) {
            found.append(SignalsError(who, "\(name)个数 \(count) 应为路段数 \(max(n - 1, 0))"))
        }
        for (name, count) in [("正向进口", arterial.outboundApproaches.count), ("反向进口", arterial.inboundApproaches.count)]
        where count != n {
            found.append(SignalsError(who, "\(name)个数 \(count) 应为路口数 \(n)"))
        }
        for (k, d) in arterial.distances.enumerated() where !(d > 0) {
            found.append(SignalsError("\(who) 路段 \(linkName(arterial, k))", "距离 \(fmt(d)) 米必须为正"))
        }
        for (k, v) in (arterial.outboundSpeeds + arterial.inboundSpeeds).enumerated() where !(v > 0) {
            let link = k % max(n - 1, 1)
            found.append(SignalsError("\(who) 路段 \(linkName(arterial, link))", "设计车速 \(fmt(v)) 米/秒必须为正"))
        }
        return found
    }

    /// Throws when an arterial has problems.
    public static func validate(_ arterial: Arterial) throws {
        let found = problems(in: arterial)
        if !found.isEmpty { throw SignalsValidationError(found) }
    }

    static func linkName(_ a: Arterial, _ k: Int) -> String {
        guard k + 1 < a.intersectionIds.count else { return "#\(k + 1)" }
        return "\(a.intersectionIds[k])→\(a.intersectionIds[k + 1])"
    }
}

/// Seconds with at most two decimals, for messages.
func fmt(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
}
