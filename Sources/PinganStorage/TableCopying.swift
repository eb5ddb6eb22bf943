import SQLKit

/// A write transaction's fast path for loading rows, on the transaction's own connection, so the
/// rows commit or roll back with everything else the transaction wrote: PostgreSQL's
/// `COPY … FROM STDIN`, and on SQLite multi-row INSERTs bound straight from the same text
/// (`SQLiteTableCopier`). `Database.bulkWrite` hands one to its body on both engines.
public protocol TableCopying: Sendable {
    /// Appends `rows` to `table`. `table` and `columns` are trusted identifiers (never user input);
    /// columns left out take their defaults.
    func copy(into table: String, columns: [String], rows: CopyRows) async throws
}

/// Rows in COPY's text format, built cell by cell: `append` escapes backslash, tab, newline and
/// carriage return, and writes nil as NULL (`\N`); a row ends after its last column.
public struct CopyRows: Sendable {
    public let columnCount: Int
    /// Complete rows so far.
    public private(set) var count = 0
    private(set) var bytes: [UInt8] = []
    private var column = 0

    public init(columns: Int, reservingRows rows: Int = 0) {
        precondition(columns > 0)
        columnCount = columns
        bytes.reserveCapacity(rows * columns * 16)
    }

    public mutating func append(_ value: String?) {
        if column > 0 { bytes.append(0x09) }
        if let value {
            var value = value
            value.withUTF8 { utf8 in
                if !utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    switch byte {
                    case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                    case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                    case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                    case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                    default: bytes.append(byte)
                    }
                }
            }
        } else {
            bytes.append(0x5C)
            bytes.append(UInt8(ascii: "N"))
        }
        column += 1
        if column == columnCount {
            bytes.append(0x0A)
            column = 0
            count += 1
        }
    }

    /// The COPY text of the complete rows; a row left unfinished is a programming error.
    public var text: [UInt8] {
        precondition(column == 0, "CopyRows: the last row is missing \(columnCount - column) of \(columnCount) columns")
        return bytes
    }
}
