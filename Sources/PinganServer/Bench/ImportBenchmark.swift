import Foundation
import Logging
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganStorage
import SQLKit

/// `pingan bench import`: a department CSV of person rows through the importer (decoding,
/// validation of every ID and phone, identity resolution, provenance, search rows) beside a
/// raw load of the same rows into a copy of the people table with its own DDL (key and every
/// index), timed two ways: plain multi-row INSERTs in one transaction (`raw_insert_per_second`)
/// and the engine's bulk loader that the importer itself uses — COPY, or SQLite's typed INSERTs
/// (`raw_loader_per_second`). `raw_per_second` is the faster of the two, as the conventions
/// define raw: the fastest hand-written SQL or COPY.
public struct ImportBenchmark: Sendable {
    public let rows: Int
    public init(rows: Int) { self.rows = rows }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "import", runOn)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        let services = try await BenchEngines.services(url)
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
        var ids: [(String, String, String, String)] = []
        ids.reserveCapacity(rows)
        for i in 0..<rows {
            let id = ResidentID.make(division: "430221", year: 1940 + i % 80, month: 1 + (i / 80) % 12, day: 1 + (i / 960) % 28,
                                     sequence: (i / 26_880) % 1000).value
            let phone = "13" + String(100_000_000 + i).suffix(9)
            let grid = leaves[i % leaves.count].code
            csv += "测试\(i % 1000),\(id),\(phone),\(grid)\n"
            ids.append(("测试\(i % 1000)", id, phone, grid))
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

        // Raw: the same rows into a table with the people table's own DDL — primary key and every
        // index — as plain multi-row INSERTs, ids made in order before the clock starts.
        let paths = Dictionary(uniqueKeysWithValues: leaves.map { ($0.code, $0.path) })
        try await services.database.write { db in try await Self.createRawTable(on: db, engine: url.engine) }
        try await Self.checkSameIndexes(services.database)
        let rawIDs = (0..<rows).map { String(format: "r-%09d", $0) }
        let rawStart = clock.now
        let all = ids
        try await services.database.write { db in
            for start in stride(from: 0, to: all.count, by: Self.rawRowsPerStatement) {
                let insert = db.insert(into: "people_raw").columns("id", "name", "doc_type", "doc_number", "phone", "residency", "grid_code", "grid_path", "version")
                for i in start..<min(all.count, start + Self.rawRowsPerStatement) {
                    let row = all[i]
                    insert.values(SQLBind(rawIDs[i]), SQLBind(row.0), SQLBind("residentId"), SQLBind(row.1), SQLBind(row.2), SQLBind("registered"),
                                  SQLBind(row.3), SQLBind(paths[row.3] ?? ""), SQLBind(1))
                }
                try await insert.run()
            }
        }
        let rawSeconds = Self.seconds(clock.now - rawStart)
        let rawCount = try await services.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM people_raw").first()!.decode(column: "n", as: Int.self) }
        guard rawCount == rows else { throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "直接插入 \(rawCount) 行，应为 \(rows)") }

        // The same rows through the engine's own bulk loader, the one the importer uses (COPY;
        // SQLite's typed INSERTs): the fastest raw load there is, reported beside the plain one.
        try await services.database.write { db in
            try await db.raw("DROP TABLE people_raw").run()
            try await Self.createRawTable(on: db, engine: url.engine)
        }
        var copyRows = CopyRows(columns: 9, reservingRows: rows)
        for (i, row) in all.enumerated() {
            for cell in [rawIDs[i], row.0, "residentId", row.1, row.2, "registered", row.3, paths[row.3] ?? "", "1"] { copyRows.append(cell) }
        }
        let loaderStart = clock.now
        let loaded = copyRows
        try await services.database.bulkWrite { _, copier in
            try await copier.copy(into: "people_raw", columns: ["id", "name", "doc_type", "doc_number", "phone", "residency", "grid_code", "grid_path", "version"],
                                   rows: loaded)
        }
        let loaderSeconds = Self.seconds(clock.now - loaderStart)
        let loaderCount = try await services.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM people_raw").first()!.decode(column: "n", as: Int.self) }
        guard loaderCount == rows else { throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "批量装载 \(loaderCount) 行，应为 \(rows)") }

        // The people again, now with their text index: the same people rows and the same search rows the
        // import stored (read back before the clock starts), into copies of both tables with every index,
        // loaded the fastest way there is — the loader, then the text index built in one pass.
        let search = try await Self.storedSearchRows(services.database)
        try await services.database.write { db in
            try await db.raw("DROP TABLE people_raw").run()
            try await Self.createRawTable(on: db, engine: url.engine)
            try await Self.createRawSearchTables(on: db, engine: url.engine)
        }
        let indexedStart = clock.now
        try await services.database.bulkWrite { db, copier in
            try await copier.copy(into: "people_raw", columns: ["id", "name", "doc_type", "doc_number", "phone", "residency", "grid_code", "grid_path", "version"],
                                  rows: loaded)
            try await copier.copy(into: "search_raw", columns: search.columns, rows: search.rows)
            try await Self.indexRawSearchRows(on: db, engine: url.engine)
        }
        let indexedSeconds = Self.seconds(clock.now - indexedStart)
        let indexedCount = try await services.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM search_raw").first()!.decode(column: "n", as: Int.self) }
        await services.shutdown()
        guard indexedCount == rows else { throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "检索行装载 \(indexedCount) 行，应为 \(rows)") }
        return [
            "engine": .string(url.engine.rawValue), "rows": .int(Int64(rows)),
            "seconds": .double(BenchStatistics.round(importSeconds, 2)), "per_second": .double(BenchStatistics.round(Double(rows) / importSeconds, 0)),
            // Raw is the faster of the two (conventions: the fastest hand-written SQL or COPY).
            "raw_seconds": .double(BenchStatistics.round(min(rawSeconds, loaderSeconds), 2)),
            "raw_per_second": .double(BenchStatistics.round(Double(rows) / min(rawSeconds, loaderSeconds), 0)),
            "raw_insert_seconds": .double(BenchStatistics.round(rawSeconds, 2)),
            "raw_insert_per_second": .double(BenchStatistics.round(Double(rows) / rawSeconds, 0)),
            "raw_loader_seconds": .double(BenchStatistics.round(loaderSeconds, 2)),
            "raw_loader_per_second": .double(BenchStatistics.round(Double(rows) / loaderSeconds, 0)),
            // The people and their search rows with the text index: everything a searchable person is stored as.
            "raw_with_search_seconds": .double(BenchStatistics.round(indexedSeconds, 2)),
            "raw_with_search_per_second": .double(BenchStatistics.round(Double(rows) / indexedSeconds, 0)),
        ]
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

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
