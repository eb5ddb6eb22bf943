import ArgumentParser
import Foundation
import PinganKernel
import PinganSignals

/// `pingan signals evaluate`: runs SUMO for the network's own plans, offsets 0, tlsCoordinator.py, pure MAXBAND
/// and Pingan's plan, over several seeds, and prints the metrics per direction and overall.
struct SignalsEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "用 SUMO 仿真比较路网原方案、相位差全 0、tlsCoordinator.py、纯 MAXBAND 与 Pingan 方案"
    )

    @Option(name: .customLong("sumo-net"), help: "SUMO 路网文件（.net.xml）")
    var sumoNet: String
    @Option(help: "SUMO 路线文件（车辆带路线）")
    var routes: String
    @Option(help: "干线路口 id，按正向顺序以逗号分隔")
    var arterial: String
    @Option(help: "仿真种子数")
    var seeds: Int = 3
    @Option(help: "仿真结束时间（秒），默认运行到所有车辆结束")
    var end: Double?
    @Option(help: "SUMO 虚拟环境（默认 PINGAN_SUMO_VENV 或 ./.venv-sumo）")
    var sumoVenv: String?
    @Option(help: "中间文件目录（默认临时目录）")
    var workdir: String?
    @Flag(help: "以一个 JSON 对象输出结果（可直接 POST /api/v1/signals/evaluations），表格改写到标准错误")
    var json = false
    @Option(help: "另存结果（同 --json 的 JSON）到文件")
    var output: String?
    @Option(help: "需求水平名称，如 medium（默认取路线文件名）")
    var demand: String?
    @Option(help: "指定公共周期（秒）")
    var cycle: Double?

    func run() async throws {
        try reportingSignalsErrors {
            let sumo = try SumoRunner.locate(sumoVenv)
            let net = URL(fileURLWithPath: sumoNet), rou = URL(fileURLWithPath: routes)
            let dir = URL(fileURLWithPath: workdir ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("pingan-evaluate-\(ProcessInfo.processInfo.processIdentifier)").path)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let evaluation = try SignalsEvaluation.run(sumo: sumo, net: net, routes: rou, junctions: junctionList(arterial),
                                                       seeds: max(seeds, 1), end: end, workdir: dir,
                                                       options: ArterialOptions(cycle: cycle))
            let record = evaluation.record(net: net, routes: rou, demand: demand, at: Date())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if json {
                FileHandle.standardError.write(Data((evaluation.table() + "\n").utf8))
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
            } else {
                print(evaluation.table())
            }
            if let output {
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(record).write(to: URL(fileURLWithPath: output))
            }
            if evaluation.result.alternatives.contains(where: { $0.teleports > 0 }) {
                FileHandle.standardError.write(Data("警告：有车辆被瞬移（teleport），结果不可信\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}

/// The measured comparison, per seed and group, as the runs produced it.
struct EvaluationResult: Codable {
    struct Alternative: Codable {
        var name: String
        var label: String
        var teleports: Int
        /// direction → metric → spread over seeds.
        var metrics: [String: [String: Spread]]
    }
    var cycle: Double
    var seeds: Int
    var junctions: [String]
    var alternatives: [Alternative]
}

/// Runs the comparison.
struct SignalsEvaluation {
    var result: EvaluationResult

    static func run(sumo: SumoRunner, net: URL, routes: URL, junctions: [String], seeds: Int, end: Double?,
                    workdir: URL, options: ArterialOptions) throws -> SignalsEvaluation {
        let (network, corridor) = try SumoPlanning.corridor(net: net, routes: routes, junctions: junctions)
        var files: [(name: String, label: String, file: URL?)] = [("own", "路网原方案", nil)]
        var cycle = 0.0
        for (variant, label) in [(PlanVariant.offsetZero, "相位差全 0"), (.maxband, "纯 MAXBAND"), (.pingan, "Pingan")] {
            let r = try SumoPlanning.plan(network, corridor, variant: variant, options: options, programID: "pingan")
            cycle = r.plan.cycle
            let url = workdir.appendingPathComponent("\(variant.rawValue).add.xml")
            try r.additional.write(to: url, atomically: true, encoding: .utf8)
            files.append((variant.rawValue, label, url))
            if variant == .offsetZero {
                // tlsCoordinator.py only writes offsets: put them into the same Webster programs.
                let offsets = try sumo.tlsCoordinator(net: net, routes: routes, programs: url,
                                                      output: workdir.appendingPathComponent("tlsCoordinator.offsets.xml"))
                let programs = r.programs.map { p -> SumoProgram in
                    var q = p
                    if let o = offsets[p.id] { q.offset = o.truncatingRemainder(dividingBy: max(p.cycle, 1)) }
                    return q
                }
                let coordinated = workdir.appendingPathComponent("tlsCoordinator.add.xml")
                try SumoExport.additional(programs, comment: "tlsCoordinator.py 的相位差，Webster 绿信比")
                    .write(to: coordinated, atomically: true, encoding: .utf8)
                files.append(("tlsCoordinator", "tlsCoordinator.py", coordinated))
            }
        }
        let routesByVehicle = try SumoOutput.vehicleRoutes(Data(contentsOf: routes))
        let outEdges = Set(corridor.outboundEdges.flatMap { $0 }), inEdges = Set(corridor.inboundEdges.flatMap { $0 })
        var alternatives: [EvaluationResult.Alternative] = []
        for f in files {
            var perSeed: [String: [RunMetrics]] = [:]
            var teleports = 0
            for seed in 1...seeds {
                let run = try sumo.simulate(net: net, routes: routes, additional: f.file, seed: seed, end: end,
                                            workdir: workdir, tag: f.name)
                teleports += run.teleports
                var groups: [String: [TripRecord]] = ["overall": run.trips]
                for t in run.trips {
                    let d = TravelDirection.of(route: routesByVehicle[t.id] ?? [], outboundEdges: outEdges, inboundEdges: inEdges)
                    groups[d.rawValue, default: []].append(t)
                    if d != .other { groups["arterial", default: []].append(t) }
                }
                for (k, trips) in groups { perSeed[k, default: []].append(RunMetrics.of(trips)) }
            }
            var metrics: [String: [String: Spread]] = [:]
            for (group, runs) in perSeed {
                var m: [String: Spread] = [:]
                for field in RunMetrics.fields { m[field.key] = Spread.of(runs.map { $0.value(field.key) }) }
                m["vehicles"] = Spread.of(runs.map { Double($0.vehicles) })
                metrics[group] = m
            }
            alternatives.append(.init(name: f.name, label: f.label, teleports: teleports, metrics: metrics))
        }
        return SignalsEvaluation(result: EvaluationResult(cycle: cycle, seeds: seeds, junctions: junctions,
                                                          alternatives: alternatives))
    }

    /// A plain-text table: one block per group, one row per alternative, mean ± standard deviation.
    func table() -> String {
        var lines = ["公共周期 \(Int(result.cycle)) 秒，\(result.seeds) 个种子，干线 \(result.junctions.joined(separator: ","))"]
        let groups: [(String, String)] = [("outbound", "正向（干线）"), ("inbound", "反向（干线）"), ("arterial", "干线合计"), ("overall", "全部车辆")]
        for (key, title) in groups {
            lines.append("")
            lines.append("【\(title)】")
            lines.append(pad("方案", 16) + RunMetrics.fields.map { pad($0.label, 18) }.joined() + "瞬移")
            for a in result.alternatives {
                guard let m = a.metrics[key] else { continue }
                let cells = RunMetrics.fields.map { f -> String in
                    let s = m[f.key] ?? Spread.of([])
                    return pad(String(format: "%.2f±%.2f", s.mean, s.std), 18)
                }
                lines.append(pad(a.label, 16) + cells.joined() + String(a.teleports))
            }
        }
        return lines.joined(separator: "\n")
    }

    func pad(_ s: String, _ width: Int) -> String {
        // CJK characters take two columns in a terminal.
        let w = s.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
        return s + String(repeating: " ", count: max(1, width - w))
    }
}

extension SignalsEvaluation {
    /// Alternative names → the API's scenario keys.
    static let scenarioKeys = ["own": "network", "offsetZero": "offset0", "tlsCoordinator": "tlsCoordinator", "maxband": "maxband",
                               "pingan": "pingan"]

    /// The comparison in the shape the server records (`POST /api/v1/signals/evaluations`): means over the seeds
    /// for the arterial's vehicles and per direction, standard deviations as `spread`, and the per-seed figures.
    func record(net: URL, routes: URL, demand: String?, at: Date) -> SignalEvaluationRecord {
        func scenarios(_ group: String) -> [EvaluationScenario] {
            result.alternatives.compactMap { a in
                guard let m = a.metrics[group] else { return nil }
                func mean(_ k: String) -> Double { m[k]?.mean ?? 0 }
                let keys = ["travelTime", "waitingTime", "timeLoss", "stops", "speed", "travelTimeIndex", "performanceIndex"]
                let spread = Dictionary(keys.map { ($0 == "performanceIndex" ? "tpi" : $0, m[$0]?.std ?? 0) }, uniquingKeysWith: { a, _ in a })
                return EvaluationScenario(key: Self.scenarioKeys[a.name] ?? a.name, name: a.label, travelTime: mean("travelTime"),
                                          waitingTime: mean("waitingTime"), timeLoss: mean("timeLoss"), stops: mean("stops"),
                                          speed: mean("speed"), travelTimeIndex: mean("travelTimeIndex"), tpi: mean("performanceIndex"),
                                          spread: spread)
            }
        }
        let level = demand ?? routes.lastPathComponent.components(separatedBy: ".").first ?? routes.lastPathComponent
        return SignalEvaluationRecord(
            at: CountyTime.shanghai.format(at), source: "pingan signals evaluate, \(result.seeds) seeds",
            network: "\(net.lastPathComponent)，干线 \(result.junctions.joined(separator: ","))", seeds: Array(1...max(result.seeds, 1)),
            demand: level, scenarios: scenarios("arterial"),
            directions: ["outbound", "inbound"].map { EvaluationDirection(direction: $0, scenarios: scenarios($0)) },
            teleported: result.alternatives.reduce(0) { $0 + $1.teleports }, cycle: result.cycle, junctions: result.junctions,
            alternatives: result.alternatives.map { EvaluationAlternative(name: $0.name, label: $0.label, teleports: $0.teleports, metrics: $0.metrics) })
    }
}
