// Header mapping of import files: department headers, API names, overrides, and the header problems.
import Foundation
import PinganGovernance
import PinganKernel
import Testing

@Suite("Import headers")
struct ImportHeaderTests {
    private func csv(_ text: String) -> Data { Data(text.utf8) }

    @Test("Chinese department headers map to people fields")
    func chinesePeopleHeaders() throws {
        let file = csv("""
            姓名,公民身份号码,联系电话,网格编码,现住址,户号,与户主关系,人口类型,性别,出生日期,外出地点,外出原因,工作单位信用代码,备注
            张三,430102199001011234,13800138000,430112001001001,乔口镇一号,H001,户主,户籍,男,1990-01-01,广州,务工,91430100MA4L000000,无
            """)
        let (table, rows) = try ImportFixture.read(file)
        #expect(table.mapped["姓名"] == "name")
        #expect(table.mapped["公民身份号码"] == "residentId")
        #expect(table.unmappedHeaders == ["备注"])
        #expect(table.header.count == 14)
        #expect(rows == [ImportRow(number: 2, fields: [
            "name": "张三", "residentId": "430102199001011234", "phone": "13800138000", "grid": "430112001001001",
            "address": "乔口镇一号", "householdNumber": "H001", "relationToHead": "户主", "residency": "户籍",
            "sex": "男", "birthDate": "1990-01-01", "awayPlace": "广州", "awayReason": "务工",
            "workplaceCreditCode": "91430100MA4L000000",
        ])])
    }

    @Test("organisation, house and household headers use their own aliases")
    func otherKinds() {
        #expect(ImportFields.field(forHeader: "单位名称", kind: .organisations) == "name")
        #expect(ImportFields.field(forHeader: "企业名称", kind: .organisations) == "name")
        #expect(ImportFields.field(forHeader: "统一社会信用代码", kind: .organisations) == "creditCode")
        #expect(ImportFields.field(forHeader: "负责人", kind: .organisations) == "legalRepresentative")
        #expect(ImportFields.field(forHeader: "经度", kind: .houses) == "lng")
        #expect(ImportFields.field(forHeader: "房主", kind: .houses) == "ownerName")
        #expect(ImportFields.field(forHeader: "户主身份证号", kind: .households) == "headResidentId")
        // 名称 is an organisation's name, not a person's; people have no creditCode.
        #expect(ImportFields.field(forHeader: "名称", kind: .people) == nil)
        #expect(ImportFields.field(forHeader: "统一社会信用代码", kind: .people) == nil)
    }

    @Test("every field's own name maps to itself, in any case and with full-width or BOM noise")
    func apiNamesAndNoise() {
        for kind in ImportKind.allCases {
            for field in ImportFields.fields(for: kind) {
                #expect(ImportFields.field(forHeader: field, kind: kind) == field)
                #expect(ImportFields.field(forHeader: " \u{FEFF}" + field.uppercased() + "\u{3000}", kind: kind) == field)
            }
        }
        // Full-width Latin letters (ｒｅｓｉｄｅｎｔＩｄ) and a required-column mark.
        #expect(ImportFields.field(forHeader: "ｒｅｓｉｄｅｎｔＩｄ", kind: .people) == "residentId")
        #expect(ImportFields.field(forHeader: "*姓名", kind: .people) == "name")
        #expect(ImportFields.field(forHeader: "姓名（必填）", kind: .people) == "name")
        #expect(ImportFields.field(forHeader: "姓 名", kind: .people) == "name")
        #expect(ImportFields.field(forHeader: "籍贯", kind: .people) == nil)
    }

    @Test("required fields are fields of their kind")
    func requiredAreFields() {
        for kind in ImportKind.allCases {
            #expect(!ImportFields.required(for: kind).isEmpty)
            #expect(Set(ImportFields.required(for: kind)).isSubset(of: ImportFields.fields(for: kind)))
        }
    }

    @Test("a missing required column is a 400 naming it")
    func missingRequired() {
        let problem = ImportFixture.problem { _ = try ImportFixture.read(self.csv("身份证号,电话\n430102199001011234,138\n")) }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("必填列缺失") == true)
        #expect(problem?.detail.contains("姓名") == true)
        #expect(problem?.errors.map(\.field) == ["name"])

        let organisations = ImportFixture.problem {
            _ = try ImportFixture.read(self.csv("统一社会信用代码\n91430100MA4L000000\n"), kind: .organisations)
        }
        #expect(organisations?.detail.contains("单位名称") == true)
    }

    @Test("a header that appears twice is a 400 naming it, even with different spacing")
    func duplicateHeader() {
        let problem = ImportFixture.problem { _ = try ImportFixture.read(self.csv("姓名,电话,电话 \n张三,1,2\n")) }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("表头 电话 重复") == true)
    }

    @Test("two different headers for one field are refused until mapping picks one")
    func twoHeadersOneField() throws {
        let file = csv("姓名,身份证号,公民身份号码\n张三,430102199001011234,430102199001011235\n")
        let problem = ImportFixture.problem { _ = try ImportFixture.read(file) }
        #expect(problem?.status == 400)
        #expect(problem?.detail.contains("身份证号") == true)
        #expect(problem?.detail.contains("公民身份号码") == true)

        let (table, rows) = try ImportFixture.read(file, mapping: ["身份证号": ""])
        #expect(rows.first?.fields["residentId"] == "430102199001011235")
        #expect(table.mapped["身份证号"] == nil)
    }

    @Test("mapping overrides aliases, maps unknown headers and may name fields by alias")
    func mappingOverride() throws {
        let file = csv("姓名,曾用名,手机,居住地址\n张三,张叁,13800138000,乔口镇\n")
        // 姓名 would be name; the override sends it elsewhere and takes name from 曾用名.
        let (table, rows) = try ImportFixture.read(file, mapping: [
            "曾用名": "name", "姓名": "", "手机": "联系电话", "居住地址": "address", "不在文件里的列": "phone",
        ])
        #expect(rows == [ImportRow(number: 2, fields: ["name": "张叁", "phone": "13800138000", "address": "乔口镇"])])
        #expect(table.mapped == ["曾用名": "name", "手机": "phone", "居住地址": "address"])
        #expect(table.unmappedHeaders.isEmpty)
    }

    @Test("a mapping to a field the kind does not have is a 400")
    func mappingToUnknownField() {
        let problem = ImportFixture.problem {
            _ = try ImportFixture.read(self.csv("姓名,级别\n张三,1\n"), mapping: ["级别": "rank"])
        }
        #expect(problem?.status == 400)
        #expect(problem?.errors.first?.field == "mapping")
        #expect(problem?.detail.contains("rank") == true)
    }

    @Test("a file without any non-blank line has no header")
    func noHeader() {
        for text in ["", "\n\n", " , ,\n"] {
            let problem = ImportFixture.problem { _ = try ImportFixture.read(self.csv(text)) }
            #expect(problem?.status == 400)
            #expect(problem?.detail.contains("缺少表头") == true)
        }
    }
}
