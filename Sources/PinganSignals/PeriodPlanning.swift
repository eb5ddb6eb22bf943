// Dynamic green waves: one plan per time-of-day period, switched by the schedule.
import Foundation

/// Plans for several periods of the day.
public struct PeriodPlans: Sendable {
    /// Each period's plan, in the order given.
    public var plans: [(period: DayPeriod, plan: SumoPlanResult)]
    /// One additional file holding every period's programs and the WAUT that switches them.
    public var additional: String
    /// Number of `<tlLogic>` programs written.
    public var programCount: Int
}

/// Builds per-period plans.
public enum PeriodPlanning {
    /// Plans a SUMO corridor once per period (each with its own route file for the volumes) and joins them with a
    /// WAUT that switches programs at the schedule's times.
    public static func sumo(net: URL, arterial: [String], periods: [(DayPeriod, URL)], variant: PlanVariant = .pingan,
                            options: ArterialOptions = ArterialOptions(),
                            schedule: TimeOfDaySchedule = .standard) throws -> PeriodPlans {
        guard !periods.isEmpty else { throw SignalsError("--periods", "至少需要一个时段") }
        let network = try SumoNetwork.load(net)
        var plans: [(DayPeriod, SumoPlanResult)] = []
        for (period, routes) in periods {
            let demand = try SumoDemand.load(routes)
            let corridor = try SumoImport.corridor(network, demand, junctions: arterial)
            plans.append((period, try SumoPlanning.plan(network, corridor, variant: variant, options: options,
                                                        programID: "pingan-\(period.rawValue)")))
        }
        let given = Set(plans.map(\.0))
        // Switch at each schedule entry whose period has a plan; other periods keep the previous program.
        var switches: [(time: Double, programID: String)] = []
        for e in schedule.entries where given.contains(e.period) {
            let id = "pingan-\(e.period.rawValue)"
            if switches.last?.programID != id { switches.append((Double(e.startMinute * 60), id)) }
        }
        if switches.first?.time != 0, let last = switches.last { switches.insert((0, last.programID), at: 0) }
        let programs = plans.flatMap(\.1.programs)
        return PeriodPlans(plans: plans, additional: SumoExport.additional(programs, switches: switches),
                           programCount: programs.count)
    }
}
