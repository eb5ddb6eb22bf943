import Foundation
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// Bulk imports load rows through `Database.bulkWrite`'s `TableCopying`: COPY on PostgreSQL, typed multi-row INSERTs on SQLite
/// (`SQLiteTableCopier`). Every value must arrive unchanged — including the characters COPY's text format gives meaning
/// to — and the rows must belong to the write transaction like any other write.
@Suite(.storeTestLimit) struct ImportCopyTests {
    /// Values with a backslash, tab, newline, carriage return, the text `\N`, an empty string, CJK.
    static let values: [String?] = ["a\\b", "x\ty", "第一行\n第二行", "cr\r", "\\N", "", nil, "渌口社区第1网格", "tab\\t not a tab"]

    @Test func cellsAreEscapedAndRowsEndAfterTheirLastColumn() {
        var rows = CopyRows(columns: 2)
        rows.append("a\\b\tc")
        rows.append(nil)
        #expect(rows.count == 1)
        rows.append("一\n二\r")
        rows.append("")
        #expect(rows.count == 2)
        #expect(String(decoding: rows.text, as: UTF8.self) == "a\\\\b\\tc\t\\N\n一\\n二\\r\t\n")
    }


    /// More rows than one SQLite statement takes (1,000), so full and partial chunks are both written.
    static let manyRows = 2_345

    @Test(arguments: TestEngines.all)
    func copiedValuesReadBackUnchangedAndRollBackWithTheTransaction(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        try await db.write { try await $0.raw("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, d TEXT NOT NULL DEFAULT 'default')").run() }
        try await db.bulkWrite { _, copier in
            var rows = CopyRows(columns: 2)
            for (i, v) in Self.values.enumerated() {
                rows.append(String(i))
                rows.append(v)
            }
            for i in Self.values.count..<Self.manyRows {
                rows.append(String(i))
                rows.append("第\(i)行")
            }
            try await copier.copy(into: "t", columns: ["k", "v"], rows: rows)
        }
        let stored = try await db.read { sql in
            try await sql.raw("SELECT k, v, d FROM t ORDER BY k").all().map {
                (try $0.decode(column: "k", as: Int.self), try $0.decode(column: "v", as: String?.self), try $0.decode(column: "d", as: String.self))
            }
        }
        #expect(stored.map(\.0) == Array(0..<Self.manyRows))
        #expect(Array(stored.map(\.1).prefix(Self.values.count)) == Self.values)
        #expect(stored.last?.1 == "第\(Self.manyRows - 1)行")
        #expect(stored.allSatisfy { $0.2 == "default" })

        // A failure after the COPY leaves none of its rows.
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.bulkWrite { _, copier in
                var rows = CopyRows(columns: 1)
                rows.append("10100")
                try await copier.copy(into: "t", columns: ["k"], rows: rows)
                throw Boom()
            }
        }
        // A bad row (a duplicate key) fails the COPY and the whole transaction.
        await #expect(throws: (any Error).self) {
            try await db.bulkWrite { sql, copier in
                try await sql.raw("INSERT INTO t (k, v) VALUES (10200, 'before')").run()
                var rows = CopyRows(columns: 1)
                rows.append("10201")
                rows.append("0")
                try await copier.copy(into: "t", columns: ["k"], rows: rows)
            }
        }
        let count = try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self) }
        #expect(count == Self.manyRows)
        // The connection is usable afterwards.
        try await db.write { try await $0.raw("INSERT INTO t (k) VALUES (10300)").run() }
        await db.close()
        await testDB.drop()
    }
}
