import Foundation
import PinganKernel
import Testing

@Suite("Person documents")
struct IdentifierDocumentTests {
    private func parse(_ type: DocumentType, _ number: String?) throws -> PersonDocument {
        try PersonDocument.parse(type: type, number: number, field: "document", asOf: identifierTestToday)
    }

    private func message(_ type: DocumentType, _ number: String?) -> String? {
        identifierRejection { try parse(type, number) }
    }

    private func withCheck(_ first17: String) -> String { first17 + String(referenceResidentCheck(first17)) }

    @Test func residentIdIsNormalised() throws {
        let document = try parse(.residentId, " 11010519491231002x ")
        #expect(document == PersonDocument(type: .residentId, number: "11010519491231002X"))
        #expect(try parse(.residentId, "430102850101124").number == "430102198501011248")
        #expect(document.maskedNumber == "110***********002X")
    }

    @Test func permitsAndResidentIdsDoNotMix() throws {
        let permit = withCheck("81000019900101003")
        #expect(try parse(.hkMacaoTaiwanPermit, permit).number == permit)
        #expect(message(.residentId, permit) == "该号码是港澳台居民居住证号码，证件类型应选“港澳台居民居住证”")
        #expect(message(.hkMacaoTaiwanPermit, "11010519491231002X") == "港澳台居民居住证号码应以 810000、820000 或 830000 开头")
    }

    /// 9 + issuing province 31 + nationality 840 + 19800101 + sequence 001 + check.
    @Test func foreignPermanentResident() throws {
        let number = withCheck("93184019800101001")
        #expect(try parse(.foreignPermanentResident, number.lowercased()).number == number)
        #expect(message(.foreignPermanentResident, "9318401980010100") == "外国人永久居留身份证号码应为 18 位，实际为 16 位")
        #expect(message(.foreignPermanentResident, "11010519491231002X") == "外国人永久居留身份证号码应以 9 开头")
        #expect(message(.foreignPermanentResident, withCheck("99984019800101001")) == "第 2–3 位“99”不是受理地省级代码")
        #expect(message(.foreignPermanentResident, withCheck("93184019800231001")) == "出生日期无效：19800231 不是实际存在的日期")
        let wrong: Character = referenceResidentCheck("93184019800101001") == "0" ? "1" : "0"
        #expect(message(.foreignPermanentResident, "93184019800101001" + String(wrong))?.hasPrefix("校验位错误：应为 \(referenceResidentCheck("93184019800101001"))") == true)
    }

    @Test func passport() throws {
        #expect(try parse(.passport, " e12345678 ").number == "E12345678")
        #expect(try parse(.passport, "E1234").number == "E1234")
        #expect(try parse(.passport, String(repeating: "A", count: 17)).number?.count == 17)
        for bad in ["E123", String(repeating: "A", count: 18), "E1234567中", "E1234-5678", "Eßß12"] {
            #expect(message(.passport, bad) == "护照号码应为 5–17 位字母或数字", "\(bad)")
        }
    }

    @Test func noneAndMissingNumbers() throws {
        #expect(try parse(.none, nil) == PersonDocument(type: .none, number: nil))
        #expect(try parse(.none, "  ") == PersonDocument(type: .none, number: nil))
        #expect(message(.none, "E12345678") == "证件类型为“无”时不应填写证件号码")
        #expect(message(.residentId, nil) == "居民身份证号码不能为空")
        #expect(message(.passport, "") == "护照号码不能为空")
    }

    @Test func typeLabels() {
        #expect(DocumentType(label: "身份证") == .residentId)
        #expect(DocumentType(label: "passport") == .passport)
        #expect(DocumentType(label: "港澳台居民居住证") == .hkMacaoTaiwanPermit)
        #expect(DocumentType(label: "驾驶证") == nil)
        for type in DocumentType.allCases { #expect(DocumentType(label: type.displayName) == type) }
    }

    @Test func decodingValidates() throws {
        let good = Data(#"{"type":"passport","number":"e12345678"}"#.utf8)
        #expect(try JSONDecoder().decode(PersonDocument.self, from: good).number == "E12345678")
        let bad = Data(#"{"type":"residentId","number":"110105194912310021"}"#.utf8)
        let problem = identifierProblem { try JSONDecoder().decode(PersonDocument.self, from: bad) }
        #expect(problem?.errors.first?.message.hasPrefix("校验位错误") == true)
    }
}
