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
        let cells = Self.cells(rows.text, columns: columns.count)
        let perStatement = max(1, min(1_000, Self.maxBinds / columns.count))
        let rowCount = cells.count / columns.count
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
            let binds = Array(cells[(start * columns.count)..<((start + n) * columns.count)])
            try await connection.query(sql, binds) { _ in }
            start += n
        }
    }

    static func insert(_ table: String, _ columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }

    /// The cells of COPY text, row after row: `\N` is NULL, escapes undone.
    static func cells(_ text: [UInt8], columns: Int) -> [SQLiteData] {
        var out: [SQLiteData] = []
        out.reserveCapacity(text.count / 8)
        var cell: [UInt8] = []
        var escaped = false, isNull = false
        func end() {
            out.append(isNull ? .null : .text(String(decoding: cell, as: UTF8.self)))
            cell.removeAll(keepingCapacity: true)
            isNull = false
        }
        for byte in text {
            if escaped {
                escaped = false
                switch byte {
                case UInt8(ascii: "N") where cell.isEmpty: isNull = true
                case UInt8(ascii: "t"): cell.append(0x09)
                case UInt8(ascii: "n"): cell.append(0x0A)
                case UInt8(ascii: "r"): cell.append(0x0D)
                default: cell.append(byte)
                }
                continue
            }
            switch byte {
            case 0x5C: escaped = true
            case 0x09, 0x0A: end()
            default: cell.append(byte)
            }
        }
        return out
    }
}
