// Reading SUMO files (.net.xml networks, .rou.xml routes) with FoundationXML's streaming parser.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A lane of a SUMO edge.
public struct SumoLane: Sendable, Hashable {
    public var index: Int
    public var speed: Double
    public var length: Double
}

/// A (non-internal) SUMO edge.
public struct SumoEdge: Sendable, Hashable {
    public var id: String
    public var from: String
    public var to: String
    public var lanes: [SumoLane]
    /// Length of the edge (its first lane), m.
    public var length: Double { lanes.first?.length ?? 0 }
    /// Lowest lane speed limit, m/s.
    public var speed: Double { lanes.map(\.speed).min() ?? 13.89 }
}

/// A SUMO junction.
public struct SumoJunction: Sendable, Hashable {
    public var id: String
    public var type: String
    public var x: Double
    public var y: Double
}

/// A connection from a lane of one edge to a lane of another.
public struct SumoConnection: Sendable, Hashable {
    public var from: String
    public var to: String
    public var fromLane: Int
    public var toLane: Int
    /// Id of the traffic light controlling it ("" when none).
    public var tl: String
    public var linkIndex: Int
    /// SUMO's direction code: s, l, r, t, L, R.
    public var dir: String

    /// The movement kind of a direction code.
    public var turn: Turn {
        switch dir {
        case "l", "L": .left
        case "r", "R": .right
        case "t": .uTurn
        default: .through
        }
    }
}

/// A phase of a SUMO traffic-light program.
public struct SumoPhase: Sendable, Hashable {
    public var duration: Double
    public var state: String
    /// Creates a phase.
    public init(duration: Double, state: String) { self.duration = duration; self.state = state }
}

/// A SUMO `<tlLogic>` program.
public struct SumoProgram: Sendable, Hashable {
    public var id: String
    public var programID: String
    public var offset: Double
    public var phases: [SumoPhase]
    /// Creates a program.
    public init(id: String, programID: String, offset: Double, phases: [SumoPhase]) {
        self.id = id; self.programID = programID; self.offset = offset; self.phases = phases
    }
    /// Sum of phase durations, s.
    public var cycle: Double { phases.reduce(0) { $0 + $1.duration } }
}

/// The parts of a SUMO network Pingan uses.
public struct SumoNetwork: Sendable {
    public var edges: [String: SumoEdge] = [:]
    public var junctions: [String: SumoJunction] = [:]
    public var connections: [SumoConnection] = []
    public var programs: [String: SumoProgram] = [:]

    /// Parses a `.net.xml` file; throws a clear error when the file is not a SUMO network.
    public static func load(_ url: URL) throws -> SumoNetwork {
        guard let data = try? Data(contentsOf: url) else {
            throw SignalsError("文件 \(url.path)", "无法读取")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    /// Parses the bytes of a `.net.xml` file.
    public static func parse(_ data: Data, name: String = "路网文件") throws -> SumoNetwork {
        let reader = NetReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        let ok = parser.parse()
        guard reader.root == "net" else {
            throw SignalsError("文件 \(name)", reader.root.isEmpty ? "不是 XML 文件，无法作为 SUMO 路网读取"
                                                                  : "不是 SUMO 路网文件（根元素为 <\(reader.root)>，应为 <net>）")
        }
        guard ok else {
            throw SignalsError("文件 \(name)", "XML 格式错误：\(parser.parserError.map { "\($0.localizedDescription)" } ?? "未知")")
        }
        return reader.network
    }

    /// Edges entering a junction.
    public func incoming(_ junction: String) -> [SumoEdge] { edges.values.filter { $0.to == junction }.sorted { $0.id < $1.id } }
    /// Edges leaving a junction.
    public func outgoing(_ junction: String) -> [SumoEdge] { edges.values.filter { $0.from == junction }.sorted { $0.id < $1.id } }
    /// The traffic light that controls the links entering a junction, if any.
    public func trafficLight(of junction: String) -> String? {
        let into = Set(incoming(junction).map(\.id))
        return connections.first { into.contains($0.from) && !$0.tl.isEmpty }?.tl
    }
    /// Connections of a traffic light, ordered by link index.
    public func links(of tl: String) -> [SumoConnection] {
        connections.filter { $0.tl == tl }.sorted { $0.linkIndex < $1.linkIndex }
    }
}

final class NetReader: NSObject, XMLParserDelegate {
    var network = SumoNetwork()
    var root = ""
    private var currentEdge: SumoEdge?
    private var currentProgram: SumoProgram?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        if root.isEmpty {
            root = name
            if name != "net" { parser.abortParsing(); return }
        }
        switch name {
        case "edge":
            guard a["function"] != "internal", let id = a["id"] else { currentEdge = nil; return }
            currentEdge = SumoEdge(id: id, from: a["from"] ?? "", to: a["to"] ?? "", lanes: [])
        case "lane":
            guard currentEdge != nil else { return }
            currentEdge?.lanes.append(SumoLane(index: Int(a["index"] ?? "") ?? currentEdge!.lanes.count,
                                               speed: Double(a["speed"] ?? "") ?? 13.89,
                                               length: Double(a["length"] ?? "") ?? 0))
        case "junction":
            guard let id = a["id"], a["type"] != "internal" else { return }
            network.junctions[id] = SumoJunction(id: id, type: a["type"] ?? "", x: Double(a["x"] ?? "") ?? 0,
                                                 y: Double(a["y"] ?? "") ?? 0)
        case "connection":
            guard let from = a["from"], let to = a["to"], !from.hasPrefix(":") else { return }
            network.connections.append(SumoConnection(from: from, to: to, fromLane: Int(a["fromLane"] ?? "") ?? 0,
                                                      toLane: Int(a["toLane"] ?? "") ?? 0, tl: a["tl"] ?? "",
                                                      linkIndex: Int(a["linkIndex"] ?? "") ?? -1, dir: a["dir"] ?? "s"))
        case "tlLogic":
            currentProgram = SumoProgram(id: a["id"] ?? "", programID: a["programID"] ?? "0",
                                         offset: Double(a["offset"] ?? "") ?? 0, phases: [])
        case "phase":
            currentProgram?.phases.append(SumoPhase(duration: Double(a["duration"] ?? "") ?? 0, state: a["state"] ?? ""))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "edge", let e = currentEdge { network.edges[e.id] = e; currentEdge = nil }
        if name == "tlLogic", let p = currentProgram { network.programs[p.id] = p; currentProgram = nil }
    }
}
