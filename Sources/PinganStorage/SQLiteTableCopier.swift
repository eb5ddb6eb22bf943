import SQLiteNIO

/// SQLite's counterpart of COPY for `Database.bulkWrite`: the rows of a `CopyRows` as multi-row
/// INSERTs on the write transaction's own connection, each cell bound as text straight into
/// sqlite-nio (column affinity stores digits in INTEGER columns as integers). It skips SQLKit's
/// per-value `Encodable` encoding and its building of a statement of thousands of placeholders,
/// which took a fifth of a people import's time; one statement text serves every full chunk.
struct SQLiteTableCopier: TableCopying {
    let connection: SQLiteConnection

    /// SQLite allows 32,766 bound values in one statement.
    static let maxBinds = 32_766

    func copy(into table: String, columns: [String], rows: CopyRows) async throws {
        precondition(rows.columnCount == columns.count && rows.cells.count % columns.count == 0,
                     "CopyRows: \(rows.cells.count) cells of \(rows.columnCount) columns for \(columns.count) names")
        let perStatement = max(1, min(1_000, Self.maxBinds / columns.count))
        let rowCount = rows.count
        var fullText: String? = nil
        var start = 0
        while start < rowCount {
            let n = min(perStatement, rowCount - start)
            let sql: String
            if n == perStatement, let text = fullText {
                sql = text
            } else {
                sql = Self.insert(table, columns, rows: n)
                if n == perStatement { fullText = sql }
            }
            let binds = rows.cells[(start * columns.count)..<((start + n) * columns.count)].map { $0.map(SQLiteData.text) ?? .null }
            try await connection.query(sql, binds) { _ in }
            start += n
        }
    }

    static func insert(_ table: String, _ columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }
}
