import PinganKernel

/// Lays the demo road network over the unit grids: each road is a cheapest path from cell
/// centre to cell centre. Later, lower roads run cheaply along links already built, so they
/// join the network instead of running beside it, and they reuse existing bridges rather than
/// cross a river again. The expressway runs on its own level and meets other roads only at
/// interchanges. Finally the links are cut into graph edges at junctions and named places.
struct RoadNetworkBuilder {
    typealias RoadClass = DemoVectorLayers.RoadClass

    /// A node of the link graph: a cell on the surface (0) or on the expressway (1).
    struct Spot: Hashable, Comparable {
        var level: Int
        var cell: Int
        static func < (a: Spot, b: Spot) -> Bool { a.level != b.level ? a.level < b.level : a.cell < b.cell }
    }

    struct Link: Hashable {
        var a: Spot
        var b: Spot
        init(_ x: Spot, _ y: Spot) { (a, b) = x < y ? (x, y) : (y, x) }
    }

    struct Bridge {
        var name: String
        var point: GeoPoint
    }

    let graph: CellGraph
    let anchors: TownAnchors
    let rivers: [RiverBuilder.Line]
    private(set) var nodes: [DemoVectorLayers.RoadNode] = []
    private(set) var roads: [DemoVectorLayers.Road] = []
    private(set) var bridges: [Bridge] = []

    private var links: [Link: (name: String, roadClass: RoadClass)] = [:]
    private var namedSpots: [Spot: String] = [:]
    private var interchanges = Set<Int>()
    private var riverBetween: [Link: String] = [:]
    private var roughness: [Double] = []

    init(graph: CellGraph, anchors: TownAnchors, rivers: [RiverBuilder.Line]) {
        self.graph = graph
        self.anchors = anchors
        self.rivers = rivers
        for river in rivers {
            for (u, v) in zip(river.vertices, river.vertices.dropFirst()) {
                guard let left = graph.cellOnLeft[.init(a: u, b: v)], let right = graph.cellOnLeft[.init(a: v, b: u)] else { continue }
                riverBetween[Link(Spot(level: 0, cell: left), Spot(level: 0, cell: right))] = river.name
            }
        }
    }

    mutating func build(rng: inout SeededGenerator) {
        roughness = graph.centers.indices.map { _ in Double.random(in: 0...0.6, using: &rng) }
        let towns = anchors.towns
        let town = { (code: String) in towns.first { $0.code == code }?.cell ?? 0 }
        let seat = town("430212100")
        for t in anchors.towns { namedSpots[Spot(level: 0, cell: t.cell)] = t.name }

        // 京港澳高速 (G4) runs north–south east of the seat, on its own level.
        let north = edgeCell(toward: shifted(anchors.seat, east: 9_000, north: 40_000))
        let south = edgeCell(toward: shifted(anchors.seat, east: 9_000, north: -40_000))
        if let g4 = route(level: 1, [north, south], discount: 1, crossing: 4_000) {
            for (code, name) in [("430212100", "渌口互通"), ("430212103", "古岳峰互通")] {
                guard let ic = g4.dropFirst().dropLast().min(by: { closer($0, $1, to: town(code)) }) else { continue }
                interchanges.insert(ic)
                namedSpots[Spot(level: 0, cell: ic)] = name
            }
            add(level: 1, g4, "京港澳高速", .expressway)
            namedSpots[Spot(level: 1, cell: north)] = "京港澳高速北出口（往长沙）"
            namedSpots[Spot(level: 1, cell: south)] = "京港澳高速南出口（往衡阳）"
            for ic in interchanges.sorted() {
                let toTown = ic == g4.min(by: { closer($0, $1, to: seat) }) ? seat : town("430212103")
                if let link = route(level: 0, [ic, toTown], discount: 0.5, crossing: 15_000) {
                    add(level: 0, link, "\(namedSpots[Spot(level: 0, cell: ic)] ?? "互通")连接线", .primary)
                }
            }
        }
        // G107 follows the 湘江 valley through the western towns.
        let g107North = edgeCell(toward: shifted(anchors.towns.first { $0.code == "430212101" }?.point ?? anchors.seat, east: 0, north: 40_000))
        let g107South = edgeCell(toward: shifted(anchors.towns.first { $0.code == "430212106" }?.point ?? anchors.seat, east: 0, north: -40_000))
        surfaceRoad([g107North, town("430212101"), seat, town("430212102"), town("430212106"), g107South], "G107国道", .trunk)
        namedSpots[Spot(level: 0, cell: g107North)] = "G107国道北端（往株洲城区）"
        namedSpots[Spot(level: 0, cell: g107South)] = "G107国道南端（往衡东）"
        let east = edgeCell(toward: shifted(anchors.towns.first { $0.code == "430212105" }?.point ?? anchors.seat, east: 40_000, north: 0))
        surfaceRoad([seat, town("430212105"), east], "S211省道", .primary)
        namedSpots[Spot(level: 0, cell: east)] = "S211省道东端（往醴陵）"
        surfaceRoad([seat, town("430212104")], "S210省道", .primary)
        let county: [(String, String, String)] = [
            ("430212103", "430212100", "X009县道"), ("430212103", "430212200", "X011县道"),
            ("430212103", "430212102", "X013县道"), ("430212200", "430212105", "X015县道"),
            ("430212106", "430212200", "X017县道"), ("430212101", "430212104", "X019县道"),
        ]
        for (a, b, name) in county { surfaceRoad([town(a), town(b)], name, .secondary) }
        // A road to every village committee not yet on one, joining the network as soon as it can.
        var served = Set(links.keys.filter { $0.a.level == 0 }.flatMap { [$0.a.cell, $0.b.cell] })
        var number = 1
        for cell in anchors.villageCells where !served.contains(cell) {
            let reached = served
            guard let path = cheapestPath(count: graph.centers.count, from: cell, toAnyOf: { reached.contains($0) },
                                          neighbors: { graph.neighbors[$0] },
                                          cost: { u, v in self.cost(0, u, v, discount: 1, crossing: 15_000) })
            else { continue }
            add(level: 0, path, "Y\(paddedCode(number, digits: 3))乡道", .local)
            served.formUnion(path)
            number += 1
        }
        extractGraph()
    }

    /// A surface road through the stops, built leg by leg.
    private mutating func surfaceRoad(_ stops: [Int], _ name: String, _ roadClass: RoadClass) {
        guard let path = route(level: 0, stops, discount: roadClass == .trunk ? 0.8 : 0.4, crossing: 15_000) else { return }
        add(level: 0, path, name, roadClass)
    }

    private func route(level: Int, _ stops: [Int], discount: Double, crossing: Double) -> [Int]? {
        var path = [stops[0]]
        for (from, to) in zip(stops, stops.dropFirst()) where from != to {
            guard let leg = cheapestPath(count: graph.centers.count, from: from, toAnyOf: { $0 == to },
                                         neighbors: { graph.neighbors[$0] },
                                         cost: { u, v in cost(level, u, v, discount: discount, crossing: crossing) })
            else { return nil }
            path += leg.dropFirst()
        }
        return path
    }

    /// Metres, made rough per cell; cheaper along built links; dearer across a river with no bridge.
    private func cost(_ level: Int, _ u: Int, _ v: Int, discount: Double, crossing: Double) -> Double {
        let link = Link(Spot(level: level, cell: u), Spot(level: level, cell: v))
        let base = distanceMeters(graph.centers[u], graph.centers[v]) * (1 + roughness[v])
        if links[link] != nil { return base * discount }
        let surface = Link(Spot(level: 0, cell: u), Spot(level: 0, cell: v))
        return base + (riverBetween[surface] != nil ? crossing : 0)
    }

    /// Records the links of a path; a link keeps the highest class (and its name) of any road on it.
    private mutating func add(level: Int, _ path: [Int], _ name: String, _ roadClass: RoadClass) {
        for (u, v) in zip(path, path.dropFirst()) where u != v {
            let link = Link(Spot(level: level, cell: u), Spot(level: level, cell: v))
            if let existing = links[link], rank(existing.roadClass) <= rank(roadClass) { continue }
            links[link] = (name, roadClass)
        }
    }

    private func rank(_ c: RoadClass) -> Int { RoadClass.allCases.firstIndex(of: c) ?? 0 }

    private func closer(_ a: Int, _ b: Int, to target: Int) -> Bool {
        let da = distanceMeters(graph.centers[a], graph.centers[target]), db = distanceMeters(graph.centers[b], graph.centers[target])
        return da != db ? da < db : a < b
    }

    /// The district-edge cell nearest a point (a cell with fewer than six neighbours).
    private func edgeCell(toward p: GeoPoint) -> Int {
        graph.nearestCell(to: p) { graph.neighbors[$0].count < 6 } ?? 0
    }

    /// Where a spot sits in the graph: interchanges join the expressway to the surface.
    private func node(_ s: Spot) -> Spot {
        s.level == 1 && interchanges.contains(s.cell) ? Spot(level: 0, cell: s.cell) : s
    }

    /// Cuts the links into graph edges at junctions, ends, named spots and changes of road.
    private mutating func extractGraph() {
        var around: [Spot: [Link]] = [:]
        for link in links.keys.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) {
            around[node(link.a), default: []].append(link)
            around[node(link.b), default: []].append(link)
        }
        var forced = Set<Spot>()
        func isNode(_ s: Spot) -> Bool {
            guard let ls = around[s], ls.count == 2, namedSpots[s] == nil, !forced.contains(s) else { return true }
            return links[ls[0]]?.name != links[ls[1]]?.name
        }
        var ids: [Spot: String] = [:]
        var visited = Set<Link>()
        func walk(from start: Spot) {
            for first in around[start] ?? [] where !visited.contains(first) {
                var chain = [start]
                var link = first
                while true {
                    visited.insert(link)
                    let at = node(link.a) == chain[chain.count - 1] ? node(link.b) : node(link.a)
                    chain.append(at)
                    guard !isNode(at), let next = around[at]?.first(where: { !visited.contains($0) }) else { break }
                    link = next
                }
                emit(chain, info: links[first] ?? ("", .local), ids: &ids)
            }
        }
        let spots = around.keys.sorted()
        for s in spots where isNode(s) { walk(from: s) }
        // What is left are closed loops with no junction: start each at its first spot.
        for s in spots where (around[s] ?? []).contains(where: { !visited.contains($0) }) {
            forced.insert(s)
            walk(from: s)
        }
        findBridges()
    }

    private mutating func newNode(_ s: Spot, ids: inout [Spot: String]) -> String {
        if let id = ids[s] { return id }
        let id = "N" + paddedCode(nodes.count + 1, digits: 3)
        ids[s] = id
        nodes.append(DemoVectorLayers.RoadNode(id: id, point: graph.centers[s.cell], name: namedSpots[s]))
        return id
    }

    private mutating func emit(_ chain: [Spot], info: (name: String, roadClass: RoadClass), ids: inout [Spot: String]) {
        guard let first = chain.first, let last = chain.last else { return }
        let from = newNode(first, ids: &ids), to = newNode(last, ids: &ids)
        let points = smoothed(chain.map { graph.centers[$0.cell] })
        let length = zip(points, points.dropFirst()).reduce(0.0) { $0 + distanceMeters($1.0, $1.1) }
        roads.append(DemoVectorLayers.Road(id: "R" + paddedCode(roads.count + 1, digits: 3), name: info.name,
                                           roadClass: info.roadClass, speedKmh: info.roadClass.speedKmh,
                                           from: from, to: to, points: points, lengthMeters: length))
    }

    /// Corner cutting (Chaikin) with the ends kept: every new point lies on an original segment,
    /// so the road stays inside the cells it was routed through.
    private func smoothed(_ pts: [GeoPoint]) -> [GeoPoint] {
        guard pts.count > 2 else { return pts }
        func mix(_ a: GeoPoint, _ b: GeoPoint, _ t: Double) -> GeoPoint {
            GeoPoint(lat7: a.lat7 + Int64((Double(b.lat7 - a.lat7) * t).rounded()),
                     lng7: a.lng7 + Int64((Double(b.lng7 - a.lng7) * t).rounded()))
        }
        var out = [pts[0]]
        for i in 0..<(pts.count - 1) {
            if i > 0 { out.append(mix(pts[i], pts[i + 1], 0.25)) }
            if i < pts.count - 2 { out.append(mix(pts[i], pts[i + 1], 0.75)) }
        }
        out.append(pts[pts.count - 1])
        return out
    }

    /// A bridge wherever a link crosses a river, named after the nearest town.
    private mutating func findBridges() {
        var used = Set<String>()
        for link in links.keys.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) {
            let surface = Link(Spot(level: 0, cell: link.a.cell), Spot(level: 0, cell: link.b.cell))
            guard let river = riverBetween[surface], let line = rivers.first(where: { $0.name == river }) else { continue }
            let a = graph.centers[link.a.cell], b = graph.centers[link.b.cell]
            let point = zip(line.points, line.points.dropFirst()).lazy.compactMap { crossing(a, b, $0.0, $0.1) }.first
                ?? GeoPoint(lat7: (a.lat7 + b.lat7) / 2, lng7: (a.lng7 + b.lng7) / 2)
            let stem = anchors.nearest(to: point)?.stem ?? "渌口"
            let kind = links[link]?.roadClass == .expressway ? "特大桥" : "大桥"
            var name = stem + river + kind
            for ordinal in ["二", "三", "四", "五"] where used.contains(name) { name = stem + river + ordinal + "桥" }
            used.insert(name)
            bridges.append(Bridge(name: name, point: point))
        }
    }

    /// Where segment ab crosses segment cd, if it does.
    private func crossing(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> GeoPoint? {
        let r = (x: Double(b.lng7 - a.lng7), y: Double(b.lat7 - a.lat7))
        let s = (x: Double(d.lng7 - c.lng7), y: Double(d.lat7 - c.lat7))
        let denom = r.x * s.y - r.y * s.x
        guard denom != 0 else { return nil }
        let q = (x: Double(c.lng7 - a.lng7), y: Double(c.lat7 - a.lat7))
        let t = (q.x * s.y - q.y * s.x) / denom, u = (q.x * r.y - q.y * r.x) / denom
        guard (0...1).contains(t), (0...1).contains(u) else { return nil }
        return GeoPoint(lat7: a.lat7 + Int64((r.y * t).rounded()), lng7: a.lng7 + Int64((r.x * t).rounded()))
    }
}
