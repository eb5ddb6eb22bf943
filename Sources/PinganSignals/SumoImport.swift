// A SUMO network plus counted volumes → Pingan intersections, movements and an arterial.
import Foundation

/// An arterial imported from SUMO with its intersections and the edges that form it.
public struct SumoCorridor: Sendable {
    public var arterial: Arterial
    public var intersections: [String: Intersection]
    /// Traffic-light id per arterial junction.
    public var trafficLights: [String]
    /// Edges travelled outbound / inbound between consecutive junctions.
    public var outboundEdges: [[String]]
    public var inboundEdges: [[String]]
}

/// Turns SUMO input into the model.
public enum SumoImport {
    /// Saturation flow assumed per lane, veh/h.
    public static let saturationFlowPerLane = 1800.0

    /// The intersection a SUMO traffic-light junction stands for, with volumes counted from routes.
    public static func intersection(_ net: SumoNetwork, _ demand: SumoDemand, junction id: String) throws -> Intersection {
        guard let j = net.junctions[id] else { throw SignalsError("路口 \(id)", "不在路网中") }
        guard let tl = net.trafficLight(of: id) else { throw SignalsError("路口 \(id)", "不是信号控制路口（路网中没有控制它的信号灯）") }
        var approaches: [Approach] = []
        for edge in net.incoming(id) {
            let cons = net.connections.filter { $0.from == edge.id && $0.tl == tl }
            guard !cons.isEmpty else { continue }
            let from = net.junctions[edge.from]
            let bearing = from.map { atan2($0.x - j.x, $0.y - j.y) * 180 / .pi } ?? 0
            var movements: [Movement] = []
            for to in Array(Set(cons.map(\.to))).sorted() {
                let mine = cons.filter { $0.to == to }
                let lanes = Set(mine.map(\.fromLane))
                let others = Set(cons.filter { $0.to != to }.map(\.fromLane))
                movements.append(Movement(id: "\(edge.id)>\(to)", turn: mine[0].turn, lanes: lanes.count,
                                          saturationFlowPerLane: saturationFlowPerLane,
                                          volume: demand.volume(from: edge.id, to: to),
                                          exclusiveLane: lanes.isDisjoint(with: others)))
            }
            approaches.append(Approach(id: edge.id, bearing: normalized(bearing, 360),
                                       lanes: Set(cons.map(\.fromLane)).count, movements: movements))
        }
        return Intersection(id: id, position: Position(x: j.x, y: j.y), approaches: approaches)
    }

    /// Shortest chain of edges from one junction to another through junctions that are not signalized
    /// (at most `hops` edges); nil when there is none.
    static func path(_ net: SumoNetwork, from a: String, to b: String, avoiding: Set<String>, hops: Int = 6) -> [String]? {
        var frontier: [(node: String, edges: [String], length: Double)] = [(a, [], 0)]
        var best: (edges: [String], length: Double)?
        for _ in 0..<hops {
            var next: [(node: String, edges: [String], length: Double)] = []
            for f in frontier {
                for e in net.outgoing(f.node) where !f.edges.contains(e.id) {
                    let length = f.length + e.length
                    if e.to == b {
                        if best == nil || length < best!.length { best = (f.edges + [e.id], length) }
                    } else if !avoiding.contains(e.to), net.trafficLight(of: e.to) == nil {
                        next.append((e.to, f.edges + [e.id], length))
                    }
                }
            }
            frontier = next
            if frontier.isEmpty { break }
        }
        return best?.edges
    }

    /// Builds the arterial through the given junctions (outbound order) with volumes from the demand.
    public static func corridor(_ net: SumoNetwork, _ demand: SumoDemand, junctions ids: [String],
                                arterialId: String = "arterial") throws -> SumoCorridor {
        guard ids.count >= 2 else { throw SignalsError("干线", "至少需要 2 个路口（现为 \(ids.count) 个）") }
        if let dup = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw SignalsError("干线", "路口 \(dup) 重复出现")
        }
        for id in ids where net.junctions[id] == nil { throw SignalsError("路口 \(id)", "不在路网中") }
        var lights: [String] = []
        for id in ids {
            guard let tl = net.trafficLight(of: id) else { throw SignalsError("路口 \(id)", "不是信号控制路口（路网中没有控制它的信号灯）") }
            lights.append(tl)
        }
        let members = Set(ids)
        var outEdges: [[String]] = [], inEdges: [[String]] = []
        for (a, b) in zip(ids, ids.dropFirst()) {
            guard let forward = path(net, from: a, to: b, avoiding: members) else {
                throw SignalsError("干线 \(a)→\(b)", "不是连通路径：路网中没有从 \(a) 通往 \(b) 的道路")
            }
            guard let backward = path(net, from: b, to: a, avoiding: members) else {
                throw SignalsError("干线 \(b)→\(a)", "不是连通路径：路网中没有从 \(b) 通往 \(a) 的道路（干线需双向通行）")
            }
            outEdges.append(forward); inEdges.append(backward)
        }
        let n = ids.count
        var outApproach = [String](repeating: "", count: n), inApproach = [String](repeating: "", count: n)
        for i in 1..<n { outApproach[i] = outEdges[i - 1].last ?? "" }
        for i in 0..<(n - 1) { inApproach[i] = inEdges[i].last ?? "" }
        // At the ends, the approach is the one whose through movement feeds the arterial's first edge.
        func feeder(_ junction: String, into edge: String) -> String? {
            net.connections.first { $0.to == edge && $0.dir == "s" && net.edges[$0.from]?.to == junction }?.from
        }
        guard let first = feeder(ids[0], into: outEdges[0][0]) else {
            throw SignalsError("路口 \(ids[0])", "找不到直行驶入干线的进口道（干线起点）")
        }
        guard let last = feeder(ids[n - 1], into: inEdges[n - 2][0]) else {
            throw SignalsError("路口 \(ids[n - 1])", "找不到直行驶入干线的进口道（干线终点）")
        }
        outApproach[0] = first; inApproach[n - 1] = last
        var intersections: [String: Intersection] = [:]
        for id in ids { intersections[id] = try intersection(net, demand, junction: id) }
        func lengthAndSpeed(_ edges: [String]) -> (Double, Double) {
            let e = edges.compactMap { net.edges[$0] }
            return (e.reduce(0) { $0 + $1.length }, e.map(\.speed).min() ?? 13.89)
        }
        let out = outEdges.map(lengthAndSpeed), inb = inEdges.map(lengthAndSpeed)
        let arterial = Arterial(id: arterialId, intersectionIds: ids, distances: out.map(\.0),
                                outboundSpeeds: out.map(\.1), inboundSpeeds: inb.map(\.1),
                                outboundApproaches: outApproach, inboundApproaches: inApproach)
        return SumoCorridor(arterial: arterial, intersections: intersections, trafficLights: lights,
                            outboundEdges: outEdges, inboundEdges: inEdges)
    }
}
