import PinganKernel

/// Small builders for geometry tests: coordinates are given directly in 1e-7 degree units
/// around a base point near Lukou, so expected areas are easy to compute by hand.
enum GeoFixture {
    static let baseLat7: Int64 = 277_000_000
    static let baseLng7: Int64 = 1_131_000_000

    /// A point at (x east, y north) units of 1e-7 degree from the base.
    static func pt(_ x: Int64, _ y: Int64) -> GeoPoint {
        GeoPoint(lat7: baseLat7 + y, lng7: baseLng7 + x)
    }

    /// A closed ring through the given (x, y) offsets.
    static func ring(_ xy: [(Int64, Int64)]) -> Ring {
        Ring(closing: xy.map { pt($0.0, $0.1) })
    }

    /// An axis-aligned rectangle, counter-clockwise.
    static func rect(_ x0: Int64, _ y0: Int64, _ x1: Int64, _ y1: Int64) -> MultiPolygon {
        MultiPolygon(Polygon(outer: ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])))
    }

    /// A (cols+1)×(rows+1) lattice of corners with every interior corner moved by a fixed,
    /// irregular offset, so tiles are skew quadrilaterals that still share exact edges.
    static func jitteredCorners(cols: Int, rows: Int, size: Int64, seed: UInt64) -> [[(Int64, Int64)]] {
        var rng = SeededGenerator(seed: seed)
        return (0...rows).map { r in
            (0...cols).map { c in
                let interiorX = c > 0 && c < cols, interiorY = r > 0 && r < rows
                let dx = interiorX ? Int64.random(in: -size / 4...size / 4, using: &rng) : 0
                let dy = interiorY ? Int64.random(in: -size / 4...size / 4, using: &rng) : 0
                return (Int64(c) * size + dx, Int64(r) * size + dy)
            }
        }
    }

    /// The tiles of a corner lattice, named "r-c", each counter-clockwise.
    static func tiles(_ corners: [[(Int64, Int64)]]) -> [(id: String, shape: MultiPolygon)] {
        var out: [(id: String, shape: MultiPolygon)] = []
        for r in 0..<(corners.count - 1) {
            for c in 0..<(corners[r].count - 1) {
                let ring = ring([corners[r][c], corners[r][c + 1], corners[r + 1][c + 1], corners[r + 1][c]])
                out.append(("\(r)-\(c)", MultiPolygon(Polygon(outer: ring))))
            }
        }
        return out
    }

    /// The outline of the whole corner lattice, walking every boundary corner.
    static func outline(_ corners: [[(Int64, Int64)]]) -> MultiPolygon {
        let rows = corners.count - 1, cols = corners[0].count - 1
        var xy: [(Int64, Int64)] = []
        for c in 0..<cols { xy.append(corners[0][c]) }
        for r in 0..<rows { xy.append(corners[r][cols]) }
        for c in stride(from: cols, to: 0, by: -1) { xy.append(corners[rows][c]) }
        for r in stride(from: rows, to: 0, by: -1) { xy.append(corners[r][0]) }
        return MultiPolygon(Polygon(outer: ring(xy)))
    }
}
