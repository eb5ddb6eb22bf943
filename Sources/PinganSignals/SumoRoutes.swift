// Counting turning volumes from a SUMO route file whose vehicles carry their routes.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Vehicles per hour per pair of consecutive edges (a movement at the junction between them).
public struct SumoDemand: Sendable {
    /// Key "fromEdge>toEdge" → vehicles per hour.
    public var hourly: [String: Double]
    /// Seconds over which the vehicles depart.
    public var span: Double
    /// Number of vehicles counted (flows expanded).
    public var vehicles: Int

    /// Volume of a movement.
    public func volume(from: String, to: String) -> Double { hourly["\(from)>\(to)"] ?? 0 }

    /// Reads a route file. Vehicles and flows must carry a route (inline or by id); trips are refused.
    public static func load(_ url: URL) throws -> SumoDemand {
        guard let data = try? Data(contentsOf: url) else { throw SignalsError("文件 \(url.path)", "无法读取") }
        return try parse(data, name: url.lastPathComponent)
    }

    /// Parses the bytes of a route file.
    public static func parse(_ data: Data, name: String = "路线文件") throws -> SumoDemand {
        let reader = RouteReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        let ok = parser.parse()
        if let problem = reader.problem { throw SignalsError("文件 \(name)", problem) }
        guard ok, reader.root == "routes" || reader.root == "additional" else {
            throw SignalsError("文件 \(name)", reader.root.isEmpty || reader.root == "routes" || reader.root == "additional"
                               ? "XML 格式错误" : "不是 SUMO 路线文件（根元素为 <\(reader.root)>，应为 <routes>）")
        }
        var counts: [String: Double] = [:]
        var first = Double.infinity, last = -Double.infinity
        var total = 0.0
        for v in reader.vehicles {
            guard let edges = v.edges ?? v.routeRef.flatMap({ reader.namedRoutes[$0] }) else {
                throw SignalsError("文件 \(name) 中的车辆 \(v.id)", "没有可用的路线（需要 <route edges=…> 或已定义的路线 id）")
            }
            for (a, b) in zip(edges, edges.dropFirst()) { counts["\(a)>\(b)", default: 0] += v.count }
            first = min(first, v.begin); last = max(last, v.end)
            total += v.count
        }
        guard total > 0 else { throw SignalsError("文件 \(name)", "没有车辆，无法统计流量") }
        let span = max(last - first, 60)
        return SumoDemand(hourly: counts.mapValues { $0 * 3600 / span }, span: span, vehicles: Int(total.rounded()))
    }
}

final class RouteReader: NSObject, XMLParserDelegate {
    struct Vehicle { var id: String; var edges: [String]?; var routeRef: String?; var count: Double; var begin: Double; var end: Double }
    var root = ""
    var vehicles: [Vehicle] = []
    var namedRoutes: [String: [String]] = [:]
    var problem: String?
    private var open: Vehicle?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        if root.isEmpty {
            root = name
            if name != "routes" && name != "additional" { parser.abortParsing(); return }
        }
        switch name {
        case "vehicle":
            let t = Double(a["depart"] ?? "") ?? 0
            open = Vehicle(id: a["id"] ?? "?", edges: nil, routeRef: a["route"], count: 1, begin: t, end: t)
        case "flow":
            let begin = Double(a["begin"] ?? "") ?? 0, end = Double(a["end"] ?? "") ?? 3600
            var count = 0.0
            if let n = Double(a["number"] ?? "") { count = n }
            else if let vph = Double(a["vehsPerHour"] ?? a["perHour"] ?? "") { count = vph * (end - begin) / 3600 }
            else if let period = Double(a["period"] ?? ""), period > 0 { count = (end - begin) / period }
            else if let p = Double(a["probability"] ?? "") { count = p * (end - begin) }
            open = Vehicle(id: a["id"] ?? "?", edges: nil, routeRef: a["route"], count: count, begin: begin, end: end)
        case "trip", "personTrip":
            problem = "车辆 \(a["id"] ?? "?") 是 <trip>，没有路线；请先用 duarouter 生成带路线的车辆"
            parser.abortParsing()
        case "route":
            let edges = (a["edges"] ?? "").split(separator: " ").map(String.init)
            if open != nil { open?.edges = edges } else if let id = a["id"] { namedRoutes[id] = edges }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "vehicle" || name == "flow", let v = open { vehicles.append(v); open = nil }
    }
}
