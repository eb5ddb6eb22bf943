import ArgumentParser
import Foundation
import PinganSignals

/// `pingan signals optimize`: SUMO network + routes → coordinated programs as a SUMO additional file.
struct SignalsOptimizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "从 SUMO 路网和路线文件优化干线配时（公共周期、绿信比、双向绿波相位差），输出 SUMO 附加文件"
    )

    @Option(name: .customLong("sumo-net"), help: "SUMO 路网文件（.net.xml）")
    var sumoNet: String
    @Option(help: "SUMO 路线文件（车辆带路线，按其统计各流向流量）")
    var routes: String
    @Option(help: "干线路口 id，按正向顺序以逗号分隔，如 J1,J2,J3")
    var arterial: String
    @Option(name: [.short, .customLong("output")], help: "输出的附加文件（.add.xml）")
    var output: String
    @Option(help: "指定公共周期（秒），默认取各路口 Webster 周期的最大值")
    var cycle: Double?
    @Option(help: "方案：pingan（默认，带延误/停车优化）、maxband（纯最大绿波带）、offsetZero（相位差全为 0）")
    var variant: String = "pingan"
    @Option(help: "SUMO 程序 id（programID）")
    var programId: String = "pingan"
    @Option(help: "按时段生成方案：逗号分隔的 时段=路线文件，如 morningPeak=am.rou.xml,night=night.rou.xml")
    var periods: String?
    @Option(help: "另存方案（JSON：配时、流量、绿波带、效率、可达性、时距图）")
    var report: String?

    func run() async throws {
        try reportingSignalsErrors {
            guard let v = PlanVariant(rawValue: variant) else {
                throw SignalsError("--variant", "未知方案 \(variant)（可选 pingan、maxband、offsetZero）")
            }
            let net = URL(fileURLWithPath: sumoNet)
            let ids = junctionList(arterial)
            var options = ArterialOptions(cycle: cycle)
            options.refine = v == .pingan
            if let periods {
                let results = try PeriodPlanning.sumo(net: net, arterial: ids, periods: parsePeriods(periods),
                                                      variant: v, options: options)
                try results.additional.write(toFile: output, atomically: true, encoding: .utf8)
                for (period, r) in results.plans { printSummary(r.plan, title: "\(period.label)（\(period.rawValue)）") }
                print("已写入 \(output)：\(results.plans.count) 个时段、\(results.programCount) 个信号程序，按时段切换（WAUT）")
                return
            }
            let (network, corridor) = try SumoPlanning.corridor(net: net, routes: URL(fileURLWithPath: routes), junctions: ids)
            let result = try SumoPlanning.plan(network, corridor, variant: v, options: options, programID: programId)
            try result.additional.write(toFile: output, atomically: true, encoding: .utf8)
            printSummary(result.plan, title: "干线 \(ids.joined(separator: ","))")
            if let report {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(result.plan).write(to: URL(fileURLWithPath: report))
            }
            print("已写入 \(output)：\(result.programs.count) 个信号程序（programID=\(programId)），自 t=0 起生效")
        }
    }

    func parsePeriods(_ text: String) throws -> [(DayPeriod, URL)] {
        try text.split(separator: ",").map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let period = DayPeriod(rawValue: parts[0]) else {
                throw SignalsError("--periods", "无法识别“\(item)”（格式 时段=路线文件，时段为 morningPeak、offPeak、eveningPeak、night）")
            }
            return (period, URL(fileURLWithPath: parts[1]))
        }
    }

    func printSummary(_ plan: ArterialPlan, title: String) {
        let r = plan.report
        print("\(title)：公共周期 \(Int(plan.cycle)) 秒")
        print(String(format: "  正向绿波带 %.1f 秒，反向 %.1f 秒，效率 (b+b̄)/2C = %.1f%%，可达性 %.0f%% / %.0f%%",
                     r.outbound, r.inbound, r.efficiency * 100, r.outboundAttainability * 100, r.inboundAttainability * 100))
        print(String(format: "  MAXBAND 最优目标 b + k·b̄ = %.2f（k = %.2f）", plan.optimum.objective, plan.problem.ratio))
        for (id, t) in zip(plan.intersectionIds, plan.timings) {
            let lefts = [(t.outboundLeft, t.leadOutboundLeft), (t.inboundLeft, t.leadInboundLeft)]
                .map { $0.0 > 0 ? ($0.1 ? "先行" : "后行") : "—" }.joined(separator: "/")
            print("  \(id)：相位差 \(Int(t.offset)) 秒，干线绿 \(Int(t.arterialSpan)) 秒，横向绿 \(Int(t.crossGreen)) 秒，左转（正向/反向）\(lefts)")
        }
    }
}
