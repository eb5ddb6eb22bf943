// Reads the first worksheet of an XLSX workbook: locate the parts, load the shared strings and the
// date styles (small, in memory), then stream the sheet.
import Foundation

enum XLSXReader {
    static func read(_ data: Data, record: (_ number: Int, _ cells: [String]) throws -> Void) throws {
        let parts = try WorkbookParts(data)
        let strings = try parts.sharedStrings.map { try SharedStringsReader.read($0, in: parts.archive) } ?? []
        var styles = CellStyles.none
        if let entry = parts.styles {
            guard let elements = ElementCollector.parse(try WorkbookParts.read(entry, in: parts.archive)) else {
                throw ImportProblem.damagedWorkbook("样式表（styles.xml）不是有效的 XML")
            }
            styles = CellStyles(elements: elements)
        }
        try SheetReader.read(parts, strings: strings, styles: styles, row: record)
    }
}
