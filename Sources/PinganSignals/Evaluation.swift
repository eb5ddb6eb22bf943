// Measures from SUMO runs: travel time, waiting, time loss, stops, speed, travel-time index and the 0–10
// traffic performance index, per direction and overall, with their spread over seeds.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One finished (or unfinished) trip from SUMO's tripinfo output.
public struct TripRecord: Sendable, Hashable {
    public var id: String
    public var duration: Double
    public var waitingTime: Double
    public var stops: Double
    public var timeLoss: Double
    public var routeLength: Double
    /// Creates a record.
    public init(id: String, duration: Double, waitingTime: Double, stops: Double, timeLoss: Double, routeLength: Double) {
        self.id = id; self.duration = duration; self.waitingTime = waitingTime; self.stops = stops
        self.timeLoss = timeLoss; self.routeLength = routeLength
    }
}

/// Averages of one group of trips in one run.
public struct RunMetrics: Sendable, Codable, Hashable {
    public var vehicles: Int
    /// Mean travel time, s.
    public var travelTime: Double
    public var waitingTime: Double
    public var timeLoss: Double
    /// Mean stops per vehicle.
    public var stops: Double
    /// Mean speed (distance / time over the group), km/h.
    public var speed: Double
    /// Travel time over free-flow travel time.
    public var travelTimeIndex: Double
    /// 0 (free flow) – 10 (gridlock).
    public var performanceIndex: Double

    /// Names of the metrics, in print order, with Chinese labels.
    public static let fields: [(key: String, label: String)] = [
        ("travelTime", "平均行程时间(s)"), ("waitingTime", "等待时间(s)"), ("timeLoss", "时间损失(s)"),
        ("stops", "停车次数"), ("speed", "平均速度(km/h)"), ("travelTimeIndex", "行程时间指数"),
        ("performanceIndex", "交通运行指数"),
    ]

    /// A metric by key.
    public func value(_ key: String) -> Double {
        switch key {
        case "travelTime": travelTime
        case "waitingTime": waitingTime
        case "timeLoss": timeLoss
        case "stops": stops
        case "speed": speed
        case "travelTimeIndex": travelTimeIndex
        case "performanceIndex": performanceIndex
        default: .nan
        }
    }

    /// Averages of trips.
    public static func of(_ trips: [TripRecord]) -> RunMetrics {
        let n = Double(max(trips.count, 1))
        let time = trips.reduce(0) { $0 + $1.duration }
        let free = trips.reduce(0) { $0 + max($1.duration - $1.timeLoss, 0.1) }
        let distance = trips.reduce(0) { $0 + $1.routeLength }
        let tti = free > 0 ? time / free : 1
        return RunMetrics(vehicles: trips.count, travelTime: time / n, waitingTime: trips.reduce(0) { $0 + $1.waitingTime } / n,
                          timeLoss: trips.reduce(0) { $0 + $1.timeLoss } / n, stops: trips.reduce(0) { $0 + $1.stops } / n,
                          speed: time > 0 ? distance / time * 3.6 : 0, travelTimeIndex: tti,
                          performanceIndex: TrafficPerformanceIndex.from(travelTimeIndex: tti))
    }
}

/// The 0–10 traffic performance index (交通运行指数) from the travel-time index: 0–2 畅通, 2–4 基本畅通,
/// 4–6 轻度拥堵, 6–8 中度拥堵, 8–10 严重拥堵, with the level boundaries at TTI 1.3, 1.6, 1.9 and 2.2 and 10 at TTI ≥ 4.
public enum TrafficPerformanceIndex {
    static let knots: [(tti: Double, index: Double)] = [(1, 0), (1.3, 2), (1.6, 4), (1.9, 6), (2.2, 8), (4, 10)]

    /// The index for a travel-time index, by linear interpolation between the level boundaries.
    public static func from(travelTimeIndex tti: Double) -> Double {
        guard tti > 1 else { return 0 }
        for (a, b) in zip(knots, knots.dropFirst()) where tti <= b.tti {
            return a.index + (tti - a.tti) / (b.tti - a.tti) * (b.index - a.index)
        }
        return 10
    }

    /// The level's Chinese name.
    public static func level(_ index: Double) -> String {
        switch index {
        case ..<2: "畅通"
        case ..<4: "基本畅通"
        case ..<6: "轻度拥堵"
        case ..<8: "中度拥堵"
        default: "严重拥堵"
        }
    }
}

/// Mean and spread of a metric over seeds.
public struct Spread: Sendable, Codable, Hashable {
    public var mean: Double
    public var std: Double
    public var min: Double
    public var max: Double

    /// Summarises values.
    public static func of(_ xs: [Double]) -> Spread {
        guard !xs.isEmpty else { return Spread(mean: .nan, std: .nan, min: .nan, max: .nan) }
        let m = xs.reduce(0, +) / Double(xs.count)
        let v = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1) : 0
        return Spread(mean: m, std: v.squareRoot(), min: xs.min() ?? m, max: xs.max() ?? m)
    }
}

/// Reading SUMO outputs.
public enum SumoOutput {
    /// Trips from a tripinfo file (unfinished trips included when SUMO wrote them).
    public static func trips(_ data: Data) throws -> [TripRecord] {
        let r = ElementCollector(names: ["tripinfo"])
        let parser = XMLParser(data: data)
        parser.delegate = r
        guard parser.parse() else { throw SignalsError("tripinfo 输出", "XML 格式错误") }
        return r.found.map { a in
            TripRecord(id: a["id"] ?? "", duration: Double(a["duration"] ?? "") ?? 0,
                       waitingTime: Double(a["waitingTime"] ?? "") ?? 0, stops: Double(a["waitingCount"] ?? "") ?? 0,
                       timeLoss: Double(a["timeLoss"] ?? "") ?? 0, routeLength: Double(a["routeLength"] ?? "") ?? 0)
        }
    }

    /// Teleports counted in a statistic-output file.
    public static func teleports(_ data: Data) throws -> Int {
        let r = ElementCollector(names: ["teleports"])
        let parser = XMLParser(data: data)
        parser.delegate = r
        guard parser.parse() else { throw SignalsError("statistic 输出", "XML 格式错误") }
        return r.found.first.flatMap { Int($0["total"] ?? "") } ?? 0
    }

    /// Offsets of `<tlLogic>` elements (as tlsCoordinator.py writes them), by id.
    public static func offsets(_ data: Data) throws -> [String: Double] {
        let r = ElementCollector(names: ["tlLogic"])
        let parser = XMLParser(data: data)
        parser.delegate = r
        guard parser.parse() else { throw SignalsError("附加文件", "XML 格式错误") }
        var out: [String: Double] = [:]
        for a in r.found { if let id = a["id"], let o = Double(a["offset"] ?? "") { out[id] = o } }
        return out
    }

    /// Routes (edge lists) of the vehicles in a route file, by vehicle id.
    public static func vehicleRoutes(_ data: Data) throws -> [String: [String]] {
        let reader = RouteReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        var out: [String: [String]] = [:]
        for v in reader.vehicles {
            if let e = v.edges ?? v.routeRef.flatMap({ reader.namedRoutes[$0] }) { out[v.id] = e }
        }
        return out
    }
}

final class ElementCollector: NSObject, XMLParserDelegate {
    let names: Set<String>
    var found: [[String: String]] = []
    init(names: Set<String>) { self.names = names }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        if names.contains(name) { found.append(a) }
    }
}

/// Which way a vehicle uses the arterial.
public enum TravelDirection: String, Sendable, Codable, CaseIterable {
    case outbound, inbound, other

    /// Chinese label.
    public var label: String {
        switch self {
        case .outbound: "正向"
        case .inbound: "反向"
        case .other: "其他"
        }
    }

    /// Classifies a route: along the arterial when it uses at least two of its links in one direction.
    public static func of(route: [String], outboundEdges: Set<String>, inboundEdges: Set<String>) -> TravelDirection {
        let o = route.filter { outboundEdges.contains($0) }.count, i = route.filter { inboundEdges.contains($0) }.count
        if o >= 2 && o >= i { return .outbound }
        if i >= 2 { return .inbound }
        return .other
    }
}
