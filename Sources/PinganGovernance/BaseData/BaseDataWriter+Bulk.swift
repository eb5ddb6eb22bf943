import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Large imports: the per-row costs that are not the rows themselves — the full-text indexes and
/// one provenance row per record — paid once per import in set-based statements, inside the
/// caller's transaction (so a failure or a crash leaves nothing half-written).
extension BaseDataWriter {
    /// Runs `body` (which inserts about `expectedRows` search rows) with the token index's upkeep
    /// deferred, so the index is built in large passes rather than row by row.
    ///
    /// SQLite: the per-row full-text trigger is suspended, then every row `body` added is indexed
    /// in one pass per index: FTS5 builds a few large segments instead of flushing and merging after
    /// every statement. `body` must not update or delete search rows it added (their full-text
    /// entries do not exist yet).
    ///
    /// PostgreSQL: when the import at least doubles the table (a county's first load of a
    /// department's file), the GIN index is dropped and built again after the rows: a build sorts
    /// every entry once, 2.6 times cheaper than merging them in through the pending list (psql,
    /// 300,000 search rows: 0.7 s against 1.9 s). The drop locks the table, so searches wait for
    /// this import's commit: acceptable for a table this import is most of, not for a full one.
    /// Otherwise the index stays; its pending list is merged in large sorted passes as it fills,
    /// and what is left at the end is merged before the commit, so no search reads through this
    /// import's entries.
    public func withDeferredSearchIndex<T: Sendable>(expectedRows: Int, on db: any SQLDatabase, _ body: () async throws -> T) async throws -> T {
        guard db.dialect.name == "sqlite" else {
            try await db.raw("SET LOCAL maintenance_work_mem = '256MB'").run()
            let existing = try await Self.searchRowEstimate(on: db)
            let rebuild = expectedRows > 0 && expectedRows >= existing
            if rebuild { try await db.raw("DROP INDEX search_index_tokens").run() }
            let value = try await body()
            if rebuild {
                try await db.raw(SQLQueryString(BaseDataSchema.searchTokensIndex)).run()
            } else {
                try await db.raw("SELECT gin_clean_pending_list('search_index_tokens')").run()
            }
            return value
        }
        let before = try await db.raw("SELECT COALESCE(MAX(rowid), 0) AS r FROM search_index").first()?.decode(column: "r", as: Int64.self) ?? 0
        try await db.raw("DROP TRIGGER search_index_ai").run()
        let value = try await body()
        try await db.raw("INSERT INTO search_fts(rowid, body) SELECT rowid, body FROM search_index WHERE rowid > \(bind: before)").run()
        try await db.raw("INSERT INTO search_grams(rowid, grams) SELECT rowid, grams FROM search_index WHERE rowid > \(bind: before)").run()
        try await db.raw(SQLQueryString(BaseDataSchema.searchInsertTrigger)).run()
        return value
    }

    /// PostgreSQL: the planner's row count of `search_index` (exact when it has never been sampled).
    static func searchRowEstimate(on db: any SQLDatabase) async throws -> Int {
        let sampled = try await db.raw("SELECT reltuples::BIGINT AS n FROM pg_class WHERE oid = 'search_index'::regclass").first()?
            .decode(column: "n", as: Int.self) ?? -1
        if sampled >= 0 { return sampled }
        return try await db.raw("SELECT COUNT(*) AS n FROM search_index").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// SQLite: the place names a bulk import's search rows carry, as a temporary table on the
    /// writing connection for `insertPersonSearchRowsInSQL`; `dropPlaceTable` removes it.
    func createPlaceTable(on db: any SQLDatabase) async throws {
        try await db.raw("CREATE TEMP TABLE import_places (code TEXT PRIMARY KEY, names TEXT NOT NULL)").run()
        for chunk in placeNames.sorted(by: { $0.key < $1.key }).chunked(500) {
            var sql: SQLQueryString = "INSERT INTO temp.import_places (code, names) VALUES "
            for (i, entry) in chunk.enumerated() { sql += (i > 0 ? ", " : "") + "(\(bind: entry.key), \(bind: entry.value))" }
            try await db.raw(sql).run()
        }
    }

    func dropPlaceTable(on db: any SQLDatabase) async throws {
        try await db.raw("DROP TABLE temp.import_places").run()
    }

    /// SQLite: the search rows of people just inserted with ids `first…last`, in one statement over
    /// their rows — title, subtitle and body as `personSearch` makes them, bigram tokens from
    /// `pingan_bigrams`, the function the SQLite driver installs on the writing connection.
    /// Nothing crosses the binding layer per row.
    func insertPersonSearchRowsInSQL(from first: String, through last: String, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO search_index (kind, id, grid_path, title, subtitle, body, grams)
            SELECT 'person', id, grid_path, name, subtitle, body, pingan_bigrams(body) FROM (
              SELECT p.id, p.grid_path, p.name, COALESCE(p.address, p.away_place, '') AS subtitle,
                     p.name || ' ' || COALESCE(p.address, p.away_place, '') || ' ' || COALESCE(t.names, p.grid_code) AS body
              FROM people p LEFT JOIN temp.import_places t ON t.code = p.grid_code
              WHERE p.id >= \(bind: first) AND p.id <= \(bind: last) ORDER BY p.id)
            """).run()
    }

    /// Version 1 provenance of the records an import created (ids from `ids`). Each run of
    /// consecutive records that gave the same fields is one INSERT … SELECT over its id range in
    /// `table` (the import's ids share a stem no other import has, and sort in the order they were
    /// made); a file whose field lists change every few rows is written row by row instead.
    func insertFirstVersions(kind: String, table: String, _ runs: FirstVersionRuns, ids: RecordIDs,
                             source: String, importID: String, at: Date, on db: any SQLDatabase) async throws {
        guard runs.runs.count * 64 <= runs.count else {
            try await insertVersions(runs.runs.flatMap { run in
                (run.first...run.last).map { (kind: kind, id: ids.id(run: $0), version: 1, source: source, importID: importID, at: at, fields: run.fields) }
            }, on: db)
            return
        }
        for run in runs.runs {
            let fields = JSONValue.array(run.fields.map(JSONValue.string)).canonical
            try await db.raw("""
                INSERT INTO record_versions (kind, record_id, version, source, import_id, at, fields)
                SELECT \(bind: kind), id, 1, \(bind: source), \(bind: importID), \(bind: at.epochMillis), \(bind: fields) FROM \(ident: table)
                WHERE id >= \(bind: ids.id(run: run.first)) AND id <= \(bind: ids.id(run: run.last)) AND id LIKE \(bind: ids.stem + "%")
                """).run()
        }
    }
}

/// The ids one import gives the records it creates: the kind's prefix, the import's start time
/// in milliseconds and a random salt (a stem no other import shares), then a fixed-width counter.
/// One import's ids sort together and in the order they were made, so the indexes on them grow
/// at one edge rather than at a million random places, and a run of them is an id range.
struct RecordIDs: Sendable {
    let stem: String
    private var next = 0

    init(prefix: String, at: Date) {
        let millis = String(UInt64(max(0, at.timeIntervalSince1970 * 1000)), radix: 16)
        let salt = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        stem = prefix + Self.pad(millis, 12) + Self.pad(salt, 6)
    }

    /// The counter the next `make()` uses.
    var counter: Int { next }

    mutating func make() -> String {
        defer { next += 1 }
        return id(run: next)
    }

    /// The id made for `counter`.
    func id(run counter: Int) -> String { stem + Self.pad(String(counter, radix: 16), 7) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
