import Foundation

/// One way a set of sibling shapes fails to tile their parent.
public struct TilingIssue: Sendable, Hashable {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        case overlap, outsideParent, gap
    }

    public var kind: Kind
    /// The children concerned: the two overlapping ones, the one sticking out, or those bordering a gap.
    public var ids: [String]
    /// What a person reads (Chinese), naming the ids.
    public var message: String

    /// An issue from its parts.
    public init(kind: Kind, ids: [String], message: String) {
        self.kind = kind
        self.ids = ids
        self.message = message
    }
}

/// Checks that child shapes tile a parent exactly: no two overlap (sharing edges is fine), each lies
/// within the parent, and together they cover it. Exact integer geometry throughout; shapes are
/// assumed to pass `validate()`. Boxes prune the pairs, so hundreds of children are cheap.
public enum Tiling {
    /// Every overlap, every child outside the parent and, when there are neither, a gap if the
    /// children's exact areas add up to less than the parent's. Pass nil to check overlaps only.
    public static func check(parent: MultiPolygon?, children: [(id: String, shape: MultiPolygon)]) -> [TilingIssue] {
        let shapes = children.map { PreparedShape($0.shape) }
        let neighbours = boxNeighbours(shapes)
        var issues: [TilingIssue] = []
        for i in shapes.indices {
            for j in neighbours[i] where j > i && relate(shapes[i], shapes[j]).interiorsIntersect {
                let (a, b) = (children[i].id, children[j].id)
                issues.append(TilingIssue(kind: .overlap, ids: [a, b], message: "网格 \(a) 与网格 \(b) 的范围重叠"))
            }
        }
        guard let parent else { return issues }
        let whole = PreparedShape(parent)
        for i in shapes.indices where !relate(shapes[i], whole).aWithinB {
            let id = children[i].id
            issues.append(TilingIssue(kind: .outsideParent, ids: [id], message: "网格 \(id) 超出上级网格范围"))
        }
        guard issues.isEmpty else { return issues }
        let covered = children.reduce(Int128(0)) { $0 + $1.shape.doubleArea }
        let missing = parent.doubleArea - covered
        guard missing > 0 else { return issues }
        let gapSquareMeters = squareMeters(doubleArea: missing, atLatitude: parent.boundingBox.center.latitude)
        let bordering = gapNeighbours(parent: whole, shapes: shapes, neighbours: neighbours).map { children[$0].id }
        var message = "下级网格未铺满上级网格：缺口约 \(formatArea(gapSquareMeters))"
        if !bordering.isEmpty { message += "，缺口旁的网格：\(bordering.joined(separator: "、"))" }
        issues.append(TilingIssue(kind: .gap, ids: bordering, message: message))
        return issues
    }

    /// For each shape, the others whose boxes meet its box (a sweep over west edges).
    private static func boxNeighbours(_ shapes: [PreparedShape]) -> [[Int]] {
        var neighbours = Array(repeating: [Int](), count: shapes.count)
        let order = shapes.indices.sorted { shapes[$0].minX < shapes[$1].minX }
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                if shapes[j].minX > shapes[i].maxX { break }
                if shapes[i].boxIntersects(shapes[j]) {
                    neighbours[i].append(j)
                    neighbours[j].append(i)
                }
            }
        }
        return neighbours.map { $0.sorted() }
    }

    /// Children with a boundary piece that is neither shared with a sibling (run the other way)
    /// nor with the parent's boundary (run the same way): with no overlaps, such a piece borders a gap.
    private static func gapNeighbours(parent: PreparedShape, shapes: [PreparedShape], neighbours: [[Int]]) -> [Int] {
        var childPieces = Set<Piece>()
        var piecesOf: [[Piece]] = []
        for i in shapes.indices {
            let others = neighbours[i].map { shapes[$0].edges } + [parent.edges]
            let pieces = shapes[i].edges.flatMap { cut($0, at: others) }
            piecesOf.append(pieces)
            childPieces.formUnion(pieces)
        }
        var parentPieces = Set<Piece>()
        for e in parent.edges {
            let touching = shapes.filter { $0.minX <= e.maxX && e.minX <= $0.maxX && $0.minY <= e.maxY && e.minY <= $0.maxY }
            parentPieces.formUnion(cut(e, at: touching.map(\.edges)))
        }
        return shapes.indices.filter { i in
            piecesOf[i].contains { !childPieces.contains($0.reversed) && !parentPieces.contains($0) }
        }
    }

    /// A directed piece of boundary between two vertices.
    private struct Piece: Hashable {
        var from: P2
        var to: P2
        var reversed: Piece { Piece(from: to, to: from) }
    }

    /// Edge `e` cut at every vertex of `edgeSets` that lies strictly inside it.
    private static func cut(_ e: Edge, at edgeSets: [[Edge]]) -> [Piece] {
        var cuts: [P2] = []
        for edges in edgeSets {
            for f in edges
            where f.a.x >= e.minX && f.a.x <= e.maxX && f.a.y >= e.minY && f.a.y <= e.maxY
                && isStrictlyInsideSegment(f.a, e.a, e.b) {
                cuts.append(f.a)
            }
        }
        cuts.sort { dot(e.a, e.b, $0) < dot(e.a, e.b, $1) }
        var pieces: [Piece] = []
        var from = e.a
        for to in cuts + [e.b] where to != from {
            pieces.append(Piece(from: from, to: to))
            from = to
        }
        return pieces
    }

    private static func formatArea(_ squareMeters: Double) -> String {
        squareMeters >= 1_000_000
            ? String(format: "%.2f 平方千米", squareMeters / 1_000_000)
            : String(format: "%.0f 平方米", squareMeters)
    }
}
