import Foundation

/// A minimal XLSX for import tests, written by hand (stored ZIP entries, inline strings) so the
/// server tests need no ZIP library: `xl/workbook.xml` and `xl/worksheets/sheet1.xml`, which a
/// reader finds by their standard paths when the package has no relationship parts.
enum WorkbookFixture {
    static func xlsx(_ rows: [[String]]) -> Data {
        let sheetRows = rows.enumerated().map { r, cells in
            "<row r=\"\(r + 1)\">" + cells.enumerated().map { c, text in
                "<c r=\"\(column(c))\(r + 1)\" t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>"
            }.joined() + "</row>"
        }.joined()
        let workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>
            """
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(sheetRows)</sheetData></worksheet>
            """
        return zip([("xl/workbook.xml", Data(workbook.utf8)), ("xl/worksheets/sheet1.xml", Data(sheet.utf8))])
    }

    static func column(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : column(index / 26 - 1) + column(index % 26)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A ZIP archive with every entry stored (method 0).
    static func zip(_ files: [(name: String, data: Data)]) -> Data {
        var out = Data(), central = Data()
        func le16(_ v: Int, _ d: inout Data) { d.append(UInt8(v & 0xFF)); d.append(UInt8((v >> 8) & 0xFF)) }
        func le32(_ v: UInt32, _ d: inout Data) { for s in [0, 8, 16, 24] { d.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for (name, data) in files {
            let offset = UInt32(out.count), crc = crc32(data), size = UInt32(data.count), nameBytes = Data(name.utf8)
            le32(0x0403_4B50, &out); le16(20, &out); le16(0, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
            le32(crc, &out); le32(size, &out); le32(size, &out); le16(nameBytes.count, &out); le16(0, &out)
            out.append(nameBytes); out.append(data)
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0, &central); le16(0, &central)
            le16(0, &central); le16(0x21, &central); le32(crc, &central); le32(size, &central); le32(size, &central)
            le16(nameBytes.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
            le32(0, &central); le32(offset, &central); central.append(nameBytes)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(files.count, &out); le16(files.count, &out)
        le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
