import Foundation

// A measured comparison of plans in SUMO, as `pingan signals evaluate --json` prints it and the server stores it.

/// The figures of one plan (scenario) over the vehicles of one group, means over the seeds.
public struct EvaluationScenario: Sendable, Codable, Hashable {
    /// `network` (the network's own programs), `offset0`, `tlsCoordinator`, `maxband` or `pingan`.
    public var key: String
    /// Chinese name.
    public var name: String
    public var travelTime: Double
    public var waitingTime: Double
    public var timeLoss: Double
    public var stops: Double
    /// km/h.
    public var speed: Double
    public var travelTimeIndex: Double
    /// Traffic performance index (交通运行指数, 0–10).
    public var tpi: Double
    /// Standard deviation over the seeds, per metric key.
    public var spread: [String: Double]

    /// The scenario keys, in the order the comparison runs them.
    public static let keys = ["network", "offset0", "tlsCoordinator", "maxband", "pingan"]

    /// Creates a scenario.
    public init(key: String, name: String, travelTime: Double, waitingTime: Double, timeLoss: Double, stops: Double,
                speed: Double, travelTimeIndex: Double, tpi: Double, spread: [String: Double]) {
        self.key = key; self.name = name; self.travelTime = travelTime; self.waitingTime = waitingTime
        self.timeLoss = timeLoss; self.stops = stops; self.speed = speed; self.travelTimeIndex = travelTimeIndex
        self.tpi = tpi; self.spread = spread
    }
}

/// The scenarios over the vehicles of one direction of the arterial.
public struct EvaluationDirection: Sendable, Codable, Hashable {
    /// `outbound` or `inbound`.
    public var direction: String
    public var scenarios: [EvaluationScenario]
    /// Creates a direction.
    public init(direction: String, scenarios: [EvaluationScenario]) { self.direction = direction; self.scenarios = scenarios }
}

/// Per-seed figures as the evaluation command measured them, kept for scripts/signals/results_table.py.
public struct EvaluationAlternative: Sendable, Codable, Hashable {
    public var name: String
    public var label: String
    public var teleports: Int
    /// Vehicle group (`outbound`, `inbound`, `arterial`, `overall`) → metric → spread over seeds.
    public var metrics: [String: [String: Spread]]
    /// Creates an alternative.
    public init(name: String, label: String, teleports: Int, metrics: [String: [String: Spread]]) {
        self.name = name; self.label = label; self.teleports = teleports; self.metrics = metrics
    }
}

/// One recorded evaluation. `scenarios` cover the arterial's vehicles in both directions.
public struct SignalEvaluationRecord: Sendable, Codable, Hashable {
    /// When the comparison was run (ISO 8601 with offset).
    public var at: String
    /// How it was measured, e.g. "pingan signals evaluate, 3 seeds".
    public var source: String
    /// Which network and arterial were simulated.
    public var network: String
    public var seeds: [Int]
    /// Demand level (e.g. `medium`) or the route file's name.
    public var demand: String
    public var scenarios: [EvaluationScenario]
    public var directions: [EvaluationDirection]
    /// Vehicles SUMO teleported over all runs (a result with teleports is not trustworthy).
    public var teleported: Int
    /// Common cycle of the compared plans, s.
    public var cycle: Double?
    /// The arterial's junctions, in outbound order.
    public var junctions: [String]?
    public var alternatives: [EvaluationAlternative]?

    /// Creates a record.
    public init(at: String, source: String, network: String, seeds: [Int], demand: String, scenarios: [EvaluationScenario],
                directions: [EvaluationDirection], teleported: Int, cycle: Double? = nil, junctions: [String]? = nil,
                alternatives: [EvaluationAlternative]? = nil) {
        self.at = at; self.source = source; self.network = network; self.seeds = seeds; self.demand = demand
        self.scenarios = scenarios; self.directions = directions; self.teleported = teleported
        self.cycle = cycle; self.junctions = junctions; self.alternatives = alternatives
    }

    /// The top-level JSON keys a record may carry.
    public static let fields: Set<String> = ["at", "source", "network", "seeds", "demand", "scenarios", "directions", "teleported",
                                             "cycle", "junctions", "alternatives"]

    /// Problems that make a record unusable, field by field.
    public func problems() -> [PlanFieldProblem] {
        var found: [PlanFieldProblem] = []
        for (field, text) in [("at", at), ("source", source), ("network", network), ("demand", demand)]
        where text.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(.init(field: field, message: "不能为空"))
        }
        if seeds.isEmpty { found.append(.init(field: "seeds", message: "至少需要一个种子")) }
        if teleported < 0 { found.append(.init(field: "teleported", message: "须为非负整数")) }
        if scenarios.isEmpty { found.append(.init(field: "scenarios", message: "至少需要一个方案")) }
        func check(_ list: [EvaluationScenario], _ prefix: String) {
            for (k, s) in list.enumerated() {
                if !EvaluationScenario.keys.contains(s.key) {
                    found.append(.init(field: "\(prefix)[\(k)].key", message: "须为 \(EvaluationScenario.keys.joined(separator: "、")) 之一"))
                }
                let values = [s.travelTime, s.waitingTime, s.timeLoss, s.stops, s.speed, s.travelTimeIndex, s.tpi]
                if values.contains(where: { !$0.isFinite || $0 < 0 }) {
                    found.append(.init(field: "\(prefix)[\(k)]", message: "指标须为非负数"))
                }
            }
        }
        check(scenarios, "scenarios")
        for (k, d) in directions.enumerated() {
            if d.direction != "outbound" && d.direction != "inbound" {
                found.append(.init(field: "directions[\(k)].direction", message: "须为 outbound 或 inbound"))
            }
            check(d.scenarios, "directions[\(k)].scenarios")
        }
        return found
    }
}
