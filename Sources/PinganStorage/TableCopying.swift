import SQLKit

/// A write transaction's fast path for loading rows, on the transaction's own connection, so the
/// rows commit or roll back with everything else the transaction wrote: PostgreSQL's
/// `COPY … FROM STDIN`, and on SQLite multi-row INSERTs with the cells bound directly
/// (`SQLiteTableCopier`). `Database.bulkWrite` hands one to its body on both engines.
public protocol TableCopying: Sendable {
    /// Appends `rows` to `table`. `table` and `columns` are trusted identifiers (never user input);
    /// columns left out take their defaults.
    func copy(into table: String, columns: [String], rows: CopyRows) async throws
}

/// Rows of text cells (nil is NULL), built cell by cell; a row ends after its last column. Each
/// loader encodes them its own way: `text` is COPY's text format, SQLite binds `cells` as they are.
public struct CopyRows: Sendable {
    public let columnCount: Int
    /// Complete rows so far.
    public var count: Int { cells.count / columnCount }
    /// Every cell, row after row.
    public private(set) var cells: [String?] = []

    public init(columns: Int, reservingRows rows: Int = 0) {
        precondition(columns > 0)
        columnCount = columns
        cells.reserveCapacity(rows * columns)
    }

    public mutating func append(_ value: String?) { cells.append(value) }

    /// The cells of complete row `index`.
    public func row(_ index: Int) -> ArraySlice<String?> { cells[index * columnCount ..< (index + 1) * columnCount] }

    /// The rows in COPY's text format: backslash, tab, newline and carriage return escaped, nil as
    /// `\N`. A row left unfinished is a programming error.
    public var text: [UInt8] {
        precondition(cells.count % columnCount == 0,
                     "CopyRows: the last row is missing \(columnCount - cells.count % columnCount) of \(columnCount) columns")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.count * 16)
        for (i, cell) in cells.enumerated() {
            if let value = cell {
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
            bytes.append((i + 1) % columnCount == 0 ? 0x0A : 0x09)
        }
        return bytes
    }
}
