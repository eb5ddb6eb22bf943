import Foundation
import PinganKernel

/// A pointy-top hexagonal lattice laid over the demo county. Hexagons meet three to a corner,
/// so any edge-connected set of cells has an outline without pinch points, and a set whose
/// complement is connected has no holes. Every corner is moved by a seeded offset and every edge
/// bent through two seeded points; both come from the corner or edge itself, so neighbouring cells
/// (and any union of cells) share exactly the same points.
struct HexLattice {
    /// A corner (or cell centre) in lattice units: x in √3/2 of the side, y in half the side.
    struct Corner: Hashable, Comparable, Sendable {
        var x: Int
        var y: Int
        static func < (a: Corner, b: Corner) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
    }

    /// Centre of each cell in lattice units.
    let centers: [Corner]
    /// Cells sharing an edge with each cell, ascending.
    let neighbors: [[Int]]
    /// Cells on the lattice border, always outside the county: the exterior starts there.
    let isFrame: [Bool]
    /// Hexagon side in metres.
    let side: Double
    private let seed: UInt64
    private let origin: (latitude: Double, longitude: Double)
    private let rotation: Double

    /// A lattice of (2·rowRadius+1) rows and (2·colRadius+1) columns centred on `origin`.
    init(rowRadius: Int, colRadius: Int, side: Double, origin: (latitude: Double, longitude: Double),
         rotation: Double, seed: UInt64) {
        self.side = side
        self.origin = origin
        self.rotation = rotation
        self.seed = seed
        var centers: [Corner] = []
        var frame: [Bool] = []
        for row in -rowRadius...rowRadius {
            for col in -colRadius...colRadius {
                centers.append(Corner(x: 2 * col + (row & 1), y: 3 * row))
                frame.append(abs(row) == rowRadius || abs(col) == colRadius)
            }
        }
        self.centers = centers
        isFrame = frame
        var byEdge: [[Corner]: [Int]] = [:]
        for (i, c) in centers.enumerated() {
            let cs = HexLattice.corners(around: c)
            for k in 0..<6 { byEdge[[cs[k], cs[(k + 1) % 6]].sorted(), default: []].append(i) }
        }
        var neighbors = Array(repeating: [Int](), count: centers.count)
        for cells in byEdge.values where cells.count == 2 {
            neighbors[cells[0]].append(cells[1])
            neighbors[cells[1]].append(cells[0])
        }
        self.neighbors = neighbors.map { $0.sorted() }
    }

    /// The six corners of a cell, counter-clockwise from the east-north-east one.
    static func corners(around c: Corner) -> [Corner] {
        [Corner(x: c.x + 1, y: c.y + 1), Corner(x: c.x, y: c.y + 2), Corner(x: c.x - 1, y: c.y + 1),
         Corner(x: c.x - 1, y: c.y - 1), Corner(x: c.x, y: c.y - 2), Corner(x: c.x + 1, y: c.y - 1)]
    }

    /// Undisturbed position of a lattice point, metres east and north of the origin.
    func meters(_ c: Corner) -> (x: Double, y: Double) {
        let x = Double(c.x) * side * 3.0.squareRoot() / 2, y = Double(c.y) * side / 2
        return (x * cos(rotation) - y * sin(rotation), x * sin(rotation) + y * cos(rotation))
    }

    /// Centre of a cell in metres (undisturbed).
    func centerMeters(_ cell: Int) -> (x: Double, y: Double) { meters(centers[cell]) }

    /// Metres east/north of the origin for a WGS 84 position (local equirectangular).
    func meters(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        ((longitude - origin.longitude) * metersPerDegree * cos(origin.latitude * .pi / 180),
         (latitude - origin.latitude) * metersPerDegree)
    }

    /// The WGS 84 point at metres east/north of the origin.
    func geoPoint(x: Double, y: Double) -> GeoPoint {
        GeoPoint(latitude: origin.latitude + y / metersPerDegree,
                 longitude: origin.longitude + x / (metersPerDegree * cos(origin.latitude * .pi / 180)))
    }

    private var metersPerDegree: Double { 6_371_008.8 * .pi / 180 }

    /// A corner's position in metres: moved up to a fifth of the side in a direction drawn
    /// from its key.
    func cornerMeters(_ c: Corner) -> (x: Double, y: Double) {
        var rng = generator(c.x, c.y, 0)
        let r = 0.2 * side * Double.random(in: 0...1, using: &rng).squareRoot()
        let angle = Double.random(in: 0..<(2 * .pi), using: &rng)
        let base = meters(c)
        return (base.x + r * cos(angle), base.y + r * sin(angle))
    }

    /// A corner's WGS 84 position.
    func cornerPoint(_ c: Corner) -> GeoPoint {
        let m = cornerMeters(c)
        return geoPoint(x: m.x, y: m.y)
    }

    /// The two bend points of the edge from `a` to `b`, in that direction; the reverse edge gets
    /// the same points reversed, because they are drawn from the edge's sorted corner pair.
    func bendPoints(from a: Corner, to b: Corner) -> [GeoPoint] {
        let (p, q) = a < b ? (a, b) : (b, a)
        var rng = generator(p.x &* 7 &+ q.x &* 13, p.y &* 11 &+ q.y &* 17, 1)
        let pm = cornerMeters(p), qm = cornerMeters(q)
        let dx = qm.x - pm.x, dy = qm.y - pm.y
        let length = (dx * dx + dy * dy).squareRoot()
        let points = [1.0 / 3, 2.0 / 3].map { t -> GeoPoint in
            let offset = Double.random(in: -0.06...0.06, using: &rng) * side
            return geoPoint(x: pm.x + t * dx - dy / length * offset, y: pm.y + t * dy + dx / length * offset)
        }
        return a < b ? points : points.reversed()
    }

    /// The outline of a set of cells as one closed counter-clockwise ring, or nil when the set
    /// is not one hole-free piece.
    func outline(of cells: [Int]) -> Ring? {
        var directed = Set<[Corner]>()
        for cell in cells {
            let cs = HexLattice.corners(around: centers[cell])
            for k in 0..<6 { directed.insert([cs[k], cs[(k + 1) % 6]]) }
        }
        var next: [Corner: Corner] = [:]
        for edge in directed where !directed.contains([edge[1], edge[0]]) {
            guard next[edge[0]] == nil else { return nil }
            next[edge[0]] = edge[1]
        }
        guard let start = next.keys.min() else { return nil }
        var points: [GeoPoint] = []
        var at = start
        repeat {
            guard let to = next[at] else { return nil }
            points.append(cornerPoint(at))
            points += bendPoints(from: at, to: to)
            at = to
        } while at != start && points.count <= next.count * 3
        guard points.count == next.count * 3 else { return nil }
        return Ring(closing: points)
    }

    private func generator(_ a: Int, _ b: Int, _ salt: UInt64) -> SeededGenerator {
        var h = seed ^ (salt &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ UInt64(bitPattern: Int64(a))) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ UInt64(bitPattern: Int64(b))) &* 0x94D0_49BB_1331_11EB
        return SeededGenerator(seed: h ^ (h >> 29))
    }
}
