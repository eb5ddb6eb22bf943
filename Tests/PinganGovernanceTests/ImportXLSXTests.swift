// XLSX reading: shared and inline strings, gaps between cells, numbers kept as written, date styles,
// locating the first worksheet through the workbook's relationships, and streaming a large sheet.
import Foundation
import PinganGovernance
import PinganKernel
import Testing

@Suite("Import XLSX")
struct ImportXLSXTests {
    @Test("shared strings, inline strings and cells that skip columns")
    func gapsAndStrings() throws {
        let strings = ["姓名", "身份证号", "电话", "住址", "张三", "乔口镇 1 号", "李四"]
        // Row 2 has no B and no C cell; row 4 is missing; row 5 starts at C and has an inline string in A's place.
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>
            <row r="2"><c r="A2" t="s"><v>4</v></c><c r="D2" t="s"><v>5</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>王五</t></is></c><c r="C3"><v>13800138000</v></c></row>
            <row r="5"><c r="C5" t="str"><f>TEXT(1,"0")</f><v>139</v></c><c r="A5" t="inlineStr"><is><r><t>欧阳</t></r><r><t>娜娜</t></r></is></c></row>
            <row r="6"><c r="A6" t="s"><v>6</v></c></row>
            """, sharedStrings: strings)
        let (table, rows) = try ImportFixture.read(data)
        #expect(table.encoding == .xlsx)
        #expect(table.header == ["姓名", "身份证号", "电话", "住址"])
        #expect(rows == [
            ImportRow(number: 2, fields: ["name": "张三", "address": "乔口镇 1 号"]),
            ImportRow(number: 3, fields: ["name": "王五", "phone": "13800138000"]),
            ImportRow(number: 5, fields: ["name": "欧阳娜娜", "phone": "139"]),
            ImportRow(number: 6, fields: ["name": "李四"]),
        ])
    }

    @Test("cells without references follow the previous cell, rows without numbers the previous row")
    func missingReferences() throws {
        let data = try ImportFixture.xlsx(sheetData: """
            <row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>电话</t></is></c></row>
            <row><c t="inlineStr"><is><t>张三</t></is></c><c><v>1</v></c></row>
            """)
        let (_, rows) = try ImportFixture.read(data)
        #expect(rows == [ImportRow(number: 2, fields: ["name": "张三", "phone": "1"])])
    }

    @Test("IDs come out as their digits: text as written, numbers in E notation spelled out")
    func largeNumbers() throws {
        let id = "43010219900101123X"
        let digits = "430102199001011234"
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>层数</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" t="s"><v>0</v></c><c r="C2"><v>2.5</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3"><v>4.3010219900101104E+17</v></c><c r="C3"><v>1.5E-3</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>丙</t></is></c><c r="B4"><v>\(digits)</v></c><c r="C4"><v>-2E2</v></c></row>
            """, sharedStrings: [id])
        let (_, rows) = try ImportFixture.read(data, mapping: ["层数": "documentNumber"])
        #expect(rows.map { $0.fields["residentId"] } == [id, "430102199001011040", digits])
        #expect(rows.map { $0.fields["documentNumber"] } == ["2.5", "0.0015", "-200"])
    }

    @Test("numbers in date styles become yyyy-MM-dd; other numbers stay serials")
    func dates() throws {
        // Serials computed from Foundation's calendar, independent of the reader's arithmetic.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        func serial(_ year: Int, _ month: Int, _ day: Int) -> Int {
            calendar.dateComponents([.day], from: epoch, to: calendar.date(from: DateComponents(year: year, month: month, day: day))!).day!
        }
        let birth = serial(1990, 1, 1)
        let later = serial(2024, 2, 29)
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>出生日期</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>层数</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" s="1"><v>\(birth)</v></c><c r="C2" s="4"><v>\(birth)</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3" s="2"><v>\(later)</v></c><c r="C3" s="3"><v>\(later).5</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>丙</t></is></c><c r="B4" s="5"><v>\(birth)</v></c><c r="C4"><v>\(birth)</v></c></row>
            """, cellXfs: [14, 164, 165, 166, 31], numFmts: [164: "yyyy\"年\"m\"月\"d\"日\"", 165: "yyyy-mm-dd hh:mm", 166: "0.00"])
        let (_, rows) = try ImportFixture.read(data, mapping: ["层数": "documentNumber"])
        #expect(rows.map { $0.fields["birthDate"] } == ["1990-01-01", "2024-02-29", "1990-01-01"])
        #expect(rows.map { $0.fields["documentNumber"] } == ["\(birth)", "2024-02-29 12:00:00", "\(birth)"])
    }

    @Test("1904-based workbooks count dates from 1904-01-01")
    func dates1904() throws {
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>出生日期</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" s="1"><v>366</v></c></row>
            """, cellXfs: [14], date1904: true)
        let (_, rows) = try ImportFixture.read(data)
        #expect(rows.first?.fields["birthDate"] == "1905-01-01")   // 1904 is a leap year: 366 days later
    }

    @Test("the first worksheet is the first in the workbook's order, found through its relationships")
    func firstSheetThroughRels() throws {
        let data = try ImportFixture.zip([
            ("[Content_Types].xml", ImportFixture.contentTypes),
            ("_rels/.rels", ImportFixture.packageRels),
            ("xl/workbook.xml", ImportFixture.workbook(sheets: [("图表", "rId9"), ("人口", "rId7"), ("Sheet1", "rId1")])),
            ("xl/_rels/workbook.xml.rels", ImportFixture.workbookRels([
                ("rId1", "worksheet", "worksheets/sheet1.xml"),
                ("rId7", "worksheet", "/xl/worksheets/../data/people.xml"),
                ("rId9", "chartsheet", "chartsheets/sheet1.xml"),
            ])),
            ("xl/worksheets/sheet1.xml", ImportFixture.sheet(
                #"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>错的表</t></is></c></row>"#)),
            ("xl/data/people.xml", ImportFixture.sheet(
                #"<row r="3"><c r="B3" t="inlineStr"><is><t>姓名</t></is></c></row><row r="4"><c r="B4" t="inlineStr"><is><t>对的表</t></is></c></row>"#)),
        ])
        let (table, rows) = try ImportFixture.read(data)
        #expect(table.header == ["", "姓名"])
        #expect(rows == [ImportRow(number: 4, fields: ["name": "对的表"])])
    }

    @Test("header problems are reported for workbooks too")
    func headerProblems() throws {
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c></row>
            """, sharedStrings: ["电话", "住址", "138"])
        let problem = ImportFixture.problem { _ = try ImportFixture.read(data) }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("必填列缺失：姓名") == true)
    }

    @Test("a shared-string index past the table is a damaged file")
    func badSharedStringIndex() throws {
        let data = try ImportFixture.xlsx(sheetData: """
            <row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row>
            """, sharedStrings: ["姓名"])
        let problem = ImportFixture.problem { _ = try ImportFixture.read(data) }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("XLSX 文件已损坏") == true)
    }

    @Test("a large sheet streams, and a handler error stops it early")
    func largeSheetStreams() throws {
        let count = 20_000
        var rows = #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#
        rows.reserveCapacity(count * 160)
        for index in 0..<count {
            let r = index + 2
            rows += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>居民\(index)</t></is></c>"
            rows += "<c r=\"B\(r)\" t=\"s\"><v>3</v></c><c r=\"C\(r)\"><v>\(13_800_000_000 + index)</v></c></row>"
        }
        let data = try ImportFixture.xlsx(sheetData: rows, sharedStrings: ["姓名", "住址", "手机号码", "乔口镇"])
        var seen = 0
        var last: ImportRow?
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let table = try TabularReader.read(data, kind: .people, mapping: [:]) { row in
                seen += 1
                last = row
            }
            #expect(table.rowCount == count)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("XLSX import: \(seen) rows from \(data.count) bytes in \(String(format: "%.2f", seconds)) s — "
              + "\(Int(Double(seen) / seconds)) rows/s")
        #expect(last == ImportRow(number: count + 1, fields: [
            "name": "居民\(count - 1)", "address": "乔口镇", "phone": "\(13_800_000_000 + count - 1)",
        ]))

        struct Stop: Error {}
        var before = 0
        #expect(throws: Stop.self) {
            _ = try TabularReader.read(data, kind: .people, mapping: [:]) { _ in
                before += 1
                if before == 10 { throw Stop() }
            }
        }
        #expect(before == 10)
    }
}
