import Foundation
import PinganKernel
import Testing

@Suite("Plate numbers (GA 36)")
struct IdentifierPlateTests {
    private func message(_ text: String) -> String? { identifierRejection { try PlateNumber.parse(text) } }

    @Test func ordinaryAndNewEnergy() throws {
        let ordinary = try PlateNumber.parse("湘B12345")
        #expect(ordinary.value == "湘B12345" && ordinary.kind == .ordinary && !ordinary.isNewEnergy)
        #expect(ordinary.province == "湘" && ordinary.authorityCode == "B")
        #expect(try PlateNumber.parse("京AB12C3").kind == .ordinary)

        let small = try PlateNumber.parse("湘AD12345")
        #expect(small.kind == .newEnergySmall && small.isNewEnergy)
        #expect(try PlateNumber.parse("湘AFA1234").kind == .newEnergySmall)
        let large = try PlateNumber.parse("湘A12345F")
        #expect(large.kind == .newEnergyLarge && large.isNewEnergy)
    }

    @Test func normalisesSeparatorsAndCase() throws {
        for text in [" 湘a·12345 ", "湘A 12345", "湘A-12345", "湘Ａ１２３４５"] {
            #expect(try PlateNumber.parse(text).value == "湘A12345", "\(text)")
        }
    }

    @Test func suffixPlates() throws {
        #expect(try PlateNumber.parse("湘A1234警").kind == .police)
        #expect(try PlateNumber.parse("湘A1234学").kind == .coach)
        #expect(try PlateNumber.parse("湘A1234挂").kind == .trailer)
        #expect(try PlateNumber.parse("粤Z1234港").kind == .hongKong)
        #expect(try PlateNumber.parse("粤Z1234澳").kind == .macau)
        #expect(message("湘Z1234港") == "港澳车牌应以“粤Z”开头")
        #expect(message("湘A123O警") == "车牌序号中不能使用字母 I 或 O")
    }

    @Test func rejectsEachRuleWithItsMessage() {
        #expect(message("") == "车牌号不能为空")
        #expect(message("湘A1234") == "车牌号应为 7 位（新能源车 8 位），实际为 6 位")
        #expect(message("湘A1234567") == "车牌号应为 7 位（新能源车 8 位），实际为 9 位")
        #expect(message("XA12345") == "第 1 位“X”不是省份简称")
        #expect(message("港A12345") == "第 1 位“港”不是省份简称")
        #expect(message("湘112345") == "第 2 位应为发牌机关代号（字母），实际为“1”")
        #expect(message("湘I12345") == "发牌机关代号不能为 I 或 O")
        #expect(message("湘O12345") == "发牌机关代号不能为 I 或 O")
        #expect(message("湘A1234O") == "车牌序号中不能使用字母 I 或 O")
        #expect(message("湘AD1234I") == "车牌序号中不能使用字母 I 或 O")
        #expect(message("湘A12#45") == "车牌序号只能使用数字和字母，不能包含“#”")
        let newEnergy = "新能源车牌序号格式错误：小型车为 D/F 加 1 位字母或数字再加 4 位数字，大型车为 5 位数字加 D/F"
        #expect(message("湘AZ12345") == newEnergy)   // Z is not a new-energy letter
        #expect(message("湘AD1234A") == newEnergy)   // small: last four must be digits
        #expect(message("湘A1234AD") == newEnergy)   // large: first five must be digits
        #expect(message("湘A12345A") == newEnergy)   // large: last must be D or F
    }

    @Test func everyProvinceAndAuthorityLetter() throws {
        let provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
        #expect(provinces.count == 31 && PlateNumber.provinces.count == 31)
        for province in provinces {
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
                let accepted = (try? PlateNumber.parse("\(province)\(letter)12345")) != nil
                #expect(accepted == (letter != "I" && letter != "O"))
            }
        }
    }

    @Test func codable() throws {
        let data = try JSONEncoder().encode(try PlateNumber.parse("湘AD12345"))
        #expect(try JSONDecoder().decode(PlateNumber.self, from: data).kind == .newEnergySmall)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlateNumber.self, from: Data(#""湘I12345""#.utf8)) }
    }
}
