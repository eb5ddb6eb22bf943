// The shapes a department import file is read into: what kind of record it holds, how its text was
// encoded, its header and how that header maps onto API field names, and one data row at a time.
import Foundation

/// The kinds of base data a department can import (一次提交、多次使用).
public enum ImportKind: String, Sendable, CaseIterable {
    case people, households, houses, organisations
}

/// How an import file's bytes were read: text in one of the encodings department exports use, or an XLSX workbook.
public enum TextEncodingGuess: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case gb18030 = "GB18030"
    case xlsx
}

/// One data row of an import file.
public struct ImportRow: Sendable, Equatable {
    /// 1-based row number as the user sees it in the file (the header is row 1 in a file that starts with it).
    public var number: Int
    /// API field name → trimmed cell value; empty cells and unmapped columns are omitted.
    public var fields: [String: String]

    /// Creates a row; the reader builds these, tests compare against them.
    public init(number: Int, fields: [String: String]) {
        self.number = number
        self.fields = fields
    }
}

/// What the reader learnt about a file once it has read it: encoding, header and header mapping.
public struct ImportTable: Sendable, Equatable {
    /// How the bytes were decoded (`.xlsx` for workbooks).
    public var encoding: TextEncodingGuess
    /// The header cells as written in the file (trimmed; trailing empty cells dropped).
    public var header: [String]
    /// File header → API field name, for every column that maps to a field.
    public var mapped: [String: String]
    /// Non-empty headers that map to no field (their cells are not read), in file order.
    public var unmappedHeaders: [String]
    /// Data rows handed to the row callback (rows with every cell empty are skipped and not counted).
    public var rowCount: Int

    /// Creates a table description.
    public init(encoding: TextEncodingGuess, header: [String], mapped: [String: String],
                unmappedHeaders: [String], rowCount: Int = 0) {
        self.encoding = encoding
        self.header = header
        self.mapped = mapped
        self.unmappedHeaders = unmappedHeaders
        self.rowCount = rowCount
    }
}
