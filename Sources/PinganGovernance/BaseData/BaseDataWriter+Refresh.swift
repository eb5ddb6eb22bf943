import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Search rows rewritten from the records as they stand inside the caller's transaction, after
/// an import changed a record or something its row shows (a head's name, a house's address).
extension BaseDataWriter {
    func refreshHouseSearch(_ ids: [String], on db: any SQLDatabase) async throws {
        for chunk in ids.chunked(300) {
            for r in try await db.raw("SELECT id, number, address, use, grid_code, grid_path FROM houses WHERE id IN (\(SQLList(chunk.map { SQLBind($0) })))").all() {
                let row = houseSearch(address: try r.decode(column: "address", as: String.self), number: try r.decode(column: "number", as: String?.self),
                                      use: HouseUse(rawValue: try r.decode(column: "use", as: String.self)) ?? .residential,
                                      gridCode: try r.decode(column: "grid_code", as: String.self))
                try await updateSearch(kind: "house", id: try r.decode(column: "id", as: String.self),
                                       path: try r.decode(column: "grid_path", as: String.self), row, on: db)
            }
        }
    }

    func refreshHouseholdSearch(_ ids: [String], on db: any SQLDatabase) async throws {
        for chunk in ids.chunked(300) {
            for r in try await db.raw("""
                SELECT h.id, h.number, h.grid_code, h.grid_path, p.name AS head_name, o.address FROM households h
                LEFT JOIN people p ON p.id = h.head_person_id LEFT JOIN houses o ON o.id = h.house_id
                WHERE h.id IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all() {
                let row = householdSearch(headName: try r.decode(column: "head_name", as: String?.self), number: try r.decode(column: "number", as: String?.self),
                                          address: try r.decode(column: "address", as: String?.self), gridCode: try r.decode(column: "grid_code", as: String.self))
                try await updateSearch(kind: "household", id: try r.decode(column: "id", as: String.self),
                                       path: try r.decode(column: "grid_path", as: String.self), row, on: db)
            }
        }
    }

    func refreshPeopleSearch(_ ids: [String], on db: any SQLDatabase) async throws {
        for chunk in ids.chunked(300) {
            for r in try await db.raw("SELECT id, name, address, away_place, grid_code, grid_path FROM people WHERE id IN (\(SQLList(chunk.map { SQLBind($0) })))").all() {
                let row = personSearch(name: try r.decode(column: "name", as: String.self),
                                       address: try r.decode(column: "address", as: String?.self) ?? (try r.decode(column: "away_place", as: String?.self) ?? ""),
                                       gridCode: try r.decode(column: "grid_code", as: String.self))
                try await updateSearch(kind: "person", id: try r.decode(column: "id", as: String.self),
                                       path: try r.decode(column: "grid_path", as: String.self), row, on: db)
            }
        }
    }

    /// Rewrites one record's search row (its tokens with it).
    func updateSearch(kind: String, id: String, path: String, _ row: (title: String, subtitle: String, body: String),
                      on db: any SQLDatabase) async throws {
        let sqlite = db.dialect.name == "sqlite"
        try await db.raw("""
            UPDATE search_index SET grid_path = \(bind: path), title = \(bind: row.title), subtitle = \(bind: row.subtitle),
            body = \(bind: row.body), \(ident: Self.searchTokenColumn(sqlite: sqlite)) = \(bind: Self.searchTokens(row.body, sqlite: sqlite))
            WHERE kind = \(bind: kind) AND id = \(bind: id)
            """).run()
    }

    /// PostgreSQL: computes `tokens` for every search row, a page at a time in key order (the
    /// migration that introduced them; rows written since carry their own). `latinCapitalsOnly`:
    /// only rows whose body holds A–Z, the rows whose tokens changed when case was folded.
    static func fillSearchTokens(on db: any SQLDatabase, latinCapitalsOnly: Bool = false) async throws {
        let filter: SQLQueryString = latinCapitalsOnly ? " AND body ~ '[A-Z]'" : ""
        var after = (kind: "", id: "")
        while true {
            let page = try await db.raw("""
                SELECT kind, id, body FROM search_index WHERE (kind, id) > (\(bind: after.kind), \(bind: after.id))\(filter)
                ORDER BY kind, id LIMIT 5000
                """).all()
            guard let last = page.last else { return }
            var kinds: [String] = [], ids: [String] = [], tokens: [String] = []
            for row in page {
                kinds.append(try row.decode(column: "kind", as: String.self))
                ids.append(try row.decode(column: "id", as: String.self))
                tokens.append(SearchTokens.arrayLiteral(SearchTokens.of(try row.decode(column: "body", as: String.self))))
            }
            try await db.raw("""
                UPDATE search_index s SET tokens = CAST(v.t AS BIGINT[])
                FROM unnest(\(bind: kinds), \(bind: ids), \(bind: tokens)) AS v(kind, id, t) WHERE s.kind = v.kind AND s.id = v.id
                """).run()
            after = (try last.decode(column: "kind", as: String.self), try last.decode(column: "id", as: String.self))
        }
    }
}
