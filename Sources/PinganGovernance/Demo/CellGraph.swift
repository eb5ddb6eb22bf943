import PinganKernel

/// The unit grids of a layout seen as a graph, for laying roads and rivers over it: cells
/// (unit grids) joined across shared edges, and the corner points of their outlines joined
/// along those outlines. Built from the public layout only.
struct CellGraph {
    /// Unit-grid codes, in layout order.
    let codes: [String]
    let shapes: [MultiPolygon]
    /// A point inside each cell (the mean of its outline, or its label point if that falls outside).
    let centers: [GeoPoint]
    /// Cells sharing an edge, ascending.
    let neighbors: [[Int]]
    /// Every distinct outline point, and the outline points next to each.
    let vertices: [GeoPoint]
    let vertexNeighbors: [[Int]]
    /// Outline points that lie on the district's boundary.
    let onDistrictBoundary: [Bool]
    /// For a directed outline segment (vertex a → vertex b), the cell whose outline runs that way.
    let cellOnLeft: [VertexPair: Int]

    struct VertexPair: Hashable {
        var a: Int
        var b: Int
    }

    init(layout: DemoCountyLayout) {
        let cells = layout.grids.filter { $0.layer == "governance" && $0.level == 5 }
        codes = cells.map(\.code)
        shapes = cells.map { $0.boundary.polygons.first.map { MultiPolygon($0.normalizedWinding) } ?? $0.boundary }
        centers = shapes.map { shape in
            let pts = shape.polygons.first?.outer.points.dropLast() ?? []
            let n = Int64(max(pts.count, 1))
            let mean = GeoPoint(lat7: pts.reduce(0) { $0 + $1.lat7 } / n, lng7: pts.reduce(0) { $0 + $1.lng7 } / n)
            return shape.contains(mean) ? mean : shape.labelPoint
        }
        var index: [GeoPoint: Int] = [:]
        var vertices: [GeoPoint] = []
        var adjacency: [Set<Int>] = []
        var left: [VertexPair: Int] = [:]
        for (c, shape) in shapes.enumerated() {
            let ring = shape.polygons.first?.outer.points ?? []
            var ids: [Int] = []
            for p in ring.dropLast() {
                if let i = index[p] { ids.append(i); continue }
                index[p] = vertices.count
                ids.append(vertices.count)
                vertices.append(p)
                adjacency.append([])
            }
            for k in ids.indices {
                let a = ids[k], b = ids[(k + 1) % ids.count]
                adjacency[a].insert(b)
                adjacency[b].insert(a)
                left[VertexPair(a: a, b: b)] = c
            }
        }
        var neighbors = Array(repeating: Set<Int>(), count: shapes.count)
        var boundary = Array(repeating: false, count: vertices.count)
        for (pair, c) in left {
            if let other = left[VertexPair(a: pair.b, b: pair.a)] {
                neighbors[c].insert(other)
            } else {
                boundary[pair.a] = true
                boundary[pair.b] = true
            }
        }
        self.vertices = vertices
        vertexNeighbors = adjacency.map { $0.sorted() }
        self.neighbors = neighbors.map { $0.sorted() }
        onDistrictBoundary = boundary
        cellOnLeft = left
    }

    /// The cell whose outline holds `p` (half-open), if any.
    func cell(containing p: GeoPoint) -> Int? {
        shapes.indices.first { shapes[$0].boundingBox.contains(p) && shapes[$0].contains(p) }
    }

    /// The cell whose centre is nearest `p` among those passing `filter`.
    func nearestCell(to p: GeoPoint, where filter: (Int) -> Bool = { _ in true }) -> Int? {
        centers.indices.filter(filter).min { a, b in
            let da = distanceMeters(centers[a], p), db = distanceMeters(centers[b], p)
            return da != db ? da < db : a < b
        }
    }

    /// The outline point nearest `p` among those passing `filter`.
    func nearestVertex(to p: GeoPoint, where filter: (Int) -> Bool) -> Int? {
        vertices.indices.filter(filter).min { a, b in
            let da = distanceMeters(vertices[a], p), db = distanceMeters(vertices[b], p)
            return da != db ? da < db : a < b
        }
    }
}

/// The cheapest path over a graph of `count` nodes from `start` to the nearest node passing
/// `isGoal` (Dijkstra with a binary heap); `cost` returns nil for an edge that may not be used.
func cheapestPath(count: Int, from start: Int, toAnyOf isGoal: (Int) -> Bool, neighbors: (Int) -> [Int],
                  cost: (Int, Int) -> Double?) -> [Int]? {
    var best = Array(repeating: Double.infinity, count: count)
    var previous = Array(repeating: -1, count: count)
    var heap = MinHeap()
    best[start] = 0
    heap.push((0, start))
    var goal: Int?
    while let (d, u) = heap.pop() {
        if d > best[u] { continue }
        if isGoal(u) {
            goal = u
            break
        }
        for v in neighbors(u) {
            guard let w = cost(u, v) else { continue }
            if d + w < best[v] {
                best[v] = d + w
                previous[v] = u
                heap.push((d + w, v))
            }
        }
    }
    guard let goal else { return nil }
    var path = [goal]
    while path[0] != start { path.insert(previous[path[0]], at: 0) }
    return path
}

/// A binary min-heap of (priority, node), ties broken by node for determinism.
struct MinHeap {
    private var items: [(Double, Int)] = []

    private static func less(_ a: (Double, Int), _ b: (Double, Int)) -> Bool {
        a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
    }

    mutating func push(_ item: (Double, Int)) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && Self.less(items[l], items[m]) { m = l }
                if r < items.count && Self.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
