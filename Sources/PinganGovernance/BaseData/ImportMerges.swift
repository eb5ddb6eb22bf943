import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Rows an import held back because their identity (resident ID, credit code, register number)
/// belongs to a record outside the importer's scope. The importer is told nothing of it: the row
/// is counted as a new record would be, and nothing outside their scope changes. The lowest
/// centre whose scope covers both the record and the row's grid sees both and decides.
public struct ImportMerges: Sendable {
    /// A held-back row as the importer planned it.
    struct Draft: Sendable {
        var kind: String
        var recordID: String
        var recordPath: String
        var incomingPath: String
        /// API field name → value, enough to replay the row as a one-row file.
        var fields: [String: String]
        var row: Int
        /// A household's other member rows, replayed with it.
        var otherRows: [[String: String]] = []
    }

    /// A pending merge as the deciding centre sees it: masked like every other answer.
    public struct Item: Sendable, Codable {
        public var id: String
        public var kind: String
        public var row: Int
        public var importer: String
        public var source: String
        public var createdAt: String
        public var status: String
        /// The row as imported (identity numbers and phones masked); a household's first row.
        public var incoming: [String: String]
        /// How many file rows the held record came in (a household: one per member).
        public var rows: Int
        /// The record on file the row's identity belongs to.
        public var existing: [String: String]
    }

    /// What a stored merge holds, for deciding it.
    struct Stored: Sendable {
        var id: String
        var kind: String
        var recordID: String
        var deciderPath: String
        var rows: [[String: String]]
        var source: ImportSource
    }

    let database: Database
    let time: CountyTime

    init(database: Database, time: CountyTime) {
        self.database = database
        self.time = time
    }

    /// The lowest node whose subtree holds both paths ("/a/b/c/" and "/a/b/d/" → "/a/b/").
    static func deciderPath(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "/"), y = b.split(separator: "/")
        var shared: [Substring] = []
        for (p, q) in zip(x, y) { if p == q { shared.append(p) } else { break } }
        return "/" + shared.map(String.init).joined(separator: "/") + (shared.isEmpty ? "" : "/")
    }

    static func insert(_ drafts: [Draft], source: ImportSource, importID: String, importer: String, at now: Date,
                       on db: any SQLDatabase) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for chunk in drafts.chunked(200) {
            let insert = db.insert(into: "import_merges").columns(
                "id", "kind", "record_id", "record_path", "incoming_path", "decider_path", "fields", "source", "source_bound",
                "import_id", "importer", "row_number", "created_at", "status")
            for d in chunk {
                let fields = String(decoding: try encoder.encode([d.fields] + d.otherRows), as: UTF8.self)
                insert.values(SQLBind("m-" + UUID().uuidString.lowercased()), SQLBind(d.kind), SQLBind(d.recordID), SQLBind(d.recordPath),
                              SQLBind(d.incomingPath), SQLBind(deciderPath(d.recordPath, d.incomingPath)), SQLBind(fields),
                              SQLBind(source.name), SQLBind(source.bound ? 1 : 0), SQLBind(importID), SQLBind(importer),
                              SQLBind(d.row), SQLBind(now.epochMillis), SQLBind("pending"))
            }
            try await insert.run()
        }
    }

    /// Pending merges the caller decides: those whose deciding node lies inside their scope.
    public func pending(for identity: Identity, limit: Int = 100) async throws -> [Item] {
        try identity.require(.importsMerge)
        let ranges = identity.scope.pathRanges()
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT id, kind, record_id, fields, source, importer, row_number, created_at, status FROM import_merges
                WHERE status = 'pending' AND
                """ + BaseDataSearch.scopeSQL(ranges, column: "decider_path")
                + " ORDER BY created_at, id LIMIT \(unsafeRaw: String(limit))").all()
            var items: [Item] = []
            for r in rows {
                let kind = try r.decode(column: "kind", as: String.self)
                let rows = try Self.decodeRows(try r.decode(column: "fields", as: String.self))
                let fields = rows.first ?? [:]
                items.append(Item(
                    id: try r.decode(column: "id", as: String.self), kind: kind, row: try r.decode(column: "row_number", as: Int.self),
                    importer: try r.decode(column: "importer", as: String.self), source: try r.decode(column: "source", as: String.self),
                    createdAt: time.format(Date(epochMillis: try r.decode(column: "created_at", as: Int64.self))),
                    status: try r.decode(column: "status", as: String.self),
                    incoming: fields.reduce(into: [:]) { $0[$1.key] = Masking.field($1.key, $1.value) }, rows: rows.count,
                    existing: try await Self.existing(kind: kind, id: try r.decode(column: "record_id", as: String.self), on: db)))
            }
            return items
        }
    }

    /// A pending merge inside the caller's scope, or 404 (one outside it does not exist for them).
    func load(_ id: String, for identity: Identity) async throws -> Stored {
        try identity.require(.importsMerge)
        let stored: Stored? = try await database.read { db in
            guard let r = try await db.raw("""
                SELECT id, kind, record_id, decider_path, fields, source, source_bound FROM import_merges
                WHERE id = \(bind: id) AND status = 'pending'
                """).first() else { return nil }
            let name = try r.decode(column: "source", as: String.self)
            return Stored(id: id, kind: try r.decode(column: "kind", as: String.self), recordID: try r.decode(column: "record_id", as: String.self),
                          deciderPath: try r.decode(column: "decider_path", as: String.self),
                          rows: try Self.decodeRows(try r.decode(column: "fields", as: String.self)),
                          source: try r.decode(column: "source_bound", as: Int.self) != 0 ? ImportSource(name: name) : ImportSource(centre: name))
        }
        guard let stored, identity.scope.contains(path: stored.deciderPath) else { throw Problem.notFound }
        return stored
    }

    /// The current grid path of the record a merge names, nil when it is gone.
    func recordPath(_ stored: Stored) async throws -> String? {
        guard let table = Self.tables[stored.kind] else { return nil }
        return try await database.read { db in
            try await db.raw("SELECT grid_path FROM \(ident: table) WHERE id = \(bind: stored.recordID)").first()?
                .decode(column: "grid_path", as: String.self)
        }
    }

    func close(_ id: String, status: String, by identity: Identity, importID: String?, at now: Date) async throws {
        try await database.write { db in
            try await db.raw("""
                UPDATE import_merges SET status = \(bind: status), decided_by = \(bind: identity.username), decided_at = \(bind: now.epochMillis),
                decision_import_id = \(bind: importID) WHERE id = \(bind: id) AND status = 'pending'
                """).run()
        }
    }

    static let tables = ["person": "people", "organisation": "organisations", "house": "houses", "household": "households"]

    /// The record on file, masked, as the decider compares it with the row.
    static func existing(kind: String, id: String, on db: any SQLDatabase) async throws -> [String: String] {
        let sql: SQLQueryString
        switch kind {
        case "person": sql = "SELECT id, name, doc_number AS \"residentId\", phone, address, grid_code AS grid FROM people WHERE id = \(bind: id)"
        case "organisation": sql = "SELECT id, name, credit_code AS \"creditCode\", phone, address, grid_code AS grid FROM organisations WHERE id = \(bind: id)"
        case "house": sql = "SELECT id, number AS \"houseNumber\", address, grid_code AS grid FROM houses WHERE id = \(bind: id)"
        default: sql = "SELECT id, number AS \"householdNumber\", grid_code AS grid FROM households WHERE id = \(bind: id)"
        }
        guard let r = try await db.raw(sql).first() else { return [:] }
        var out: [String: String] = [:]
        for column in r.allColumns {
            if let v = try r.decode(column: column, as: String?.self) { out[column] = Masking.field(column, v) }
        }
        return out
    }

    static func decodeRows(_ text: String) throws -> [[String: String]] {
        try JSONDecoder().decode([[String: String]].self, from: Data(text.utf8))
    }

    /// The rows again as a CSV under the API's field names, to replay through their importer.
    static func csv(_ rows: [[String: String]]) -> Data {
        let names = Array(Set(rows.flatMap(\.keys))).sorted()
        func cell(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let lines = [names.map(cell).joined(separator: ",")] + rows.map { r in names.map { cell(r[$0] ?? "") }.joined(separator: ",") }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}
