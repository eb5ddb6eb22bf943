import Foundation
import PinganKernel

/// Lays the 湘江 (entering in the south, flowing north past 渌口) and the 渌江 (from the east,
/// joining the 湘江 just west of the seat) along unit-grid edges, so rivers separate grids the
/// way real rivers do and roads cross them at clear points.
struct RiverBuilder {
    /// A river as outline-vertex indices (for crossings) and points.
    struct Line {
        var name: String
        var vertices: [Int]
        var points: [GeoPoint]
    }

    let graph: CellGraph
    let anchors: TownAnchors

    func build(rng: inout SeededGenerator) -> [Line] {
        // Per-vertex roughness makes the cheapest path meander.
        let roughness = graph.vertices.indices.map { _ in Double.random(in: 0...0.8, using: &rng) }
        let interior = { (v: Int) in !graph.onDistrictBoundary[v] }
        // A river enters where an inner grid edge meets the boundary, so it can go on inland.
        let inlet = { (v: Int) in graph.onDistrictBoundary[v] && graph.vertexNeighbors[v].contains(where: interior) }
        let town = { (code: String) in anchors.towns.first { $0.code == code }?.point ?? anchors.seat }
        let xiangSource = graph.nearestVertex(to: shifted(town("430212106"), east: -3_000, north: -20_000)) { inlet($0) }
        let xiangMid = graph.nearestVertex(to: shifted(town("430212102"), east: -1_500, north: 0), where: interior)
        let xiangMouth = graph.nearestVertex(to: shifted(town("430212101"), east: -3_000, north: 20_000)) { inlet($0) }
        let luSource = graph.nearestVertex(to: shifted(town("430212105"), east: 20_000, north: 0)) { inlet($0) }
        guard let xiangSource, let xiangMouth, let luSource else { return [] }
        // The rivers meet at a grid corner (three edges): the 渌江 arrives by one, the 湘江 passes
        // through by the other two. Corners near the seat are tried until both rivers fit.
        let near = shifted(anchors.seat, east: -700, north: 0)
        let corners = graph.vertices.indices.filter { interior($0) && graph.vertexNeighbors[$0].count == 3 }
            .sorted { distanceMeters(graph.vertices[$0], near) < distanceMeters(graph.vertices[$1], near) }
        var fallback: [Line] = []
        for confluence in corners.prefix(8) {
            var used = Set<Int>()
            guard let lu = trace([luSource, confluence], used: &used, roughness: roughness) else { continue }
            used.remove(confluence)
            let mid = xiangMid.flatMap { used.contains($0) ? nil : $0 }
            for stops in [[xiangSource] + (mid.map { [$0] } ?? []) + [confluence, xiangMouth], [xiangSource, confluence, xiangMouth]] {
                var taken = used
                if let xiang = trace(stops, used: &taken, roughness: roughness) {
                    return [line("湘江", xiang), line("渌江", lu)]
                }
            }
            if fallback.isEmpty {
                var fresh = Set<Int>()
                if let xiang = trace([xiangSource, confluence, xiangMouth], used: &fresh, roughness: roughness) {
                    fallback = [line("湘江", xiang)]
                }
            }
        }
        return fallback
    }

    private func line(_ name: String, _ vertices: [Int]) -> Line {
        Line(name: name, vertices: vertices, points: vertices.map { graph.vertices[$0] })
    }

    /// The cheapest meandering path through the stops, never reusing a vertex and touching the
    /// district boundary only at its ends.
    private func trace(_ stops: [Int], used: inout Set<Int>, roughness: [Double]) -> [Int]? {
        guard stops.count >= 2 else { return nil }
        var path = [stops[0]]
        used.insert(stops[0])
        for (from, to) in zip(stops, stops.dropFirst()) {
            let usedNow = used
            guard let leg = cheapestPath(count: graph.vertices.count, from: from, toAnyOf: { $0 == to },
                                         neighbors: { graph.vertexNeighbors[$0] },
                                         cost: { u, v in
                                             guard v == to || (!usedNow.contains(v) && !graph.onDistrictBoundary[v]) else { return nil }
                                             return distanceMeters(graph.vertices[u], graph.vertices[v]) * (1 + roughness[v])
                                         }) else { return nil }
            path += leg.dropFirst()
            used.formUnion(leg)
        }
        return path
    }
}

/// `p` moved by metres east and north (local flat approximation, fine over tens of kilometres).
func shifted(_ p: GeoPoint, east: Double, north: Double) -> GeoPoint {
    let metersPerDegree = 6_371_008.8 * Double.pi / 180
    return GeoPoint(latitude: p.latitude + north / metersPerDegree,
                    longitude: p.longitude + east / (metersPerDegree * cos(p.latitude * .pi / 180)))
}
