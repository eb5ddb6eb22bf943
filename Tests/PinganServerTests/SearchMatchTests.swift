import Foundation
import PinganKernel
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing
@testable import PinganGovernance

/// The search index finds exactly what a substring scan of the search rows finds, for queries
/// that span words, hold digits or punctuation, or end in a lone character; and on PostgreSQL
/// the migration that introduced integer tokens fills them for rows written before it.
@Suite(.storeTestLimit) struct SearchMatchTests {
    static let kinds = ["person", "household", "house", "organisation", "place"]

    /// A body holds `q`, Latin letters in either case: lower-cased on both sides, then `LIKE`.
    static func scan(_ q: String) -> SQLQueryString {
        "lower(body) LIKE lower(\(bind: SubstringMatch.pattern(q))) ESCAPE '\\'"
    }

    /// Per kind, what a substring scan of the search rows counts on this engine.
    static func scanCounts(_ app: TestApp, _ q: String) async throws -> [String: Int64] {
        try await app.services.database.read { db in
            var out: [String: Int64] = [:]
            for r in try await db.raw("""
                SELECT kind, COUNT(*) AS n FROM search_index WHERE \(scan(q)) GROUP BY kind
                """).all() {
                out[try r.decode(column: "kind", as: String.self)] = Int64(try r.decode(column: "n", as: Int.self))
            }
            return out
        }
    }

    static func apiCounts(_ app: TestApp, _ token: String, _ q: String) async throws -> [String: Int64] {
        let result = try app.json(try await app.get("/api/v1/search?q=\(BaseDataTests.q(q))", token: token))
        var out: [String: Int64] = [:]
        for kind in kinds { if let n = BaseDataTests.count(result, kind: kind), n > 0 { out[kind] = n } }
        return out
    }

    /// Substrings of stored bodies, two to nine characters, at positions a seeded generator picks.
    static func queries(_ app: TestApp) async throws -> [String] {
        let bodies = try await app.services.database.read { db in
            try await db.raw("SELECT body FROM search_index ORDER BY kind, id LIMIT 400").all().map { try $0.decode(column: "body", as: String.self) }
        }
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out = Set<String>()
        for body in bodies.enumerated().filter({ $0.offset % 13 == 0 }).map(\.element) {
            let c = Array(body)
            guard c.count >= 2 else { continue }
            let start = next(c.count - 1)
            let length = 2 + next(min(8, c.count - start - 1))
            let q = String(c[start..<min(c.count, start + length)]).trimmingCharacters(in: .whitespaces)
            if q.count >= 2 { out.insert(q) }
        }
        return out.sorted() + ["第1网格", "1号", "社区 第", "镇-"]
    }

    @Test(arguments: TestEngines.all)
    func substringsAcrossWordsDigitsAndPunctuationFindWhatAScanFinds(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let queries = try await Self.queries(app)
            #expect(queries.count >= 20)
            #expect(queries.contains { $0.contains(" ") })
            for q in queries {
                let expected = try await Self.scanCounts(app, q)
                #expect(try await Self.apiCounts(app, t, q) == expected, "\(q)")
            }
            // Each kind lists its first rows by grid path, then id, compared as bytes.
            for q in queries.prefix(8) {
                let result = try app.json(try await app.get("/api/v1/search?q=\(BaseDataTests.q(q))&limit=5", token: t))
                guard case .array(let groups)? = result["groups"] else { Issue.record("no groups"); continue }
                for kind in Self.kinds {
                    let listed = groups.first { $0["kind"]?.stringValue == kind }.flatMap { g -> [String]? in
                        guard case .array(let items)? = g["items"] else { return nil }
                        return items.compactMap { $0["id"]?.stringValue }
                    } ?? []
                    let first = try await app.services.database.read { db in
                        try await db.raw("""
                            SELECT id, grid_path FROM search_index WHERE kind = \(bind: kind) AND \(Self.scan(q))
                            """).all().map { (try $0.decode(column: "grid_path", as: String.self), try $0.decode(column: "id", as: String.self)) }
                    }
                    let expected = first.sorted { ($0.0.utf8.lexicographicallyPrecedes($1.0.utf8)) || ($0.0 == $1.0 && $0.1.utf8.lexicographicallyPrecedes($1.1.utf8)) }
                        .prefix(5).map(\.1)
                    #expect(listed == Array(expected), "\(q) \(kind)")
                }
            }
        }
    }

    /// A credit code is found however its letters are typed, through the index (three characters
    /// or more), as a two-character token, and by a scan (a lone letter).
    @Test(arguments: TestEngines.all)
    func latinLettersMatchInEitherCase(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let codes = try await app.services.database.read { db in
                try await db.raw("SELECT credit_code FROM organisations WHERE credit_code IS NOT NULL ORDER BY id").all()
                    .map { try $0.decode(column: "credit_code", as: String.self) }
            }
            let code = try #require(codes.first { $0.last?.isLetter == true })
            for tail in [String(code.suffix(5)), String(code.suffix(2))] {
                let upper = try await Self.apiCounts(app, t, tail)
                #expect((upper["organisation"] ?? 0) >= 1, "\(tail)")
                #expect(try await Self.apiCounts(app, t, tail.lowercased()) == upper, "\(tail)")
                #expect(try await Self.scanCounts(app, tail.lowercased()) == upper, "\(tail)")
            }
            let letter = String(code.last!)
            let lone = try await Self.apiCounts(app, t, letter.lowercased())
            #expect((lone["organisation"] ?? 0) >= 1)
            #expect(try await lone == Self.scanCounts(app, letter))
        }
    }

    @Test func theTokenMigrationFillsRowsWrittenBeforeIt() async throws {
        guard TestEngines.all.contains(.postgres) else { return }
        try await withTestApp(.postgres) { app in
            let t = try await app.login("centre")
            let queries = Array(try await Self.queries(app).prefix(12))
            var before: [String: [String: Int64]] = [:]
            for q in queries { before[q] = try await Self.apiCounts(app, t, q) }
            #expect(before.values.contains { !$0.isEmpty })
            // Rows as the migration finds them: no tokens, so nothing is found through the index.
            try await app.services.database.write { db in try await db.raw("UPDATE search_index SET tokens = '{}'").run() }
            let indexed = try #require(queries.first { !SearchTokens.query($0).tokens.isEmpty && !(before[$0] ?? [:]).isEmpty })
            #expect(try await Self.apiCounts(app, t, indexed).isEmpty)
            try await app.services.database.write { db in try await BaseDataWriter.fillSearchTokens(on: db) }
            for q in queries { #expect(try await Self.apiCounts(app, t, q) == before[q], "\(q)") }
            let wrong = try await app.services.database.read { db in
                var wrong = 0
                for r in try await db.raw("SELECT body, tokens FROM search_index").all()
                where try r.decode(column: "tokens", as: [Int64].self) != SearchTokens.of(try r.decode(column: "body", as: String.self)) {
                    wrong += 1
                }
                return wrong
            }
            #expect(wrong == 0)

            // Folding case: rows with Latin capitals, as the case-keeping tokens left them, get theirs again.
            let capitals = try await app.services.database.write { db in
                try await db.raw("UPDATE search_index SET tokens = '{}' WHERE body ~ '[A-Z]'").run()
                return try await db.raw("SELECT COUNT(*) AS n FROM search_index WHERE tokens = '{}'").first()!.decode(column: "n", as: Int.self)
            }
            #expect(capitals > 0)
            try await app.services.database.write { db in try await BaseDataWriter.fillSearchTokens(on: db, latinCapitalsOnly: true) }
            let empty = try await app.services.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM search_index WHERE tokens = '{}'").first()!.decode(column: "n", as: Int.self)
            }
            #expect(empty == 0)
        }
    }
}
