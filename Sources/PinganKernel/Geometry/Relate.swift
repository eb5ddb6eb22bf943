/// A shape ready for pairwise comparison: its oriented edges in doubled coordinates (so the
/// midpoint of any two vertices is an integer point) and its box.
struct PreparedShape: Sendable {
    let edges: [Edge]
    let minX: Int64, maxX: Int64, minY: Int64, maxY: Int64

    init(_ shape: MultiPolygon) {
        edges = shape.orientedEdges(doubled: true)
        minX = edges.map(\.minX).min() ?? 0
        maxX = edges.map(\.maxX).max() ?? 0
        minY = edges.map(\.minY).min() ?? 0
        maxY = edges.map(\.maxY).max() ?? 0
    }

    func boxIntersects(_ o: PreparedShape) -> Bool {
        minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY
    }
}

/// How two valid shapes' boundaries sit against each other. Each boundary is cut at the other's
/// vertices; with no proper crossing every piece then lies wholly inside, outside, or along the
/// other boundary, and its midpoint says which.
struct ShapeRelation: Sendable {
    var properCrossing = false
    var aPieceInsideB = false
    var aPieceOutsideB = false
    var aPieceOnBSameSide = false
    var aPieceOnBOppositeSide = false
    var bPieceInsideA = false
    var bPieceOutsideA = false

    /// The open interiors share a point (sharing only edges or vertices is not an overlap).
    var interiorsIntersect: Bool {
        properCrossing || aPieceInsideB || bPieceInsideA || aPieceOnBSameSide
    }

    /// Every point of A lies in B (boundary included).
    var aWithinB: Bool {
        !properCrossing && !aPieceOutsideB && !aPieceOnBOppositeSide && !bPieceInsideA
    }
}

/// Relates two prepared shapes exactly; both must be valid (no self-intersections).
func relate(_ a: PreparedShape, _ b: PreparedShape) -> ShapeRelation {
    var relation = ShapeRelation()
    guard let ab = classifyPieces(of: a, against: b), let ba = classifyPieces(of: b, against: a) else {
        relation.properCrossing = true
        return relation
    }
    relation.aPieceInsideB = ab.inside
    relation.aPieceOutsideB = ab.outside
    relation.aPieceOnBSameSide = ab.onSame
    relation.aPieceOnBOppositeSide = ab.onOpposite
    relation.bPieceInsideA = ba.inside
    relation.bPieceOutsideA = ba.outside
    return relation
}

private struct PieceFlags {
    var inside = false, outside = false, onSame = false, onOpposite = false
}

/// Where the pieces of `s`'s boundary lie relative to `t`; nil when the boundaries cross properly.
private func classifyPieces(of s: PreparedShape, against t: PreparedShape) -> PieceFlags? {
    var flags = PieceFlags()
    for e in s.edges {
        guard e.boxIntersects(minX: t.minX, maxX: t.maxX, minY: t.minY, maxY: t.maxY) else {
            flags.outside = true
            continue
        }
        let nearby = t.edges.filter { $0.boxIntersects(minX: e.minX, maxX: e.maxX, minY: e.minY, maxY: e.maxY) }
        var cuts: [P2] = []
        for f in nearby {
            if contact(e.a, e.b, f.a, f.b) == .proper { return nil }
            // Every vertex of t starts one of its edges, so checking `f.a` covers them all.
            if isStrictlyInsideSegment(f.a, e.a, e.b) { cuts.append(f.a) }
        }
        cuts.sort { dot(e.a, e.b, $0) < dot(e.a, e.b, $1) }
        var from = e.a
        for to in cuts + [e.b] where to != from {
            let mid = P2(x: (from.x + to.x) / 2, y: (from.y + to.y) / 2)
            switch locatePiece(mid, nearby: nearby, all: t.edges) {
            case .inside: flags.inside = true
            case .outside: flags.outside = true
            case .along(let f):
                if dot(P2(x: 0, y: 0), P2(x: to.x - from.x, y: to.y - from.y), P2(x: f.b.x - f.a.x, y: f.b.y - f.a.y)) > 0 {
                    flags.onSame = true
                } else {
                    flags.onOpposite = true
                }
            }
            from = to
        }
    }
    return flags
}

private enum PieceLocation {
    case inside, outside
    case along(Edge)
}

/// Locates a piece midpoint: on a nearby edge, else by ray parity against every edge.
private func locatePiece(_ m: P2, nearby: [Edge], all: [Edge]) -> PieceLocation {
    for f in nearby where isOnSegment(m, f.a, f.b) { return .along(f) }
    return halfOpenContains(m, edges: all) ? .inside : .outside
}
