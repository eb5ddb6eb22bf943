import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// What every importer needs from the grid tree: the unit grids the importer may write into,
/// and the place names the search rows of touched grids carry.
struct ImportScope {
    struct Leaf {
        var path: String
        var labelPoint: GeoPoint
    }

    /// Current unit grids inside the caller's subtrees, by code.
    static func leaves(_ database: Database, for identity: Identity) async throws -> [String: Leaf] {
        let ranges = identity.scope.pathRanges()
        return try await database.read { db in
            var out: [String: Leaf] = [:]
            for row in try await db.raw("""
                SELECT code, path, label_lat, label_lng FROM grids WHERE layer = 'governance' AND level = 5 AND valid_to IS NULL AND
                """ + BaseDataSearch.scopeSQL(ranges, column: "path")).all() {
                out[try row.decode(column: "code", as: String.self)] = Leaf(
                    path: try row.decode(column: "path", as: String.self),
                    labelPoint: GeoPoint(lat7: try row.decode(column: "label_lat", as: Int64.self), lng7: try row.decode(column: "label_lng", as: Int64.self)))
            }
            return out
        }
    }

    /// Unit grid code → "town area village grid" names, for the grids along `paths`.
    static func placeNames(_ database: Database, paths: Set<String>) async throws -> [String: String] {
        try await database.read { db in
            let codes = Set(paths.flatMap { $0.split(separator: "/").map(String.init) })
            var names: [String: String] = [:]
            for chunk in Array(codes).chunked(500) {
                for r in try await db.raw("SELECT code, name, level FROM grids WHERE layer = 'governance' AND valid_to IS NULL AND code IN (\(SQLList(chunk.map { SQLBind($0) })))").all() {
                    if try r.decode(column: "level", as: Int.self) >= 2 {
                        names[try r.decode(column: "code", as: String.self)] = try r.decode(column: "name", as: String.self)
                    }
                }
            }
            var out: [String: String] = [:]
            for path in paths {
                let codes = path.split(separator: "/").map(String.init)
                if let leaf = codes.last { out[leaf] = codes.compactMap { names[$0] }.joined(separator: " ") }
            }
            return out
        }
    }
}
