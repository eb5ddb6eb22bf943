import Foundation
import Testing
@testable import PinganCases

@Suite("Default catalogue")
struct CatalogueTests {
    /// The departments the brief names, written out independently of the catalogue.
    static let expectedDepartments: [String: String] = [
        "cgj": "城市管理局", "zjj": "住房和城乡建设局", "hbj": "生态环境分局", "slj": "水利局", "gaj": "公安分局",
        "sfj": "司法局", "yjj": "应急管理局", "mzj": "民政局", "jtj": "交通运输局", "scj": "市场监督管理局",
        "gdj": "供电公司", "wjj": "卫生健康局", "rsj": "人力资源和社会保障局", "zrj": "自然资源局",
    ]

    @Test func departmentsAreTheFourteenNamedOnesWithPinyinCodes() {
        let actual = Dictionary(DefaultCatalogue.departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        #expect(actual == Self.expectedDepartments)
        #expect(DefaultCatalogue.departments.count == Self.expectedDepartments.count)  // no duplicates
        for d in DefaultCatalogue.departments {
            #expect(d.code.allSatisfy { $0.isASCII && $0.isLowercase }, "\(d.code)")
        }
    }

    @Test func categoryCodesAreUniqueFourDigitsInKnownGroups() {
        let codes = DefaultCatalogue.categories.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect((20...40).contains(codes.count))
        let groupNames = ["01": "市容环境", "02": "宣传广告", "03": "施工管理", "04": "街面秩序", "05": "突发事件",
                          "06": "设施管理", "07": "矛盾纠纷", "08": "安全隐患", "09": "治安", "10": "民生服务", "99": "扩展"]
        for c in DefaultCatalogue.categories {
            #expect(c.code.count == 4 && c.code.allSatisfy(\.isASCII) && c.code.allSatisfy(\.isNumber), "\(c.code)")
            #expect(groupNames[c.groupCode] == c.group, "\(c.code) \(c.group)")
            #expect(c.code.suffix(2) != "00", "\(c.code)")
        }
        // Every group the brief lists has at least one category, and 9901 is 其他.
        #expect(Set(DefaultCatalogue.categories.map(\.groupCode)) == Set(groupNames.keys))
        #expect(DefaultCatalogue.category("9901")?.name == "其他")
    }

    @Test func policeAndDisputeCategoriesAreNeverPublic() {
        for c in DefaultCatalogue.categories {
            let sensitive = c.group == "治安" || c.group == "矛盾纠纷"
            #expect(c.isPublic == !sensitive, "\(c.code) \(c.name)")
        }
        #expect(DefaultCatalogue.categories.contains { $0.isPublic })
    }

    @Test func everyCategoryHasAKnownDepartmentAndEveryDepartmentIsUsed() {
        let codes = Set(Self.expectedDepartments.keys)
        for c in DefaultCatalogue.categories { #expect(codes.contains(c.departmentCode), "\(c.code) → \(c.departmentCode)") }
        #expect(Set(DefaultCatalogue.categories.map(\.departmentCode)) == codes)
        #expect(DefaultCatalogue.category("0901")?.departmentCode == "gaj")
        #expect(DefaultCatalogue.category("0701")?.departmentCode == "sfj")
    }

    @Test func limitsAreRealisticWorkingTimes() {
        let workingDay = 420
        for c in DefaultCatalogue.categories {
            #expect((workingDay...5 * workingDay).contains(c.normalLimitMinutes), "\(c.code) normal \(c.normalLimitMinutes)")
            #expect((120...240).contains(c.urgentLimitMinutes), "\(c.code) urgent \(c.urgentLimitMinutes)")
            #expect(c.limitMinutes(for: .normal) == c.normalLimitMinutes)
            #expect(c.limitMinutes(for: .urgent) == c.urgentLimitMinutes)
            #expect(c.limitMinutes(for: .urgent) < c.limitMinutes(for: .normal))
        }
    }

    @Test func descriptionsAreOneChineseSentence() {
        for c in DefaultCatalogue.categories {
            #expect(c.description.hasSuffix("。"), "\(c.code)")
            #expect(c.description.filter { $0 == "。" }.count == 1, "\(c.code)")
            #expect(c.description.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(c.code)")
            #expect(!c.name.isEmpty && c.description.count >= 8, "\(c.code)")
        }
        #expect(Set(DefaultCatalogue.categories.map(\.name)).count == DefaultCatalogue.categories.count)
    }

    @Test func lookupsAnswerNilForUnknownCodes() {
        #expect(DefaultCatalogue.category("0101")?.name == "暴露垃圾")
        #expect(DefaultCatalogue.category("0101")?.group == "市容环境")
        #expect(DefaultCatalogue.category("9999") == nil)
        #expect(DefaultCatalogue.category("") == nil)
        #expect(DefaultCatalogue.department("cgj")?.name == "城市管理局")
        #expect(DefaultCatalogue.department("xyz") == nil)
    }

    @Test func severityNamesAndCodableShapes() throws {
        #expect(EventSeverity.normal.chineseName == "一般")
        #expect(EventSeverity.urgent.chineseName == "紧急")
        #expect(EventSeverity.allCases.map(\.rawValue) == ["normal", "urgent"])
        let category = try #require(DefaultCatalogue.category("0302"))
        let data = try JSONEncoder().encode(category)
        #expect(try JSONDecoder().decode(EventCategory.self, from: data) == category)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["code", "name", "group", "departmentCode", "isPublic", "normalLimitMinutes",
                                     "urgentLimitMinutes", "description"])
        let department = Department(code: "cgj", name: "城市管理局")
        #expect(try JSONDecoder().decode(Department.self, from: JSONEncoder().encode(department)) == department)
    }
}
