import PinganKernel
import Testing

@Suite("Masking")
struct MaskingTests {
    @Test func shapesFromTheConventions() {
        #expect(Masking.residentId("430102198501011248") == "430***********1248")
        #expect(Masking.phone("13812341234") == "138****1234")
        #expect(Masking.residentId("430102850101124") == "430********1124")
    }

    @Test func otherValuesKeepOnlyTheirEnd() {
        #expect(Masking.phone("0731-22334455") == "*********4455")
        #expect(Masking.phone("+8613812341234") == "**********1234")
        #expect(Masking.documentNumber("E12345678") == "*****5678")
        #expect(Masking.phone("12345") == "***45")   // never more than half of a short value
        #expect(Masking.phone("1234") == "**34")
        #expect(Masking.phone("1") == "*")
        #expect(Masking.phone("") == "")
        #expect(Masking.residentId("张三丰的号码") == "***的号码")  // 6 characters: 3 shown
    }

    /// For any 18-character ID the middle 11 characters (birth date and sequence) are hidden
    /// and the length is kept.
    @Test func middleOfIDsIsAlwaysHidden() {
        var random = IdentifierTestRandom(state: 42)
        for _ in 0..<200 {
            let id = String((0..<18).map { _ in Character(String(random.next(10))) })
            let masked = Array(Masking.residentId(id))
            #expect(masked.count == 18)
            #expect(masked[3..<14].allSatisfy { $0 == "*" })
            #expect(String(masked.prefix(3)) == String(id.prefix(3)) && String(masked.suffix(4)) == String(id.suffix(4)))
        }
    }

    /// Queries kept in the audit log: ID- and phone-shaped digit runs masked, the rest kept.
    @Test func freeTextMasksIdentityShapedRuns() {
        #expect(Masking.freeText("430102198501011248") == "430***********1248")
        #expect(Masking.freeText("张三 43010219850101124x 住址") == "张三 430***********124x 住址")
        #expect(Masking.freeText("电话13812341234") == "电话138****1234")
        #expect(Masking.freeText("430102850101124") == "430********1124")
        // Not shaped like an ID or a mobile: kept (a grid code, a short number, 12 digits).
        #expect(Masking.freeText("430212100001001") == "430212100001001")
        #expect(Masking.freeText("网格 12 号 430212100201") == "网格 12 号 430212100201")
        #expect(Masking.freeText("23812341234") == "23812341234")
    }
}
