/// Exact planar predicates on integer coordinates (x = longitude, y = latitude, in 1e-7 degree
/// or a multiple of it). Products go through Int128, so nothing is rounded and no epsilon is
/// needed: a point is on a segment or it is not.
struct P2: Hashable, Sendable, Comparable {
    var x: Int64
    var y: Int64

    init(x: Int64, y: Int64) {
        self.x = x
        self.y = y
    }

    init(_ p: GeoPoint) {
        x = p.lng7
        y = p.lat7
    }

    static func < (a: P2, b: P2) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }

    static func + (a: P2, b: P2) -> P2 { P2(x: a.x + b.x, y: a.y + b.y) }

    /// This point scaled by 2: segment midpoints of doubled points are integers.
    var doubled: P2 { P2(x: x * 2, y: y * 2) }
}

/// (a − o) × (b − o): positive when o→a→b turns left (counter-clockwise).
@inline(__always)
func cross(_ o: P2, _ a: P2, _ b: P2) -> Int128 {
    Int128(a.x - o.x) * Int128(b.y - o.y) - Int128(a.y - o.y) * Int128(b.x - o.x)
}

/// (b − a) · (c − a).
@inline(__always)
func dot(_ a: P2, _ b: P2, _ c: P2) -> Int128 {
    Int128(b.x - a.x) * Int128(c.x - a.x) + Int128(b.y - a.y) * Int128(c.y - a.y)
}

/// True when p lies on the closed segment ab.
@inline(__always)
func isOnSegment(_ p: P2, _ a: P2, _ b: P2) -> Bool {
    cross(a, b, p) == 0
        && min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x)
        && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
}

/// True when p lies on segment ab but is neither endpoint.
@inline(__always)
func isStrictlyInsideSegment(_ p: P2, _ a: P2, _ b: P2) -> Bool {
    p != a && p != b && isOnSegment(p, a, b)
}

/// How two closed segments meet.
enum SegmentContact: Equatable {
    /// No common point.
    case disjoint
    /// They cross at one point interior to both (a transversal crossing).
    case proper
    /// They share exactly one point that is an endpoint of at least one of them.
    case touch
    /// Collinear with a common piece of positive length.
    case overlap
}

/// Classifies how segment ab meets segment cd.
func contact(_ a: P2, _ b: P2, _ c: P2, _ d: P2) -> SegmentContact {
    if max(a.x, b.x) < min(c.x, d.x) || max(c.x, d.x) < min(a.x, b.x)
        || max(a.y, b.y) < min(c.y, d.y) || max(c.y, d.y) < min(a.y, b.y) {
        return .disjoint
    }
    let d1 = cross(a, b, c).signum(), d2 = cross(a, b, d).signum()
    let d3 = cross(c, d, a).signum(), d4 = cross(c, d, b).signum()
    if d1 * d2 < 0 && d3 * d4 < 0 { return .proper }
    if d1 == 0 && d2 == 0 {
        // Collinear: project on the dominant axis and compare the covered intervals.
        let useX = a.x != b.x || c.x != d.x
        let (a0, a1) = useX ? (min(a.x, b.x), max(a.x, b.x)) : (min(a.y, b.y), max(a.y, b.y))
        let (c0, c1) = useX ? (min(c.x, d.x), max(c.x, d.x)) : (min(c.y, d.y), max(c.y, d.y))
        let lo = max(a0, c0), hi = min(a1, c1)
        if lo > hi { return .disjoint }
        return lo == hi ? .touch : .overlap
    }
    if isOnSegment(c, a, b) || isOnSegment(d, a, b) || isOnSegment(a, c, d) || isOnSegment(b, c, d) {
        return .touch
    }
    return .disjoint
}

/// A directed boundary edge with its interior on the left, plus its box for pruning.
struct Edge: Sendable {
    var a: P2
    var b: P2
    var minX: Int64 { min(a.x, b.x) }
    var maxX: Int64 { max(a.x, b.x) }
    var minY: Int64 { min(a.y, b.y) }
    var maxY: Int64 { max(a.y, b.y) }

    func boxIntersects(minX: Int64, maxX: Int64, minY: Int64, maxY: Int64) -> Bool {
        self.minX <= maxX && minX <= self.maxX && self.minY <= maxY && minY <= self.maxY
    }
}

extension Ring {
    /// The ring's vertices as planar points with consecutive duplicates and the closing point
    /// removed, each paired with the index of its segment in `points`.
    var cleanedVertices: [(point: P2, index: Int)] {
        var out: [(point: P2, index: Int)] = []
        for (i, p) in points.enumerated() {
            let q = P2(p)
            if let last = out.last, last.point == q { continue }
            out.append((q, i))
        }
        if out.count > 1, let first = out.first, let last = out.last, first.point == last.point {
            out.removeLast()
        }
        return out
    }
}

extension MultiPolygon {
    /// Every boundary edge oriented so the interior is on its left (outer rings counter-clockwise,
    /// holes clockwise), zero-length edges dropped; `doubled` scales every coordinate by 2.
    func orientedEdges(doubled: Bool = false) -> [Edge] {
        var edges: [Edge] = []
        for polygon in polygons {
            let normalized = polygon.normalizedWinding
            for ring in [normalized.outer] + normalized.holes {
                let vs = ring.cleanedVertices.map { doubled ? $0.point.doubled : $0.point }
                guard vs.count >= 2 else { continue }
                for i in 0..<vs.count {
                    edges.append(Edge(a: vs[i], b: vs[(i + 1) % vs.count]))
                }
            }
        }
        return edges
    }
}

/// Half-open point location against a set of closed boundaries: the parity of edges crossed by a
/// ray to +x from p nudged by (+δ, +ε), ε ≪ δ ≪ 1. The nudged point never lies on an edge, so in
/// a tiling every point belongs to exactly one tile: points on an edge go to the tile on its right
/// (or above, for a horizontal edge).
func halfOpenContains(_ p: P2, edges: [Edge]) -> Bool {
    var inside = false
    for e in edges where (e.a.y <= p.y) != (e.b.y <= p.y) {
        let (lo, hi) = e.a.y < e.b.y ? (e.a, e.b) : (e.b, e.a)
        if cross(lo, hi, p) > 0 { inside.toggle() }
    }
    return inside
}

/// Where a point lies relative to a shape.
enum PointLocation: Equatable {
    case inside
    case outside
    /// On the boundary, on the edge with this index.
    case boundary(edge: Int)
}

/// Exact location of p against oriented edges (boundary first, then ray parity).
func locate(_ p: P2, edges: [Edge]) -> PointLocation {
    for (i, e) in edges.enumerated()
    where e.minX <= p.x && p.x <= e.maxX && e.minY <= p.y && p.y <= e.maxY && cross(e.a, e.b, p) == 0 {
        return .boundary(edge: i)
    }
    return halfOpenContains(p, edges: edges) ? .inside : .outside
}
