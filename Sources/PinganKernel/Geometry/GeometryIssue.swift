/// One problem found by `MultiPolygon.validate()`. Indices are 0-based; the Chinese message
/// counts from 1 for people ("第 1 个多边形").
public struct GeometryIssue: Sendable, Hashable {
    /// What is wrong.
    public enum Kind: String, Sendable, Hashable {
        case noPolygons
        case tooFewPoints
        case unclosedRing
        case zeroArea
        case selfIntersection
        case ringsIntersect
        case holeOutsideOuter
        case holesNested
        case polygonsOverlap
    }

    public var kind: Kind
    /// Index of the polygon at fault (the first of two for `polygonsOverlap`), nil for `noPolygons`.
    public var polygon: Int?
    /// The second polygon of a `polygonsOverlap`.
    public var otherPolygon: Int?
    /// Ring index inside the polygon: 0 the outer ring, 1… the holes (in `holes` order + 1).
    public var rings: [Int]
    /// Segment indices (segment i runs from `points[i]` to `points[i + 1]`), one per ring in
    /// `rings` order for `ringsIntersect`, two of the same ring for `selfIntersection`.
    public var segments: [Int]
    /// What a person reads (Chinese).
    public var message: String

    /// An issue with its location and message.
    public init(kind: Kind, polygon: Int?, otherPolygon: Int? = nil, rings: [Int] = [], segments: [Int] = [],
                message: String) {
        self.kind = kind
        self.polygon = polygon
        self.otherPolygon = otherPolygon
        self.rings = rings
        self.segments = segments
        self.message = message
    }
}

/// Names a ring for messages: "第 2 个多边形的外环" / "第 2 个多边形的第 1 个内环".
func ringLabel(polygon: Int, ring: Int) -> String {
    ring == 0 ? "第 \(polygon + 1) 个多边形的外环" : "第 \(polygon + 1) 个多边形的第 \(ring) 个内环"
}
