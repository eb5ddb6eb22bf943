import PinganKernel

/// Point → leaf grid, in memory. Leaves are bucketed on a uniform lattice of cells by their
/// bounding boxes; a lookup tests only the few polygons whose box covers the point's cell.
/// Built once from the store and rebuilt after an import (a few hundred to a few thousand
/// polygons: milliseconds).
public struct GridIndex: Sendable {
    struct Entry: Sendable {
        var code: String
        var shape: MultiPolygon
    }

    private let entries: [Entry]
    private let cells: [[Int32]]
    private let origin: (lat7: Int64, lng7: Int64)
    private let cellSize: (lat7: Int64, lng7: Int64)
    private let dims: (rows: Int, cols: Int)

    public var count: Int { entries.count }

    public init(leaves: [(code: String, shape: MultiPolygon)]) {
        entries = leaves.map { Entry(code: $0.code, shape: $0.shape) }
        guard let first = leaves.first else {
            cells = []
            origin = (0, 0)
            cellSize = (1, 1)
            dims = (0, 0)
            return
        }
        let box = leaves.dropFirst().reduce(first.shape.boundingBox) { $0.union($1.shape.boundingBox) }
        // About four leaves per cell on average keeps candidate lists short.
        let side = max(1, Int(Double(leaves.count / 4).squareRoot().rounded(.up)))
        let rows = side, cols = side
        let cellLat = max(1, (box.maxLat7 - box.minLat7) / Int64(rows) + 1)
        let cellLng = max(1, (box.maxLng7 - box.minLng7) / Int64(cols) + 1)
        var buckets = [[Int32]](repeating: [], count: rows * cols)
        for (i, e) in entries.enumerated() {
            let b = e.shape.boundingBox
            let r0 = Int((b.minLat7 - box.minLat7) / cellLat), r1 = Int((b.maxLat7 - box.minLat7) / cellLat)
            let c0 = Int((b.minLng7 - box.minLng7) / cellLng), c1 = Int((b.maxLng7 - box.minLng7) / cellLng)
            for r in max(0, r0)...min(rows - 1, r1) {
                for c in max(0, c0)...min(cols - 1, c1) { buckets[r * cols + c].append(Int32(i)) }
            }
        }
        cells = buckets
        origin = (box.minLat7, box.minLng7)
        cellSize = (cellLat, cellLng)
        dims = (rows, cols)
    }

    /// The code of the leaf containing `point`, or nil outside every leaf.
    public func locate(_ point: GeoPoint) -> String? {
        guard dims.rows > 0, point.lat7 >= origin.lat7, point.lng7 >= origin.lng7 else { return nil }
        let r = Int((point.lat7 - origin.lat7) / cellSize.lat7)
        let c = Int((point.lng7 - origin.lng7) / cellSize.lng7)
        guard r < dims.rows, c < dims.cols else { return nil }
        for i in cells[r * dims.cols + c] {
            let e = entries[Int(i)]
            if e.shape.boundingBox.contains(point), e.shape.contains(point) { return e.code }
        }
        return nil
    }
}
