// An RFC 4180 scanner over UTF-8 bytes: quoted fields may hold delimiters, doubled quotes and line
// breaks; records end in CRLF or LF, and the last one may have no line break. It hands out one record
// at a time, so a file of any length costs one record of memory beyond the text itself.

enum CSVScanner {
    static let comma = UInt8(ascii: ",")
    static let tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Tab when the first non-blank line has tabs and no commas (Excel's "text" export), else comma.
    static func delimiter(of bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var sawTab = false
        var sawContent = false
        for byte in bytes {
            switch byte {
            case comma: return comma
            case tab: sawTab = true
            case lf, cr: if sawContent || sawTab { return sawTab ? tab : comma }
            case UInt8(ascii: " "): break
            default: sawContent = true
            }
        }
        return sawTab ? tab : comma
    }

    /// Calls `record` with each record's number (1-based, counting blank lines as Excel shows them)
    /// and raw cells. Blank records are reported as `[""]`; the caller decides to skip them.
    /// Throws when a quoted field is never closed, since everything after it would be misread.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8,
                     record: (_ number: Int, _ cells: [String]) throws -> Void) throws {
        var cells: [String] = []
        var scratch: [UInt8] = []   // a quoted field's bytes, once it holds a doubled quote
        var number = 1
        var index = 0
        let count = bytes.count
        while index < count {
            // One field starts at `index`.
            if bytes[index] == quote {
                let opened = number
                index += 1
                var start = index
                scratch.removeAll(keepingCapacity: true)
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count, bytes[index + 1] == quote {
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...index]))
                            index += 2
                            start = index
                            continue
                        }
                        closed = true
                        break
                    }
                    index += 1
                }
                guard closed else { throw ImportProblem.unclosedQuote(row: opened) }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1   // past the closing quote
                // Text between the closing quote and the delimiter is kept as written (lenient, like Excel).
                let tailStart = index
                while index < count, bytes[index] != delimiter, bytes[index] != lf, bytes[index] != cr { index += 1 }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                cells.append(String(decoding: scratch, as: UTF8.self))
            } else {
                let start = index
                while index < count, bytes[index] != delimiter, bytes[index] != lf, bytes[index] != cr { index += 1 }
                cells.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            }
            // After a field: a delimiter (another field follows), a line break, or the end.
            if index < count, bytes[index] == delimiter {
                index += 1
                if index == count { cells.append("") }
                continue
            }
            if index < count, bytes[index] == cr { index += 1 }
            if index < count, bytes[index] == lf { index += 1 }
            try record(number, cells)
            cells.removeAll(keepingCapacity: true)
            number += 1
        }
        if !cells.isEmpty { try record(number, cells) }
    }
}
