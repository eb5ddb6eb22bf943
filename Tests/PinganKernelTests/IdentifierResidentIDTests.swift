import Foundation
import PinganKernel
import Testing

@Suite("Resident ID (GB 11643)")
struct IdentifierResidentIDTests {
    /// The public sample 11010519491231002X, by hand:
    ///   digits   1  1  0  1  0  5  1  9  4  9  1  2  3  1  0  0  2
    ///   weights  7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
    ///   products 7  9  0  5  0 20  2  9 24 27  7 18 30  5  0  0  4  → sum 167
    ///   167 mod 11 = 2 → "10X98765432"[2] = X
    @Test func publicSampleParses() throws {
        let products = [7, 9, 0, 5, 0, 20, 2, 9, 24, 27, 7, 18, 30, 5, 0, 0, 4]
        #expect(products.reduce(0, +) == 167 && 167 % 11 == 2)
        #expect(ResidentID.checkCharacter(for: "11010519491231002") == "X")
        #expect(referenceResidentCheck("11010519491231002") == "X")

        let id = try ResidentID.parse("11010519491231002X", asOf: identifierTestToday)
        #expect(id.value == "11010519491231002X")
        #expect(id.divisionCode == "110105")
        #expect(id.birthDate == (1949, 12, 31))
        #expect(id.sequence == 2)
        #expect(!id.isMale)
        #expect(!id.isResidencePermit)
    }

    @Test func normalisesInput() throws {
        let lower = try ResidentID.parse("  11010519491231002x\n", asOf: identifierTestToday)
        #expect(lower.value == "11010519491231002X")
        let fullWidth = try ResidentID.parse("１１０１０５１９４９１２３１００２ｘ", asOf: identifierTestToday)
        #expect(fullWidth == lower)
    }

    /// 430102850101124 → insert 19 → 43010219850101124:
    ///   digits   4  3  0  1  0  2  1  9  8  5  0  1  0  1  1  2  4
    ///   products 28 27 0  5  0  8  2  9 48 15  0  9  0  5  8  8  8  → sum 180
    ///   180 mod 11 = 4 → "10X98765432"[4] = 8
    @Test func convertsFifteenDigits() throws {
        #expect([28, 27, 0, 5, 0, 8, 2, 9, 48, 15, 0, 9, 0, 5, 8, 8, 8].reduce(0, +) % 11 == 4)
        let id = try ResidentID.parse("430102850101124", asOf: identifierTestToday)
        #expect(id.value == "430102198501011248")
        #expect(id.birthDate == (1985, 1, 1))
        #expect(!id.isMale)
        let odd = try ResidentID.parse("430102850101125", asOf: identifierTestToday)
        #expect(odd.value == "43010219850101125" + String(referenceResidentCheck("43010219850101125")))
        #expect(odd.isMale)
        #expect(identifierRejection { try ResidentID.parse("430102850230124") }?.contains("19850230 不是实际存在的日期") == true)
        #expect(identifierRejection { try ResidentID.parse("43010285010112X") }?.contains("15 位旧号码应全为数字") == true)
    }

    /// An otherwise valid 18-digit ID (correct check character) from its first 17 digits.
    private func valid(_ first17: String) -> String { first17 + String(referenceResidentCheck(first17)) }

    @Test func rejectsEachRuleWithItsMessage() {
        let today = identifierTestToday
        func message(_ text: String) -> String? { identifierRejection { try ResidentID.parse(text, asOf: today) } }

        #expect(message("") == "身份证号码不能为空")
        #expect(message("1101051949123100") == "身份证号码应为 18 位（旧版为 15 位），实际为 16 位")
        #expect(message("11010519491231A02X") == "第 15 位“A”不是数字")
        #expect(message("11010519491231002Y") == "第 18 位（校验位）应为数字或 X，实际为“Y”")
        #expect(message(valid("00010519491231002")) == "行政区划代码无效：前两位“00”不是省级代码")
        #expect(message(valid("91010519491231002")) == "行政区划代码无效：前两位“91”不是省级代码")
        #expect(message(valid("81123419491231002")) == "港澳台居民居住证号码前 6 位应为 810000、820000 或 830000")
        #expect(message(valid("11010519490230002")) == "出生日期无效：19490230 不是实际存在的日期")
        #expect(message(valid("11010519001229002")) == nil)
        #expect(message(valid("11010519000229002")) == "出生日期无效：19000229 不是实际存在的日期")  // 1900 is not a leap year
        #expect(message(valid("11010520000229002")) == nil)  // 2000 is
        #expect(message(valid("11010518991231002")) == "出生日期无效：18991231 早于 1900 年")
        #expect(message(valid("11010520260101002")) == nil)  // born "today"
        #expect(message(valid("11010520260102002")) == "出生日期无效：20260102 晚于当前日期")
        #expect(message("110105194912310021") == "校验位错误：应为 X，实际为 1（请核对号码）")
    }

    @Test func rejectionIsA400OnTheNamedField() throws {
        let problem = try #require(identifierProblem { try ResidentID.parse("123", field: "members[2].residentId") })
        #expect(problem.status == 400)
        #expect(problem.errors.map(\.field) == ["members[2].residentId"])
    }

    @Test func acceptsAbolishedCountyCodesAndPermits() throws {
        // Only the province is checked: a county part that is not in today's list still parses.
        #expect(try ResidentID.parse(valid("43999919700101003"), asOf: identifierTestToday).divisionCode == "439999")
        for code in ["810000", "820000", "830000"] {
            let id = try ResidentID.parse(valid(code + "19900101003"), asOf: identifierTestToday)
            #expect(id.isResidencePermit)
        }
    }

    @Test func descriptionIsMasked() throws {
        let id = try ResidentID.parse("11010519491231002X", asOf: identifierTestToday)
        #expect("\(id)" == "110***********002X")
        #expect(!"\(id)".contains("19491231"))
    }

    @Test func codableRoundTripAndValidation() throws {
        let id = try ResidentID.parse("11010519491231002X", asOf: identifierTestToday)
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["11010519491231002X"]"#)
        #expect(try JSONDecoder().decode([ResidentID].self, from: data) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ResidentID].self, from: Data(#"["110105194912310021"]"#.utf8))
        }
    }

    /// 1000 generated IDs over every province, real dates 1900–2025 and all sequences: each one
    /// parses back to itself with the parts it was made from and the reference check character.
    @Test func madeIDsRoundTrip() throws {
        let provinces = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                         "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71"]
        let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var random = IdentifierTestRandom(state: 0x9E37_79B9_7F4A_7C15)
        var seenChecks = Set<Character>()
        for _ in 0..<1000 {
            let division = provinces[random.next(provinces.count)] + String(format: "%04d", random.next(10_000))
            let year = 1900 + random.next(126)
            let month = 1 + random.next(12)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let day = 1 + random.next(monthDays[month - 1] + (month == 2 && leap ? 1 : 0))
            let sequence = random.next(1000)
            let made = ResidentID.make(division: division, year: year, month: month, day: day, sequence: sequence)
            let parsed = try ResidentID.parse(made.value.lowercased(), asOf: identifierTestToday)
            #expect(parsed == made)
            #expect(parsed.divisionCode == division)
            #expect(parsed.birthDate == (year, month, day))
            #expect(parsed.sequence == sequence && parsed.isMale == (sequence % 2 == 1))
            let check = try #require(made.value.last)
            #expect(check == referenceResidentCheck(String(made.value.prefix(17))))
            seenChecks.insert(check)
        }
        #expect(seenChecks.count == 11)  // every check character, X included, was exercised
    }
}
