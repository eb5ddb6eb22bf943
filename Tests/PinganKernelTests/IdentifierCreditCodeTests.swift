import Foundation
import PinganKernel
import Testing

@Suite("Unified social credit code (GB 32100)")
struct IdentifierCreditCodeTests {
    /// 91350100M000100Y43, the widely published sample, by hand (M = 21, Y = 30 in
    /// 0-9 A-H J-N P-R T-U W-Y):
    ///   values   9  1  3   5  0  1  0  0   M  0  0  0  1  0  0   Y   4
    ///   weights  1  3  9  27 19 26 16 17  20 29 25 13  8 24 10  30  28
    ///   products 9  3 27 135  0 26  0  0 420  0  0  0  8  0  0 900 112 → sum 1640
    ///   1640 mod 31 = 28 → 31 − 28 = 3
    @Test func publishedSample() throws {
        #expect([9, 3, 27, 135, 0, 26, 0, 0, 420, 0, 0, 0, 8, 0, 0, 900, 112].reduce(0, +) == 1640)
        #expect(31 - 1640 % 31 == 3)
        #expect(referenceCreditCheck("91350100M000100Y4") == "3")
        #expect(CreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
        let code = try CreditCode.parse("91350100M000100Y43")
        #expect(code.value == "91350100M000100Y43")
        #expect(code.divisionCode == "350100")
        #expect(code.organizationCode == "M000100Y4")
        #expect(code.registrationAuthority == "9")
        #expect(try CreditCode.parse(" 91350100m000100y43 ") == code)
    }

    @Test func rejectsEachRuleWithItsMessage() {
        func message(_ text: String) -> String? { identifierRejection { try CreditCode.parse(text) } }
        func withCheck(_ first17: String) -> String { first17 + String(referenceCreditCheck(first17)) }
        #expect(message("") == "统一社会信用代码不能为空")
        #expect(message("91350100M000100Y4") == "统一社会信用代码应为 18 位，实际为 17 位")
        #expect(message("91350100M0001I0Y43") == "第 14 位“I”不是合法字符（只能是数字和除 I、O、S、V、Z 以外的大写字母）")
        #expect(message(withCheck("9135A100M000100Y4")) == "第 3–8 位“35A100”不是有效的行政区划代码")
        #expect(message(withCheck("91990100M000100Y4")) == "第 3–8 位“990100”不是有效的行政区划代码")
        #expect(message(withCheck("11100000000013127")) == nil)  // central registrations use 100000
        #expect(message("91350100M000100Y44") == "校验位错误：应为 3，实际为 4（请核对代码）")
    }

    @Test func checkCharacterNeedsSeventeenLegalSymbols() {
        #expect(CreditCode.checkCharacter(for: "91350100M000100Y") == nil)
        #expect(CreditCode.checkCharacter(for: "91350100M000100Z4") == nil)
        #expect(CreditCode.make(first17: "91350100O000100Y4") == nil)
        #expect(CreditCode.make(first17: "91350100M000100Y4")?.value == "91350100M000100Y43")
    }

    /// Random bodies over the whole alphabet: `make` completes them as the reference does and
    /// they parse; a changed check character is always caught.
    @Test func madeCodesRoundTrip() throws {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var random = IdentifierTestRandom(state: 0xC0FF_EE12_3456_789A)
        var checks = Set<Character>()
        for _ in 0..<1000 {
            let head = String((0..<2).map { _ in alphabet[random.next(31)] })
            let division = "43" + String(format: "%04d", random.next(10_000))
            let tail = String((0..<9).map { _ in alphabet[random.next(31)] })
            let first17 = head + division + tail
            let made = try #require(CreditCode.make(first17: first17))
            #expect(made.value == first17 + String(referenceCreditCheck(first17)))
            #expect(try CreditCode.parse(made.value) == made)
            let other = alphabet[(alphabet.firstIndex(of: made.value.last!)! + 1 + random.next(30)) % 31]
            #expect(identifierRejection { try CreditCode.parse(first17 + String(other)) }?.hasPrefix("校验位错误") == true)
            checks.insert(made.value.last!)
        }
        #expect(checks.count == 31)
    }
}
