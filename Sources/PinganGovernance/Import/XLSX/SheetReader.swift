// Reads a worksheet row by row as XMLParser reports it, filling the gaps that cell references
// ("C5" after "A5") leave, and hands each row's cells on before the next row is read.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

final class SheetReader: NSObject, XMLParserDelegate {
    typealias RowHandler = (_ number: Int, _ cells: [String]) throws -> Void

    /// Excel's column limit (XFD); cells past it are ignored rather than allocated.
    static let maxColumns = 16_384

    private let strings: [String]
    private let styles: CellStyles
    private let uses1904: Bool
    private let handler: RowHandler

    private var rowNumber = 0
    private var cells: [String] = []
    private var inRow = false
    private var column = -1
    private var cellType: Substring = ""
    private var cellStyle = 0
    private var value = ""
    private var collecting = false
    private var phoneticDepth = 0
    private(set) var failure: Error?
    /// Closed when the reader gives up, so the parser stops pulling (it reads a stream to its end otherwise).
    private var stream: ZipEntryStream?

    private init(strings: [String], styles: CellStyles, uses1904: Bool, handler: @escaping RowHandler) {
        self.strings = strings
        self.styles = styles
        self.uses1904 = uses1904
        self.handler = handler
    }

    /// Streams the sheet, calling `row` with each row's number (as Excel numbers it) and its cells.
    static func read(_ parts: WorkbookParts, strings: [String], styles: CellStyles, row: RowHandler) throws {
        try withoutActuallyEscaping(row) { row in
            let reader = SheetReader(strings: strings, styles: styles, uses1904: parts.uses1904Dates, handler: row)
            let stream = ZipEntryStream(archive: parts.archive, entry: parts.sheet)
            defer { stream.finish() }
            reader.stream = stream
            let parser = XMLParser(stream: stream)
            parser.delegate = reader
            _ = parser.parse()
            stream.finish()
            if let failure = reader.failure { throw failure }
            if stream.failure != nil { throw ImportProblem.damagedWorkbook("工作表无法解压") }
            // XMLParser does not always report the end of the last row; hand it on if it is still open.
            if reader.inRow { try reader.endRow() }
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        guard failure == nil else { return }
        switch XMLName.local(elementName) {
        case "row":
            if inRow { finishRow(parser) }
            rowNumber = attributeDict["r"].flatMap(Int.init) ?? rowNumber + 1
            inRow = true
            cells.removeAll(keepingCapacity: true)
            column = -1
        case "c":
            column = attributeDict["r"].flatMap(Self.columnIndex) ?? column + 1
            cellType = Substring(attributeDict["t"] ?? "n")
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v":
            collecting = true
        case "t":
            collecting = cellType == "inlineStr" && phoneticDepth == 0
        case "rPh":
            phoneticDepth += 1
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        switch XMLName.local(elementName) {
        case "row": finishRow(parser)
        case "c": endCell(parser)
        case "v", "t": collecting = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { value += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil { failure = ImportProblem.damagedWorkbook("工作表 XML 无法解析（第 \(parser.lineNumber) 行）") }
    }

    private func endCell(_ parser: XMLParser) {
        guard inRow, column >= 0, column < Self.maxColumns else { return }
        let text: String
        switch cellType {
        case "s":
            guard let index = Int(value), strings.indices.contains(index) else {
                fail(parser, ImportProblem.damagedWorkbook("第 \(rowNumber) 行引用了不存在的共享字符串 \(value)"))
                return
            }
            text = strings[index]
        case "inlineStr", "str", "e":
            text = value
        case "b":
            text = value == "1" ? "TRUE" : (value == "0" ? "FALSE" : value)
        case "d":
            // ISO 8601 date cells (rare, Strict OOXML); date-only styles keep the day.
            text = styles.dateStyle(cellStyle) == .date ? String(value.prefix(10)) : value
        default:
            if let style = styles.dateStyle(cellStyle), let date = CellText.date(serial: value, style: style, uses1904: uses1904) {
                text = date
            } else {
                text = CellText.number(value)
            }
        }
        if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count)) }
        cells[column] = text
    }

    private func finishRow(_ parser: XMLParser) {
        do {
            try endRow()
        } catch {
            fail(parser, error)
        }
    }

    private func endRow() throws {
        inRow = false
        try handler(rowNumber, cells)
    }

    private func fail(_ parser: XMLParser, _ error: Error) {
        failure = error
        parser.abortParsing()
        stream?.close()
    }

    /// "AB12" → 27 (0-based column); nil when the reference has no letters.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): index = index * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"): index = index * 26 + Int(byte - UInt8(ascii: "a")) + 1
            default: return letters > 0 ? index - 1 : nil
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters > 0 ? index - 1 : nil
    }
}
