// The whole path the CLI takes: SUMO files in, optimized programs out, plus the simple alternatives the
// evaluation compares against (all on Webster splits at the same common cycle).
import Foundation

/// Which plan an alternative stands for.
public enum PlanVariant: String, Sendable, Codable, CaseIterable {
    /// Webster splits, every offset 0.
    case offsetZero
    /// Webster splits, pure MAXBAND offsets (no refinement).
    case maxband
    /// Pingan's plan: MAXBAND offsets refined against delay and stops.
    case pingan
}

/// An optimized corridor with what is needed to write it to SUMO.
public struct SumoPlanResult: Sendable {
    public var corridor: SumoCorridor
    public var plan: ArterialPlan
    public var programs: [SumoProgram]
    /// The additional file's text.
    public var additional: String
}

/// Optimises a corridor read from SUMO files.
public enum SumoPlanning {
    /// Reads the network and routes and builds the corridor along the junctions.
    public static func corridor(net: URL, routes: URL, junctions: [String]) throws -> (SumoNetwork, SumoCorridor) {
        let network = try SumoNetwork.load(net)
        let demand = try SumoDemand.load(routes)
        return (network, try SumoImport.corridor(network, demand, junctions: junctions))
    }

    /// Plans one variant of a corridor.
    public static func plan(_ network: SumoNetwork, _ corridor: SumoCorridor, variant: PlanVariant = .pingan,
                            options: ArterialOptions = ArterialOptions(), programID: String = "pingan") throws -> SumoPlanResult {
        var opts = options
        opts.refine = variant == .pingan
        var plan = try ArterialOptimizer.optimize(corridor.arterial, intersections: corridor.intersections, options: opts)
        if variant == .offsetZero {
            plan.timings = plan.timings.map { var t = $0; t.offset = 0; t.leadInboundLeft = true; t.leadOutboundLeft = true; return t }
            plan = ArterialOptimizer.plan(corridor.arterial, plan.demands, plan.timings, plan.problem, plan.optimum)
        }
        let programs = plan.timings.indices.map {
            SumoExport.program(network, corridor: corridor, node: $0, timing: plan.timings[$0], programID: programID)
        }
        let additional = SumoExport.additional(programs, comment: "Pingan 智慧交管 \(variant.rawValue) 周期 \(Int(plan.cycle)) 秒，干线 \(corridor.arterial.intersectionIds.joined(separator: ","))")
        return SumoPlanResult(corridor: corridor, plan: plan, programs: programs, additional: additional)
    }
}
