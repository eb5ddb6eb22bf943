import Foundation
import Logging
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganStorage
import SQLKit

/// `pingan bench import`: a department CSV of person rows through the importer (decoding,
/// validation of every ID and phone, identity resolution, provenance, search rows) beside a raw
/// load of the rows it stored. The conventions define raw as the fastest hand-written SQL or COPY
/// that gives the same rows in the same tables with the same indexes. The import stores each
/// person as a people row and a search row under the text index, so `raw_per_second` loads both
/// into copies of both tables (their own DDL: key and every index) the fastest way: the loader,
/// then the text index built in one pass. The people table alone is reported beside it
/// (`raw_people_only_per_second`: the faster of plain INSERTs and the loader), so the price of
/// search stays in view. Every raw load is checked to hold exactly the import's rows.
public struct ImportBenchmark: Sendable {
    public let rows: Int
    public init(rows: Int) { self.rows = rows }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "import", runOn)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        try await BenchEngines.withServices(url) { services in
            let lattice = LatticeTiling(side: 16)
            let nodes = lattice.nodes(validFrom: services.clock.now().addingTimeInterval(-86400))
            try await services.database.write { db in try await GridStore.insert(nodes, on: db) }
            let leaves = nodes.filter { $0.level == 5 }
            let root = Scope.Root(layer: "governance", code: LatticeTiling.district, path: "/\(LatticeTiling.district)/")
            let identity = Identity(userID: "bench", username: "bench", displayName: "基准", role: .districtOperator, department: nil,
                                    scope: Scope(roots: [root]))

            // The file: valid, distinct resident IDs and phones, spread over the unit grids.
            var csv = "姓名,公民身份号码,联系电话,网格编码\n"
            csv.reserveCapacity(rows * 64)
            for i in 0..<rows {
                let id = ResidentID.make(division: "430221", year: 1940 + i % 80, month: 1 + (i / 80) % 12, day: 1 + (i / 960) % 28,
                                         sequence: (i / 26_880) % 1000).value
                let phone = "13" + String(100_000_000 + i).suffix(9)
                let grid = leaves[i % leaves.count].code
                csv += "测试\(i % 1000),\(id),\(phone),\(grid)\n"
            }
            let data = Data(csv.utf8)
            let importer = PeopleImporter(database: services.database, clock: services.clock)
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await importer.run(data, options: .init(dryRun: false, keepValid: false, mapping: [:], source: ImportSource(name: "公安户籍")),
                                                for: identity, client: "bench")
            let importSeconds = Self.seconds(clock.now - start)
            guard report.imported == rows, report.rejected == 0 else {
                throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "导入 \(report.imported) 行，拒绝 \(report.rejected) 行，应为 \(rows)")
            }

            // Raw: the rows the import stored — every person row and its search row, read back before
            // any clock starts — loaded into copies of the same tables with the same indexes.
            let people = try await Self.storedPeopleRows(services.database)
            let search = try await Self.storedSearchRows(services.database)

            // People only, as plain multi-row INSERTs in one transaction…
            try await services.database.write { db in try await Self.createRawTable(on: db, engine: url.engine) }
            try await Self.checkSameIndexes(services.database)
            let insertSeconds = try await Self.timed {
                try await services.database.write { db in
                    for first in stride(from: 0, to: people.count, by: Self.rawRowsPerStatement) {
                        let insert = db.insert(into: "people_raw").columns(Self.personColumns)
                        for row in first..<min(people.count, first + Self.rawRowsPerStatement) {
                            insert.values(people.row(row).map { SQLBind($0) })
                        }
                        try await insert.run()
                    }
                }
            }
            try await Self.checkSamePeople(services.database, rows: rows)

            // …and through the engine's own bulk loader, the one the importer uses (COPY; SQLite's typed INSERTs).
            try await Self.recreateRawTables(services.database, engine: url.engine, search: false)
            let loaderSeconds = try await Self.timed {
                try await services.database.bulkWrite { _, copier in
                    try await copier.copy(into: "people_raw", columns: Self.personColumns, rows: people)
                }
            }
            try await Self.checkSamePeople(services.database, rows: rows)

            // Everything a searchable person is stored as: the people and their search rows with the text
            // index, loaded the fastest way there is — the loader, then the text index built in one pass.
            // This is `raw_per_second`: the import writes both tables, so raw writes both.
            try await Self.recreateRawTables(services.database, engine: url.engine, search: true)
            let indexedSeconds = try await Self.timed {
                try await services.database.bulkWrite { db, copier in
                    try await copier.copy(into: "people_raw", columns: Self.personColumns, rows: people)
                    try await copier.copy(into: "search_raw", columns: search.columns, rows: search.rows)
                    try await Self.indexRawSearchRows(on: db, engine: url.engine)
                }
            }
            try await Self.checkSamePeople(services.database, rows: rows)
            try await Self.checkSameRows(services.database, "search_index", "search_raw", columns: search.columns, rows: rows, kind: "person")

            let peopleOnlySeconds = min(insertSeconds, loaderSeconds)
            return [
                "engine": .string(url.engine.rawValue), "rows": .int(Int64(rows)),
                "seconds": .double(BenchStatistics.round(importSeconds, 2)), "per_second": .double(BenchStatistics.round(Double(rows) / importSeconds, 0)),
                // Raw: the same people rows and search rows, in the same tables with the same indexes.
                "raw_seconds": .double(BenchStatistics.round(indexedSeconds, 2)),
                "raw_per_second": .double(BenchStatistics.round(Double(rows) / indexedSeconds, 0)),
                // The people table alone, without the search rows: the faster of plain INSERTs and the loader,
                // and each of them, reported so the cost of the text index stays visible.
                "raw_people_only_seconds": .double(BenchStatistics.round(peopleOnlySeconds, 2)),
                "raw_people_only_per_second": .double(BenchStatistics.round(Double(rows) / peopleOnlySeconds, 0)),
                "raw_insert_seconds": .double(BenchStatistics.round(insertSeconds, 2)),
                "raw_insert_per_second": .double(BenchStatistics.round(Double(rows) / insertSeconds, 0)),
                "raw_loader_seconds": .double(BenchStatistics.round(loaderSeconds, 2)),
                "raw_loader_per_second": .double(BenchStatistics.round(Double(rows) / loaderSeconds, 0)),
            ]
        }
    }

    /// The people table's columns the import writes (`version` takes its default, 1, in both).
    static let personColumns = ["id", "name", "doc_type", "doc_number", "sex", "birth_date", "phone", "residency", "away_place",
                                "away_reason", "address", "household_id", "relation", "house_id", "workplace_id", "grid_code", "grid_path"]

    /// The people rows the import stored, as loader cells.
    static func storedPeopleRows(_ database: Database) async throws -> CopyRows {
        try await database.read { db in
            let list = SQLQueryString(personColumns.joined(separator: ", "))
            var rows = CopyRows(columns: personColumns.count)
            for r in try await db.raw("SELECT \(list) FROM people").all() {
                for c in personColumns { rows.append(try r.decodeNil(column: c) ? nil : r.decode(column: c, as: String.self)) }
            }
            return rows
        }
    }

    /// Drops the raw copies and makes them again, empty: the people table, and with `search` the search tables too.
    static func recreateRawTables(_ database: Database, engine: DatabaseEngine, search: Bool) async throws {
        try await database.write { db in
            try await db.raw("DROP TABLE people_raw").run()
            try await createRawTable(on: db, engine: engine)
            if search { try await createRawSearchTables(on: db, engine: engine) }
        }
    }

    /// The raw people table holds exactly the import's people, `version` (its default) included.
    static func checkSamePeople(_ database: Database, rows: Int) async throws {
        try await checkSameRows(database, "people", "people_raw", columns: personColumns + ["version"], rows: rows)
    }

    /// A raw load counts only if it stored exactly the rows the import stored: the same number, and no
    /// row of either table (in `columns`) missing from the other.
    static func checkSameRows(_ database: Database, _ table: String, _ copy: String, columns: [String], rows: Int,
                              kind: String? = nil) async throws {
        let list = SQLQueryString(columns.joined(separator: ", "))
        let filter: SQLQueryString = kind.map { "WHERE kind = \(bind: $0)" } ?? ""
        let (stored, copied, differing) = try await database.read { db in
            let stored = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table) \(filter)").first()!.decode(column: "n", as: Int.self)
            let copied = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: copy)").first()!.decode(column: "n", as: Int.self)
            let differing = try await db.raw("""
                SELECT COUNT(*) AS n FROM (SELECT \(list) FROM \(ident: table) \(filter) EXCEPT SELECT \(list) FROM \(ident: copy)) AS d
                """).first()!.decode(column: "n", as: Int.self)
            return (stored, copied, differing)
        }
        guard stored == rows, copied == rows, differing == 0 else {
            throw Problem(status: 500, kind: "bench", title: "基准自检失败",
                          detail: "\(table) \(stored) 行，\(copy) \(copied) 行，其中 \(differing) 行不同，应为 \(rows) 行且相同")
        }
    }

    /// Rows per raw INSERT: the fastest of 250–3,000 on both engines (9 binds a row).
    static let rawRowsPerStatement = 1_000

    /// A copy of the people table as the database has it: SQLite's own DDL of the table and its
    /// indexes renamed; PostgreSQL's `LIKE … INCLUDING ALL` (columns, defaults, keys, indexes).
    static func createRawTable(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        guard engine == .sqlite else {
            try await db.raw("CREATE TABLE people_raw (LIKE people INCLUDING ALL)").run()
            return
        }
        let statements = try await db.raw("SELECT sql FROM sqlite_master WHERE tbl_name = 'people' AND sql IS NOT NULL ORDER BY type DESC").all()
            .map { try $0.decode(column: "sql", as: String.self) }
        for statement in statements {
            let renamed = statement.replacingOccurrences(of: "CREATE TABLE people (", with: "CREATE TABLE people_raw (")
                .replacingOccurrences(of: " ON people (", with: " ON people_raw (")
                .replacingOccurrences(of: "INDEX people_", with: "INDEX people_raw_")
            try await db.raw(SQLQueryString(renamed)).run()
        }
    }

    /// The person search rows the import stored, as loader cells (the engine's token column included).
    static func storedSearchRows(_ database: Database) async throws -> (columns: [String], rows: CopyRows) {
        let sqlite = database.engine == .sqlite
        let columns = ["kind", "id", "grid_path", "title", "subtitle", "body", sqlite ? "grams" : "tokens"]
        let tokens: SQLQueryString = sqlite ? "grams" : "CAST(tokens AS TEXT)"
        return try await database.read { db in
            var rows = CopyRows(columns: columns.count)
            for r in try await db.raw("SELECT kind, id, grid_path, title, subtitle, body, \(tokens) AS t FROM search_index WHERE kind = 'person'").all() {
                for c in ["kind", "id", "grid_path", "title", "subtitle", "body", "t"] { rows.append(try r.decode(column: c, as: String.self)) }
            }
            return (columns, rows)
        }
    }

    /// A copy of `search_index` with its keys and indexes, and on SQLite its two full-text tables over it.
    /// PostgreSQL's token index is left off here and built after the rows (`indexRawSearchRows`).
    static func createRawSearchTables(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        guard engine == .sqlite else {
            try await db.raw("CREATE TABLE search_raw (LIKE search_index INCLUDING ALL)").run()
            let gin = try await db.raw("SELECT indexname FROM pg_indexes WHERE tablename = 'search_raw' AND indexdef LIKE '%USING gin%'").all()
            guard gin.count == 1 else { throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "search_raw 有 \(gin.count) 个 GIN 索引") }
            try await db.raw("DROP INDEX \(ident: try gin[0].decode(column: "indexname", as: String.self))").run()
            return
        }
        let statements = try await db.raw("""
            SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index')
            AND (tbl_name = 'search_index' OR name IN ('search_fts', 'search_grams')) ORDER BY name = 'search_index' DESC, type DESC
            """).all().map { try $0.decode(column: "sql", as: String.self) }
        for statement in statements {
            let renamed = statement.replacingOccurrences(of: "CREATE TABLE search_index (", with: "CREATE TABLE search_raw (")
                .replacingOccurrences(of: " ON search_index (", with: " ON search_raw (")
                .replacingOccurrences(of: "INDEX search_index_", with: "INDEX search_raw_")
                .replacingOccurrences(of: "content='search_index'", with: "content='search_raw'")
                .replacingOccurrences(of: "TABLE search_fts ", with: "TABLE search_raw_fts ")
                .replacingOccurrences(of: "TABLE search_grams ", with: "TABLE search_raw_grams ")
            try await db.raw(SQLQueryString(renamed)).run()
        }
    }

    /// The text index over the loaded rows in one pass: PostgreSQL builds its GIN index with the
    /// definition `search_index` has; SQLite fills both full-text tables.
    static func indexRawSearchRows(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        guard engine == .sqlite else {
            try await db.raw("SET LOCAL maintenance_work_mem = '256MB'").run()
            let definition = try await db.raw("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_index' AND indexdef LIKE '%USING gin%'")
                .first()!.decode(column: "indexdef", as: String.self)
            try await db.raw(SQLQueryString(definition.replacingOccurrences(of: "INDEX search_index_", with: "INDEX search_raw_")
                .replacingOccurrences(of: " ON public.search_index ", with: " ON public.search_raw "))).run()
            return
        }
        try await db.raw("INSERT INTO search_raw_fts(rowid, body) SELECT rowid, body FROM search_raw").run()
        try await db.raw("INSERT INTO search_raw_grams(rowid, grams) SELECT rowid, grams FROM search_raw").run()
    }

    /// The raw table must carry exactly the indexes of the people table (a self-check of the rename).
    static func checkSameIndexes(_ database: Database) async throws {
        let engine = database.engine
        let counts = try await database.read { db in
            var counts: [Int] = []
            for table in ["people", "people_raw"] {
                let sql: SQLQueryString = engine == .sqlite
                    ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: table)"
                    : "SELECT COUNT(*) AS n FROM pg_indexes WHERE tablename = \(bind: table)"
                counts.append(try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0)
            }
            return counts
        }
        guard counts[0] == counts[1], counts[0] >= 6 else {
            throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "people 有 \(counts[0]) 个索引，people_raw 有 \(counts[1]) 个")
        }
    }

    /// The seconds `body` takes.
    static func timed(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return seconds(.now - start)
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
