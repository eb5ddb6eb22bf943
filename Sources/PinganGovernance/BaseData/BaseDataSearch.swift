import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// The one search box: Chinese substrings over names, addresses and place names, grouped by
/// kind, inside the caller's subtrees, IDs and phones masked.
public struct BaseDataSearch: Sendable {
    let database: Database
    let clock: any PinganClock

    public init(database: Database, clock: any PinganClock) {
        self.database = database
        self.clock = clock
    }

    /// An FTS5 phrase: the query in double quotes, inner quotes doubled.
    static func ftsPhrase(_ q: String) -> String { "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func scopeSQL(_ ranges: [(lower: String, upper: String)], column: String) -> SQLQueryString {
        SubtreeSQL.within(ranges, column: column)
    }

    /// The search rows matching `q` inside `scope`, through the engine's index (`FROM … WHERE …` over `search_index s`);
    /// nil when no index can serve `q`. SQLite: a whole bigram token for two characters, FTS5 trigrams for three or
    /// more. PostgreSQL: the query's integer pairs or triples (`SearchTokens`), then the text itself unless the token
    /// alone is the match.
    static func indexedMatches(_ q: String, engine: DatabaseEngine, scope: SQLQueryString) -> SQLQueryString? {
        switch engine {
        case .postgres:
            let tokens = SearchTokens.query(q)
            guard !tokens.tokens.isEmpty else { return nil }
            return "FROM search_index s WHERE s.tokens @> \(bind: tokens.tokens)"
                + (tokens.exact ? "" : " AND " + SubstringMatch.sql("s.body", q, engine: engine)) + " AND " + scope
        case .sqlite:
            let gram = BaseDataWriter.bigrams(q)
            if q.count == 2 && gram.count == 2 {
                return "FROM search_grams g JOIN search_index s ON s.rowid = g.rowid WHERE search_grams MATCH \(bind: ftsPhrase(gram)) AND " + scope
            }
            guard q.count >= 3 else { return nil }
            return "FROM search_fts f JOIN search_index s ON s.rowid = f.rowid WHERE search_fts MATCH \(bind: ftsPhrase(q)) AND " + scope
        }
    }

    public func search(_ raw: String, limit: Int, for identity: Identity) async throws -> [SearchGroup] {
        let q = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty else { throw Problem.invalid("q", "请输入要搜索的内容") }
        guard q.count <= 50 else { throw Problem.invalid("q", "搜索内容不超过 50 个字") }
        try identity.require(.peopleRead)
        let ranges = identity.scope.pathRanges(layer: "governance")
        let engine = database.engine
        let now = clock.now().epochMillis
        return try await database.read { db in
            // Per kind: how many hits, and the first `limit` by grid path.
            var counts: [String: Int] = [:]
            var firstRows: [String: [any SQLRow]] = [:]
            let scope = Self.scopeSQL(ranges, column: "s.grid_path")
            if let matches = Self.indexedMatches(q, engine: engine, scope: scope) {
                // The index finds the hits once; one statement counts them per kind and takes each kind's first rows
                // with a bounded top-N sort. Per-kind queries evaluated the full-text match six times on SQLite, and on
                // PostgreSQL walked the subtree in path order to stop early, which reads the whole county when the
                // hits sit in one village late in that order. Ranking every hit with window functions instead sorted
                // all of a village's ten thousand hits. Ids compare as bytes on both engines.
                let bytes: SQLQueryString = engine == .postgres ? " COLLATE \"C\"" : ""
                var statement: SQLQueryString = "WITH hits AS MATERIALIZED (SELECT s.kind, s.id, s.grid_path, s.title, s.subtitle " + matches + ") "
                    + "SELECT * FROM (SELECT kind, CAST(NULL AS TEXT) AS id, CAST(NULL AS TEXT)" + bytes + " AS grid_path, CAST(NULL AS TEXT) AS title, "
                    + "CAST(NULL AS TEXT) AS subtitle, COUNT(*) AS n FROM hits GROUP BY kind"
                for kind in RecordKind.allCases where kind != .grid {
                    statement += " UNION ALL SELECT * FROM (SELECT kind, id, grid_path, title, subtitle, CAST(NULL AS BIGINT) AS n FROM hits "
                        + "WHERE kind = \(bind: kind.rawValue) ORDER BY grid_path, id" + bytes + " LIMIT \(unsafeRaw: String(limit))) AS \(unsafeRaw: kind.rawValue)"
                }
                statement += ") AS u ORDER BY kind, grid_path, id" + bytes
                for row in try await db.raw(statement).all() {
                    let kind = try row.decode(column: "kind", as: String.self)
                    if let n = try row.decode(column: "n", as: Int?.self) {
                        counts[kind] = n
                    } else {
                        firstRows[kind, default: []].append(row)
                    }
                }
            } else {
                // No index can serve the query (one character, or lone characters between punctuation): count, then
                // each kind's first rows, walking the subtree in path order.
                let matches: SQLQueryString = "FROM search_index s WHERE " + SubstringMatch.sql("s.body", q, engine: engine) + " AND " + scope
                for row in try await db.raw("SELECT s.kind, COUNT(*) AS n " + matches + " GROUP BY s.kind").all() {
                    counts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
                for kind in RecordKind.allCases where kind != .grid && (counts[kind.rawValue] ?? 0) > 0 {
                    firstRows[kind.rawValue] = try await db.raw("SELECT s.id, s.grid_path, s.title, s.subtitle " + matches
                        + " AND s.kind = \(bind: kind.rawValue) ORDER BY s.grid_path, s.id LIMIT \(unsafeRaw: String(limit))").all()
                }
            }
            var groups: [SearchGroup] = []
            // Grids: names in the grid tree (a few hundred rows).
            let gridRows = try await db.raw("""
                SELECT code, name, level, path FROM grids WHERE layer = 'governance' AND \(SubstringMatch.sql("name", q, engine: engine))
                AND valid_from <= \(bind: now) AND (valid_to IS NULL OR valid_to > \(bind: now)) AND \(Self.scopeSQL(ranges, column: "path"))
                ORDER BY level, code
                """).all()
            let gridItems = try gridRows.map { r in
                SearchItem(kind: "grid", id: try r.decode(column: "code", as: String.self), title: try r.decode(column: "name", as: String.self),
                           subtitle: "", gridCode: try r.decode(column: "code", as: String.self), gridPath: try r.decode(column: "path", as: String.self))
            }
            groups.append(SearchGroup(kind: "grid", kindName: RecordKind.grid.chineseName, count: gridItems.count, items: Array(gridItems.prefix(limit))))
            for kind in RecordKind.allCases where kind != .grid {
                var items = try (firstRows[kind.rawValue] ?? []).map { r in
                    let path = try r.decode(column: "grid_path", as: String.self)
                    return SearchItem(kind: kind.rawValue, id: try r.decode(column: "id", as: String.self),
                                      title: try r.decode(column: "title", as: String.self), subtitle: try r.decode(column: "subtitle", as: String.self),
                                      gridCode: path.split(separator: "/").last.map(String.init) ?? "", gridPath: path)
                }
                if kind == .person, !items.isEmpty { items = try await BaseDataRecords.maskPeople(items, on: db) }
                groups.append(SearchGroup(kind: kind.rawValue, kindName: kind.chineseName, count: counts[kind.rawValue] ?? 0, items: items))
            }
            // Place names for every group's items in one lookup, not one per kind.
            let placed = try await BaseDataRecords.addPlaces(groups.flatMap(\.items), on: db)
            var next = placed.makeIterator()
            for g in groups.indices {
                groups[g].items = groups[g].items.map { _ in next.next()! }
            }
            return groups
        }
    }
}
