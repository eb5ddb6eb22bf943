import PinganKernel
import Testing

@Suite("Phone numbers")
struct IdentifierPhoneTests {
    private func message(_ text: String) -> String? { identifierRejection { try PhoneNumber.parse(text) } }

    @Test func mobilesAreStrippedToElevenDigits() throws {
        for text in ["13800138000", " 138 0013 8000 ", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
                     "0086 13800138000", "8613800138000", "１３８００１３８０００"] {
            #expect(try PhoneNumber.parse(text) == "13800138000", "\(text)")
        }
        for prefix in 3...9 { #expect(try PhoneNumber.parse("1\(prefix)912345678") == "1\(prefix)912345678") }
    }

    @Test func landlinesKeepTheirAreaCode() throws {
        let cases = [
            "0731-22334455": "0731-22334455", "(0731)22334455": "0731-22334455", "（0731）2233 4455": "0731-22334455",
            "073122334455": "0731-22334455", "+86 731 22334455": "0731-22334455", "010-62345678": "010-62345678",
            "01062345678": "010-62345678", "021 6234567": "021-6234567", "0733-8123456": "0733-8123456",
        ]
        for (text, expected) in cases { #expect(try PhoneNumber.parse(text) == expected, "\(text)") }
    }

    @Test func rejectsEachRuleWithItsMessage() {
        let mobile = "手机号码应为 11 位数字，以 13–19 开头"
        let landline = "固定电话应为区号加 7–8 位号码（号码不以 0 或 1 开头），如 0731-22334455"
        #expect(message("") == "电话号码不能为空")
        #expect(message("12800138000") == mobile)
        #expect(message("1380013800") == mobile)
        #expect(message("138001380001") == mobile)
        #expect(message("22334455") == "固定电话须带区号（如 0731-22334455），手机号码应以 1 开头")
        #expect(message("138 0013 800a") == "电话号码含有非法字符“a”")
        #expect(message("+1 415 555 0100") == "仅支持中国大陆号码（+86）")
        #expect(message("00-1-4155550100") == "仅支持中国大陆号码")
        #expect(message("011-62345678") == "区号“011”无效")
        #expect(message("010-12345678") == landline)
        #expect(message("0731-223344") == landline)
        #expect(message("0731-223344556") == landline)
    }
}
