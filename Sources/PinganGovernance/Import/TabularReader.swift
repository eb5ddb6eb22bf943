// The entry point of import reading: tells XLSX from text by content (file names and content types
// from browsers are unreliable), decodes text, maps the header, and streams rows to the caller.
import Foundation

/// Reads a department's CSV or XLSX import file into rows of API fields, one row at a time.
public enum TabularReader {
    /// Reads `data` (CSV — comma or tab separated, UTF-8 with or without BOM, or GB18030/GBK — or the first
    /// worksheet of an XLSX), mapping headers to `kind`'s fields (`mapping`: file header → field name, overriding
    /// the aliases; "" ignores a column), and calls `row` for each non-blank data row in file order.
    /// Throws `Problem` 415 when the file is not a readable table, 400 when its header or structure is wrong;
    /// errors thrown by `row` stop reading and are rethrown as they are.
    public static func read(_ data: Data, kind: ImportKind, mapping: [String: String] = [:],
                            row: (ImportRow) throws -> Void) throws -> ImportTable {
        var assembler = RowAssembler(kind: kind, mapping: mapping)
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            try XLSXReader.read(data) { number, cells in
                try assembler.consume(number: number, cells: cells, row: row)
            }
            return try assembler.table(encoding: .xlsx)
        }
        let (text, encoding) = try TextDecoding.decode(data)
        var utf8 = text
        try utf8.withUTF8 { bytes in
            let delimiter = CSVScanner.delimiter(of: bytes)
            try CSVScanner.scan(bytes, delimiter: delimiter) { number, cells in
                try assembler.consume(number: number, cells: cells, row: row)
            }
        }
        return try assembler.table(encoding: encoding)
    }
}
