import Foundation
import PinganKernel
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// A people file large enough to take the bulk path (read on a helper thread in batches, search
/// rows built in SQL on SQLite, full-text entries and provenance written once at the end) must
/// leave exactly what the row-by-row definitions say, and roll back whole when a row is bad.
@Suite(.storeTestLimit) struct PeopleBulkImportTests {
    static let rows = 5_000
    static let givenNames = Array("明华建国秀英志强丽娟海燕俊杰")
    static let surnames = Array("王李张刘陈杨黄赵周吴")

    /// A department file of `rows` valid people over the first unit grids; every third row has an
    /// address, every other row a phone (so field lists change along the file).
    static func file(grids: [String], badRow: Int? = nil) -> (csv: String, people: [(name: String, id: String, address: String?)]) {
        var csv = "姓名,公民身份号码,联系电话,现住址,网格编码\n"
        var people: [(String, String, String?)] = []
        for i in 0..<rows {
            let name = "\(surnames[i % surnames.count])\(givenNames[(i / 10) % givenNames.count])\(givenNames[(i / 7) % givenNames.count])"
            let id = i == badRow ? "430221198001010000"
                : ResidentID.make(division: "430221", year: 1950 + i % 50, month: 1 + i % 12, day: 1 + (i / 12) % 28, sequence: 500 + i / 336).value
            let phone = i % 2 == 0 ? "139" + String(10_000_000 + i) : ""
            let address = i % 3 == 0 ? "批量路\(i)号" : nil
            csv += "\(name),\(id),\(phone),\(address ?? ""),\(grids[i % grids.count])\n"
            people.append((name, id, address))
        }
        return (csv, people)
    }

    static func post(_ app: TestApp, _ token: String, _ query: String, _ csv: String) async throws -> JSONValue {
        try app.json(try await app.sendImport("/api/v1/imports?kind=people&source=%E5%85%AC%E5%AE%89%E6%88%B7%E7%B1%8D&" + query,
                                               token: token, body: Data(csv.utf8)))
    }

    static func grids(_ app: TestApp) async throws -> [String] {
        try await app.services.database.read { db in
            try await db.raw("SELECT code FROM grids WHERE level = 5 AND layer = 'governance' AND valid_to IS NULL ORDER BY code LIMIT 4").all()
                .map { try $0.decode(column: "code", as: String.self) }
        }
    }

    static func count(_ app: TestApp, _ sql: SQLQueryString) async throws -> Int {
        try await app.services.database.read { db in try await db.raw(sql).first()!.decode(column: "n", as: Int.self) }
    }

    /// PostgreSQL: the token index is there, as its migration made it (a large import drops and
    /// rebuilds it; a search would still answer without it, through a scan, so only this shows it).
    static func expectTokenIndex(_ app: TestApp) async throws {
        guard app.services.database.engine == .postgres else { return }
        let definition = try await app.services.database.read { db in
            try await db.raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_index_tokens'").first()?.decode(column: "indexdef", as: String.self)
        }
        #expect(definition?.contains("USING gin (tokens) WITH (gin_pending_list_limit='2048')") == true, "\(definition ?? "no index")")
    }

    @Test(arguments: TestEngines.all)
    func aLargeFileLeavesTheSameSearchRowsAndProvenanceAsTheDefinitions(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grids = try await Self.grids(app)
            let (csv, people) = Self.file(grids: grids)
            let report = try await Self.post(app, t, "dryRun=false", csv)
            #expect(report["imported"] == .int(Int64(Self.rows)) && report["rejected"] == 0 && report["applied"] == true)
            try await Self.expectTokenIndex(app)

            // Place names of each grid, from the grid tree (levels 2–5 along the path).
            let places: [String: String] = try await app.services.database.read { db in
                var out: [String: String] = [:]
                for code in grids {
                    let path = try await db.raw("SELECT path FROM grids WHERE code = \(bind: code) AND layer = 'governance' AND valid_to IS NULL").first()!
                        .decode(column: "path", as: String.self)
                    var names: [String] = []
                    for step in path.split(separator: "/") {
                        if let r = try await db.raw("SELECT name, level FROM grids WHERE code = \(bind: String(step)) AND layer = 'governance' AND valid_to IS NULL").first(),
                           try r.decode(column: "level", as: Int.self) >= 2 {
                            names.append(try r.decode(column: "name", as: String.self))
                        }
                    }
                    // Names inside a narrower name below them ("渌口镇" in "渌口镇中片") are left out.
                    out[code] = names.enumerated().filter { i, n in !names[(i + 1)...].contains { $0.contains(n) } }
                        .map(\.element).joined(separator: " ")
                }
                return out
            }
            let stored = try await app.services.database.read { db in
                try await db.raw("""
                    SELECT p.doc_number, p.grid_code, s.title, s.subtitle, s.body, \(ident: engine == .sqlite ? "grams" : "tokens"), v.fields, v.version
                    FROM people p JOIN search_index s ON s.kind = 'person' AND s.id = p.id
                    JOIN record_versions v ON v.kind = 'person' AND v.record_id = p.id WHERE p.name <> '' AND p.doc_number IN (\(SQLList(people.map { SQLBind($0.id) })))
                    """).all().map { r in
                    (number: try r.decode(column: "doc_number", as: String.self), grid: try r.decode(column: "grid_code", as: String.self),
                     title: try r.decode(column: "title", as: String.self), subtitle: try r.decode(column: "subtitle", as: String.self),
                     body: try r.decode(column: "body", as: String.self),
                     // The engine's index tokens: SQLite's bigram text, PostgreSQL's integers (as their array literal).
                     tokens: engine == .sqlite ? try r.decode(column: "grams", as: String.self)
                        : SearchTokens.arrayLiteral(try r.decode(column: "tokens", as: [Int64].self)),
                     fields: try r.decode(column: "fields", as: String.self), version: try r.decode(column: "version", as: Int.self))
                }
            }
            #expect(stored.count == Self.rows)
            let byNumber = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.id, ($0, $1)) })
            var mismatches = 0
            for s in stored {
                guard let (i, person) = byNumber[s.number] else { mismatches += 1; continue }
                let address = person.address ?? ""
                let body = "\(person.name) \(address) \(places[s.grid] ?? "")"
                let fields = "[\"name\",\"sex\",\"birthDate\"" + (i % 2 == 0 ? ",\"phone\"" : "") + (person.address != nil ? ",\"address\"" : "") + ",\"grid\",\"residentId\"]"
                if s.title != person.name || s.subtitle != address || s.body != body || s.tokens != (engine == .sqlite ? SearchBigrams.of(body) : SearchTokens.arrayLiteral(SearchTokens.of(body)))
                    || s.fields != fields || s.version != 1 {
                    mismatches += 1
                    if mismatches < 4 { Issue.record("row \(i): \(s) expected body \(body) fields \(fields)") }
                }
            }
            #expect(mismatches == 0)
            // The full-text indexes hold the new rows: 2- and 3-character queries count what a substring scan counts.
            for q in ["批量路", "王明", "批量路30"] {
                let expected = try await Self.count(app, "SELECT COUNT(*) AS n FROM search_index WHERE kind = 'person' AND body LIKE \(bind: "%" + q + "%")")
                let found = try app.json(try await app.get("/api/v1/search?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", token: t))
                #expect(expected > 0 && BaseDataTests.count(found, kind: "person") == Int64(expected), "\(q)")
            }
            // The same file again changes nothing.
            let versions = try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions")
            let again = try await Self.post(app, t, "dryRun=false", csv)
            #expect(again["imported"] == 0 && again["unchanged"] == .int(Int64(Self.rows)))
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions") == versions)
            try await Self.expectTokenIndex(app)
        }
    }

    @Test(arguments: TestEngines.all)
    func aBadRowNearTheEndRollsBackEverythingWrittenBeforeIt(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (csv, people) = Self.file(grids: try await Self.grids(app), badRow: Self.rows - 2)
            let before = try await Self.count(app, "SELECT COUNT(*) AS n FROM search_index")
            let dry = try await Self.post(app, t, "dryRun=true", csv)
            #expect(dry["imported"] == .int(Int64(Self.rows - 1)) && dry["rejected"] == 1)
            let refused = try await Self.post(app, t, "dryRun=false", csv)
            #expect(refused["applied"] == false && refused["rejected"] == 1 && refused["imported"] == dry["imported"])
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM people WHERE doc_number = \(bind: people[0].id)") == 0)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM search_index") == before)
            try await Self.expectTokenIndex(app)
            // The suspended full-text trigger came back with the rollback: a later small import is searchable.
            let one = "姓名,公民身份号码,网格编码\n回滚后测试,\(people[1].id),\(try await Self.grids(app)[0])\n"
            #expect(try await Self.post(app, t, "dryRun=false", one)["imported"] == 1)
            let found = try app.json(try await app.get("/api/v1/search?q=\("回滚后测试".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", token: t))
            #expect(BaseDataTests.count(found, kind: "person") == 1)
            let kept = try await Self.post(app, t, "dryRun=false&keepValid=true", csv)
            // The register's file names row 2 differently from the small import: it is the authority, so that is an update.
            #expect(kept["applied"] == true && kept["imported"] == .int(Int64(Self.rows - 2)) && kept["updated"] == 1)
        }
    }
}
