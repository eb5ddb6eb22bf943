import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// SQL for the grid tree. Every query takes an instant (`at`): the versions valid then.
public struct GridStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let summaryColumns = "layer, code, name, level, parent_code, path, min_lat, min_lng, max_lat, max_lng, label_lat, label_lng, valid_from, valid_to"

    /// `valid_from <= at < valid_to`, as SQL over the grids table.
    static func validAt(_ at: Date) -> SQLQueryString {
        let ms = at.epochMillis
        return "valid_from <= \(bind: ms) AND (valid_to IS NULL OR valid_to > \(bind: ms))"
    }

    /// Inserts new versions (demo, import). Runs inside the caller's transaction.
    public static func insert(_ nodes: [GridNode], on db: any SQLDatabase) async throws {
        for chunk in nodes.chunked(100) {
            let insert = db.insert(into: "grids").columns(
                "layer", "code", "valid_from", "valid_to", "name", "level", "parent_code", "path",
                "min_lat", "min_lng", "max_lat", "max_lng", "label_lat", "label_lng", "boundary")
            for n in chunk {
                let box = n.boundary.boundingBox
                let label = n.boundary.labelPoint
                insert.values(SQLBind(n.layer.rawValue), SQLBind(n.code), SQLBind(n.validFrom.epochMillis),
                              SQLBind(n.validTo?.epochMillis), SQLBind(n.name), SQLBind(n.level), SQLBind(n.parentCode),
                              SQLBind(n.path), SQLBind(box.minLat7), SQLBind(box.minLng7), SQLBind(box.maxLat7),
                              SQLBind(box.maxLng7), SQLBind(label.lat7), SQLBind(label.lng7),
                              SQLBind(n.boundary.geoJSON.canonical))
            }
            try await insert.run()
        }
    }

    /// Closes the current version of `code` at `at` (re-gridding).
    public static func close(layer: GridLayer, code: String, at: Date, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE grids SET valid_to = \(bind: at.epochMillis)
            WHERE layer = \(bind: layer.rawValue) AND code = \(bind: code) AND valid_to IS NULL
            """).run()
    }

    public func node(layer: GridLayer, code: String, at: Date) async throws -> GridNode? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: Self.summaryColumns), boundary FROM grids
                WHERE layer = \(bind: layer.rawValue) AND code = \(bind: code) AND \(Self.validAt(at))
                """).first() else { return nil }
            return try Self.decodeNode(row)
        }
    }

    public func summaries(layer: GridLayer, codes: [String], at: Date) async throws -> [GridSummary] {
        guard !codes.isEmpty else { return [] }
        return try await database.read { db in
            var result: [GridSummary] = []
            for chunk in codes.chunked(500) {
                let list = SQLList(chunk.map { SQLBind($0) })
                result += try await db.raw("""
                    SELECT \(unsafeRaw: Self.summaryColumns) FROM grids
                    WHERE layer = \(bind: layer.rawValue) AND code IN (\(list)) AND \(Self.validAt(at))
                    """).all().map(Self.decodeSummary)
            }
            return result
        }
    }

    public func children(layer: GridLayer, code: String, at: Date) async throws -> [GridSummary] {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.summaryColumns) FROM grids
                WHERE layer = \(bind: layer.rawValue) AND parent_code = \(bind: code) AND \(Self.validAt(at)) ORDER BY code
                """).all().map(Self.decodeSummary)
        }
    }

    /// How many nodes of each level lie strictly below `path`.
    public func descendantCounts(layer: GridLayer, path: String, at: Date) async throws -> [Int: Int] {
        let upper = String(path.dropLast()) + "0"
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT level, COUNT(*) AS n FROM grids
                WHERE layer = \(bind: layer.rawValue) AND path > \(bind: path) AND path < \(bind: upper) AND \(Self.validAt(at))
                GROUP BY level
                """).all()
            var counts: [Int: Int] = [:]
            for r in rows { counts[try r.decode(column: "level", as: Int.self)] = try r.decode(column: "n", as: Int.self) }
            return counts
        }
    }

    /// Nodes of `level` inside any of the path ranges, with their boundary as stored GeoJSON text.
    public func features(layer: GridLayer, level: Int, within ranges: [(lower: String, upper: String)], at: Date)
        async throws -> [(GridSummary, String)]
    {
        guard !ranges.isEmpty else { return [] }
        return try await database.read { db in
            var out: [(GridSummary, String)] = []
            for r in ranges {
                let rows = try await db.raw("""
                    SELECT \(unsafeRaw: Self.summaryColumns), boundary FROM grids
                    WHERE layer = \(bind: layer.rawValue) AND level = \(bind: level)
                    AND path >= \(bind: r.lower) AND path < \(bind: r.upper) AND \(Self.validAt(at)) ORDER BY path
                    """).all()
                for row in rows { out.append((try Self.decodeSummary(row), try row.decode(column: "boundary", as: String.self))) }
            }
            return out
        }
    }

    /// Every current node of a layer with its boundary (to build the locate index).
    public func allNodes(layer: GridLayer, at: Date) async throws -> [GridNode] {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.summaryColumns), boundary FROM grids
                WHERE layer = \(bind: layer.rawValue) AND \(Self.validAt(at)) ORDER BY path
                """).all().map(Self.decodeNode)
        }
    }

    /// Workers assigned to `path` or anything below it (a unit grid's worker shows on its village too).
    public func workers(layer: GridLayer, under path: String, at: Date, limit: Int = 50) async throws -> [GridWorker] {
        let ms = at.epochMillis
        let upper = String(path.dropLast()) + "0"
        return try await database.read { db in
            try await db.raw("""
                SELECT username, display_name FROM grid_workers
                WHERE layer = \(bind: layer.rawValue) AND grid_path >= \(bind: path) AND grid_path < \(bind: upper)
                AND valid_from <= \(bind: ms) AND (valid_to IS NULL OR valid_to > \(bind: ms))
                ORDER BY grid_path, username LIMIT \(unsafeRaw: String(limit))
                """).all().map {
                GridWorker(username: try $0.decode(column: "username", as: String.self),
                           displayName: try $0.decode(column: "display_name", as: String.self))
            }
        }
    }

    public struct WorkerAssignment: Sendable {
        public var layer: GridLayer
        public var code: String
        public var path: String
        public var worker: GridWorker
        public init(layer: GridLayer, code: String, path: String, worker: GridWorker) {
            self.layer = layer
            self.code = code
            self.path = path
            self.worker = worker
        }
    }

    public static func assignWorkers(_ assignments: [WorkerAssignment], from: Date, on db: any SQLDatabase) async throws {
        for chunk in assignments.chunked(200) {
            let insert = db.insert(into: "grid_workers").columns("layer", "grid_code", "grid_path", "username", "display_name", "valid_from")
            for a in chunk {
                insert.values(SQLBind(a.layer.rawValue), SQLBind(a.code), SQLBind(a.path), SQLBind(a.worker.username),
                              SQLBind(a.worker.displayName), SQLBind(from.epochMillis))
            }
            try await insert.run()
        }
    }

    public func count(layer: GridLayer, at: Date) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM grids WHERE layer = \(bind: layer.rawValue) AND \(Self.validAt(at))")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func decodeSummary(_ r: any SQLRow) throws -> GridSummary {
        GridSummary(
            layer: GridLayer(rawValue: try r.decode(column: "layer", as: String.self)) ?? .governance,
            code: try r.decode(column: "code", as: String.self),
            name: try r.decode(column: "name", as: String.self),
            level: try r.decode(column: "level", as: Int.self),
            parentCode: try r.decode(column: "parent_code", as: String?.self),
            path: try r.decode(column: "path", as: String.self),
            bbox: BoundingBox(minLat7: try r.decode(column: "min_lat", as: Int64.self), minLng7: try r.decode(column: "min_lng", as: Int64.self),
                              maxLat7: try r.decode(column: "max_lat", as: Int64.self), maxLng7: try r.decode(column: "max_lng", as: Int64.self)),
            labelPoint: GeoPoint(lat7: try r.decode(column: "label_lat", as: Int64.self), lng7: try r.decode(column: "label_lng", as: Int64.self)),
            validFrom: Date(epochMillis: try r.decode(column: "valid_from", as: Int64.self)),
            validTo: try r.decode(column: "valid_to", as: Int64?.self).map(Date.init(epochMillis:)))
    }

    static func decodeNode(_ r: any SQLRow) throws -> GridNode {
        let s = try decodeSummary(r)
        let text = try r.decode(column: "boundary", as: String.self)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let boundary = try MultiPolygon.fromGeoJSON(json, field: "boundary")
        return GridNode(layer: s.layer, code: s.code, name: s.name, level: s.level, parentCode: s.parentCode, path: s.path,
                        boundary: boundary, validFrom: s.validFrom, validTo: s.validTo)
    }
}
