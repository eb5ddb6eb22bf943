extension MultiPolygon {
    /// Half-open point-in-shape test: interior points are in, exterior points out, and a point
    /// on the boundary is in only when the shape lies to its east (or, on an east–west edge, to
    /// its north). So a point on an edge or vertex shared by tiles of a tiling is in exactly one
    /// tile. Exact: no epsilon.
    public func contains(_ p: GeoPoint) -> Bool {
        let q = P2(p)
        return polygons.contains { polygon in
            // Parity ignores winding, so the rings are walked as stored, without copying.
            var inside = crossingParity(q, polygon.outer.points)
            for hole in polygon.holes where crossingParity(q, hole.points) { inside.toggle() }
            return inside
        }
    }

    /// A point inside the shape, for labels and as a stand-in centroid: the middle of the widest
    /// interior run of a few horizontal scan lines of the largest polygon, checked with `contains`.
    /// Falls back to the first vertex only for slivers narrower than 2e-7 degree.
    public var labelPoint: GeoPoint {
        guard let polygon = polygons.max(by: { $0.doubleArea < $1.doubleArea }) else {
            return GeoPoint(lat7: 0, lng7: 0)
        }
        let shape = MultiPolygon(polygon)
        let edges = shape.orientedEdges()
        let box = shape.boundingBox
        let height = box.maxLat7 - box.minLat7
        var best: (width: Double, point: GeoPoint)?
        // Scan lines from the middle outwards, so a roughly convex shape gets a central label.
        for k in [8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] {
            let y = box.minLat7 + height * Int64(k) / 16
            guard let run = widestRun(edges: edges, y: y) else { continue }
            let x = Int64(((run.from + run.to) / 2).rounded())
            let candidate = GeoPoint(lat7: y, lng7: x)
            if run.to - run.from > (best?.width ?? 0), shape.contains(candidate) {
                best = (run.to - run.from, candidate)
            }
            // The middle lines are preferred; stop once one has a reasonably wide run.
            if let b = best, b.width * 4 >= Double(box.maxLng7 - box.minLng7) { break }
        }
        return best?.point ?? polygon.outer.points.first ?? GeoPoint(lat7: 0, lng7: 0)
    }
}

/// `halfOpenContains` over one ring's stored points (the closing edge added if missing).
private func crossingParity(_ p: P2, _ points: [GeoPoint]) -> Bool {
    guard points.count >= 3 else { return false }
    var inside = false
    var prev = P2(points[points.count - 1])
    for point in points {
        let cur = P2(point)
        if (prev.y <= p.y) != (cur.y <= p.y) {
            let (lo, hi) = prev.y < cur.y ? (prev, cur) : (cur, prev)
            if cross(lo, hi, p) > 0 { inside.toggle() }
        }
        prev = cur
    }
    return inside
}

/// The widest interval along y (nudged up by ε, like `halfOpenContains`) that lies inside.
private func widestRun(edges: [Edge], y: Int64) -> (from: Double, to: Double)? {
    var xs: [Double] = []
    for e in edges where (e.a.y <= y) != (e.b.y <= y) {
        let t = Double(y - e.a.y) / Double(e.b.y - e.a.y)
        xs.append(Double(e.a.x) + t * Double(e.b.x - e.a.x))
    }
    xs.sort()
    var best: (from: Double, to: Double)?
    var i = 0
    while i + 1 < xs.count {
        if xs[i + 1] - xs[i] > (best.map { $0.to - $0.from } ?? 0) { best = (xs[i], xs[i + 1]) }
        i += 2
    }
    return best
}
