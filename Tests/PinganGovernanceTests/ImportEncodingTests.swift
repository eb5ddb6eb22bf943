// Telling text encodings and non-table files apart.
import Foundation
import PinganGovernance
import PinganKernel
import Testing

@Suite("Import encodings")
struct ImportEncodingTests {
    private let text = "姓名,住址,电话\n张三,湖南省长沙市望城区乔口镇,13800138000\n欧阳·娜娜,𠀀村,\n"

    @Test("UTF-8 with and without BOM")
    func utf8() throws {
        let plain = try ImportFixture.read(Data(text.utf8))
        #expect(plain.table.encoding == .utf8)
        let bom = try ImportFixture.read(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        #expect(bom.table.encoding == .utf8BOM)
        #expect(bom.table.header.first == "姓名")
        #expect(bom.rows == plain.rows)
        #expect(plain.rows.last?.fields["address"] == "𠀀村")
    }

    @Test("GB18030 and GBK bytes are detected and converted")
    func gb18030() throws {
        let expected = try ImportFixture.read(Data(text.utf8)).rows
        let gb = try #require(ImportFixture.iconvBytes(text, to: "GB18030"))
        #expect(gb.starts(with: [0xD0, 0xD5, 0xC3, 0xFB]))   // 姓名 in GB2312/GBK/GB18030
        let read = try ImportFixture.read(gb)
        #expect(read.table.encoding == .gb18030)
        #expect(read.rows == expected)

        // GBK has no 𠀀 (a four-byte GB18030 character); the rest reads the same.
        let gbkText = text.replacingOccurrences(of: "𠀀", with: "东")
        let gbk = try #require(ImportFixture.iconvBytes(gbkText, to: "GBK"))
        let gbkRead = try ImportFixture.read(gbk)
        #expect(gbkRead.table.encoding == .gb18030)
        #expect(gbkRead.rows.last?.fields["address"] == "东村")
    }

    @Test("bytes that are neither UTF-8 nor GB18030 are a 415 about the encoding")
    func undecodable() {
        let bytes = Data("姓名,电话\n".utf8) + Data([0xFF, 0xFF, 0x41, 0x0A])
        let problem = ImportFixture.problem { _ = try ImportFixture.read(bytes) }
        #expect(problem?.status == 415)
        #expect(problem?.detail.contains("文件编码无法识别") == true)
    }

    @Test("UTF-16 text is refused with a hint")
    func utf16() throws {
        let bytes = Data([0xFF, 0xFE]) + (try #require(ImportFixture.iconvBytes(text, to: "UTF-16LE")))
        let problem = ImportFixture.problem { _ = try ImportFixture.read(bytes) }
        #expect(problem?.status == 415)
        #expect(problem?.detail.contains("UTF-16") == true)
    }

    @Test("a PNG, an old .xls and a ZIP that is no workbook are not tables: 415")
    func notATable() throws {
        let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 504)
        let docx = try ImportFixture.zip([("word/document.xml", "<w:document/>")])
        let brokenZip = Data([0x50, 0x4B, 0x03, 0x04]) + Data("not really a zip".utf8)
        for (name, bytes) in [("png", ImportFixture.png), ("xls", xls), ("docx", docx), ("broken zip", brokenZip)] {
            let problem = ImportFixture.problem { _ = try ImportFixture.read(bytes) }
            #expect(problem?.status == 415, "\(name)")
            #expect(problem?.detail.contains("不是 CSV 或 XLSX 文件") == true, "\(name)")
        }
    }
}
