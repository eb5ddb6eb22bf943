// CSV reading: RFC 4180 quoting, line endings, blank lines and row numbers, tab separation, and speed.
import Foundation
import PinganGovernance
import PinganKernel
import Testing

@Suite("Import CSV")
struct ImportCSVTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks; CRLF and a last line without newline")
    func quoting() throws {
        let text = "姓名,住址,电话\r\n"
            + "\"王, 五\",\"湖南省\"\"望城\"\"区\",\"138\"\r\n"
            + "李四,\"第一行\r\n第二行\",139\r\n"
            + "\"\",\"\"\"\",140"
        let (_, rows) = try ImportFixture.read(Data(text.utf8))
        #expect(rows.count == 3)
        #expect(rows[0] == ImportRow(number: 2, fields: ["name": "王, 五", "address": "湖南省\"望城\"区", "phone": "138"]))
        #expect(rows[1] == ImportRow(number: 3, fields: ["name": "李四", "address": "第一行\r\n第二行", "phone": "139"]))
        // An empty quoted name is omitted; a field that is one escaped quote is a quote.
        #expect(rows[2] == ImportRow(number: 4, fields: ["address": "\"", "phone": "140"]))
    }

    @Test("blank lines are skipped but still counted, as a spreadsheet numbers rows")
    func blankLines() throws {
        let text = "\n姓名,电话\n\n张三,1\n , \n\n李四,2\n\n"
        let (table, rows) = try ImportFixture.read(Data(text.utf8))
        #expect(rows.map(\.number) == [4, 7])
        #expect(rows.map { $0.fields["name"] } == ["张三", "李四"])
        #expect(table.rowCount == 2)
    }

    @Test("values are trimmed, empty cells omitted, =\"…\" unwrapped, short and long rows tolerated")
    func cellCleanup() throws {
        let text = "姓名,身份证号,电话,\n\u{3000}张三 ,=\"430102199001011234\",\t,多余\n李四\n"
        let (table, rows) = try ImportFixture.read(Data(text.utf8))
        #expect(table.header == ["姓名", "身份证号", "电话"])
        #expect(rows == [ImportRow(number: 2, fields: ["name": "张三", "residentId": "430102199001011234"]),
                         ImportRow(number: 3, fields: ["name": "李四"])])
    }

    @Test("LF-only and CR-only line endings")
    func lineEndings() throws {
        for newline in ["\n", "\r", "\r\n"] {
            let text = ["姓名,电话", "张三,1", "李四,2"].joined(separator: newline) + newline
            let (_, rows) = try ImportFixture.read(Data(text.utf8))
            #expect(rows.map { $0.fields["phone"] } == ["1", "2"], "newline \(Array(newline.utf8))")
        }
    }

    @Test("tab-separated when the header has tabs and no commas")
    func tabSeparated() throws {
        let text = "姓名\t住址\t电话\n张三\t长沙市, 望城区\t138\n"
        let (_, rows) = try ImportFixture.read(Data(text.utf8))
        #expect(rows == [ImportRow(number: 2, fields: ["name": "张三", "address": "长沙市, 望城区", "phone": "138"])])
    }

    @Test("a quote that is never closed is a 400 naming its row")
    func unclosedQuote() {
        let problem = ImportFixture.problem {
            _ = try ImportFixture.read(Data("姓名,住址\n张三,1\n李四,\"未闭合\n王五,3\n".utf8))
        }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("第 3 行") == true)
    }

    @Test("an error thrown by the row handler stops reading and comes out unchanged")
    func handlerErrorStops() {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try TabularReader.read(Data("姓名\n甲\n乙\n丙\n".utf8), kind: .people, mapping: [:]) { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    @Test("100,000 rows stream through in reasonable time")
    func largeFile() throws {
        var text = "姓名,公民身份号码,联系电话,网格编码,现住址,备注\n"
        text.reserveCapacity(100_000 * 90)
        for index in 0..<100_000 {
            text += "居民\(index),4301021990\(String(format: "%08d", index)),138\(String(format: "%08d", index)),"
            text += "430112001001001,\"乔口镇\(index % 97)号, 2 单元\",\n"
        }
        let data = Data(text.utf8)
        var count = 0
        var last: ImportRow?
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let table = try TabularReader.read(data, kind: .people, mapping: [:]) { row in
                count += 1
                last = row
            }
            #expect(table.rowCount == 100_000)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("CSV import: \(count) rows, \(data.count) bytes in \(String(format: "%.2f", seconds)) s — "
              + "\(Int(Double(count) / seconds)) rows/s")
        #expect(count == 100_000)
        #expect(last?.number == 100_001)
        #expect(last?.fields["residentId"] == "430102199000099999")
        #expect(last?.fields["address"] == "乔口镇\(99_999 % 97)号, 2 单元")
        #expect(seconds < 60)
    }
}
