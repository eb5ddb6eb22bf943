// Builders for import-reading tests: collecting rows, GB18030 bytes made by the C library's iconv
// (independent of the Foundation decoder under test), and XLSX workbooks assembled with ZIPFoundation.
import Foundation
import PinganGovernance
import PinganKernel
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ImportFixture {
    /// Reads `data` and returns the table and every row handed out.
    static func read(_ data: Data, kind: ImportKind = .people, mapping: [String: String] = [:]) throws
        -> (table: ImportTable, rows: [ImportRow]) {
        var rows: [ImportRow] = []
        let table = try TabularReader.read(data, kind: kind, mapping: mapping) { rows.append($0) }
        return (table, rows)
    }

    /// The Problem `body` throws, or nil when it throws nothing or something else.
    static func problem(_ body: () throws -> Void) -> Problem? {
        do { try body(); return nil } catch { return error as? Problem }
    }

    /// `text` converted from UTF-8 by iconv(3) into `encoding` (e.g. "GB18030", "GBK", "UTF-16LE").
    static func iconvBytes(_ text: String, to encoding: String) -> Data? {
        let converter = iconv_open(encoding, "UTF-8")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var outPointer = outBuffer.baseAddress
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1 as Int, inLeft == 0 else {
                    return nil
                }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return Data(output.prefix(written).map { UInt8(bitPattern: $0) })
    }

    /// The first bytes of a PNG image (signature and IHDR chunk).
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                           0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0xF3, 0xFF])

    /// A ZIP archive of `files` (path → text), deflated, built in memory.
    static func zip(_ files: [(path: String, text: String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for file in files {
            let bytes = Data(file.text.utf8)
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<min(bytes.count, Int(position) + size))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// A minimal workbook: one sheet (`sheetXML` is the `<sheetData>` content) plus optional shared strings and styles.
    static func xlsx(sheetData: String, sharedStrings: [String]? = nil, cellXfs: [Int] = [],
                     numFmts: [Int: String] = [:], date1904: Bool = false) throws -> Data {
        var files: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRels),
            ("xl/workbook.xml", workbook(sheets: [("Sheet1", "rId1")], date1904: date1904)),
            ("xl/_rels/workbook.xml.rels", workbookRels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                         ("rId2", "sharedStrings", "sharedStrings.xml"),
                                                         ("rId3", "styles", "styles.xml")])),
            ("xl/worksheets/sheet1.xml", sheet(sheetData)),
            ("xl/styles.xml", styles(cellXfs: cellXfs, numFmts: numFmts)),
        ]
        if let sharedStrings { files.append(("xl/sharedStrings.xml", self.sharedStrings(sharedStrings))) }
        return try zip(files)
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
        </Types>
        """

    static let packageRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static func workbook(sheets: [(name: String, rel: String)], date1904: Bool = false) -> String {
        let list = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"\(sheet.rel)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(list)</sheets></workbook>
            """
    }

    static func workbookRels(_ rels: [(id: String, type: String, target: String)]) -> String {
        let list = rels.map {
            "<Relationship Id=\"\($0.id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/\($0.type)\" Target=\"\($0.target)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(list)</Relationships>
            """
    }

    static func sheet(_ sheetData: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(sheetData)</sheetData></worksheet>
        """
    }

    static func sharedStrings(_ strings: [String]) -> String {
        let items = strings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" \
            uniqueCount="\(strings.count)">\(items)</sst>
            """
    }

    /// styles.xml whose cellXfs use the given number formats, in order (index 0 is the default style).
    static func styles(cellXfs: [Int], numFmts: [Int: String]) -> String {
        let formats = numFmts.sorted { $0.key < $1.key }
            .map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\(escaped($0.value))\"/>" }.joined()
        let xfs = ([0] + cellXfs).map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="\(numFmts.count)">\(formats)</numFmts>\
            <cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(cellXfs.count + 1)">\(xfs)</cellXfs></styleSheet>
            """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
