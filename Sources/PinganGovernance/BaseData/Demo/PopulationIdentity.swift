import Foundation
import PinganKernel

/// Identity numbers for the demo: resident IDs (GB 11643), residence permits and foreigners'
/// permanent-residence IDs (same layout and check), mobile phones and credit codes (GB 32100),
/// each unique across the population. IDs are written byte by byte — the same digits as
/// `ResidentID.make`, which formats through `String(format:)` and is too slow for 3 × 10⁵ calls.
struct PopulationIdentity {
    /// Zhuzhou County's code, abolished in 2018 but printed on most residents' IDs for life.
    static let oldCountyCode = 430_221
    /// Lukou district's code, given to those born after the 2018 change.
    static let districtCode = 430_212
    /// Born in this year or later → the district's new code.
    static let newCodeFromYear = 2019

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432".utf8)

    private var usedIdentities = Set<UInt64>()
    private var usedPhones = Set<UInt64>()
    private var usedCreditCodes = Set<String>()

    /// A fresh 18-character number from a 6-digit `division` (or `9PPNNN` for foreigners), a
    /// birth day and the sex; the sequence is drawn until the number is unused.
    mutating func residentNumber(division: Int, birthDay: Int, male: Bool, dice: inout PopulationDice) -> String {
        let compact = PopulationCalendar.compactDay(birthDay)
        let base = UInt64(division) * 100_000_000_000 + UInt64(compact) * 1000
        var sequence = 0
        for attempt in 0..<2000 {
            // Low sequences first by police-station habit; widen on collisions.
            let half = attempt < 50 ? dice.below(300) : dice.below(500)
            sequence = half * 2 + (male ? 1 : 0)
            if usedIdentities.insert(base + UInt64(sequence)).inserted { break }
        }
        return Self.number(division: division, compactDay: compact, sequence: sequence)
    }

    /// The 18 characters for given parts, check character included.
    static func number(division: Int, compactDay: Int, sequence: Int) -> String {
        var bytes = [UInt8](repeating: 0x30, count: 18)
        PopulationText.writeDigits(&bytes, at: 0, value: division, width: 6)
        PopulationText.writeDigits(&bytes, at: 6, value: compactDay, width: 8)
        PopulationText.writeDigits(&bytes, at: 14, value: sequence, width: 3)
        var sum = 0
        for i in 0..<17 { sum += Int(bytes[i] - 0x30) * weights[i] }
        bytes[17] = checkCharacters[sum % 11]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Mainland mobile prefixes (China Mobile, Unicom, Telecom), as seen in Hunan.
    private static let mobilePrefixes = [134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 157, 158, 159, 173, 177,
                                         180, 181, 182, 183, 186, 187, 188, 189, 191, 193, 195, 198, 199, 130, 131,
                                         132, 133, 153, 155, 156, 166, 175, 176, 185]

    /// A unique 11-digit mobile number.
    mutating func mobile(dice: inout PopulationDice) -> String {
        var value: UInt64 = 0
        repeat {
            value = UInt64(dice.pick(Self.mobilePrefixes)) * 100_000_000 + UInt64(dice.below(100_000_000))
        } while !usedPhones.insert(value).inserted
        return PopulationText.code("", Int(value), width: 11)
    }

    /// A Zhuzhou landline (area code 0731, 8-digit local number starting 2).
    static func landline(dice: inout PopulationDice) -> String {
        PopulationText.code("0731-2", dice.below(10_000_000), width: 7)
    }

    /// GB 11714 weights for the 9-character organisation code inside a credit code.
    private static let organisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// A unique credit code: registration authority and category (`"91"` enterprise, `"92"` sole
    /// trader, `"93"` co-operative, `"12"` public institution, `"51"`/`"52"` social organisation),
    /// division, an 8-digit organisation body with its GB 11714 check, and the GB 32100 check.
    mutating func creditCode(category: String, division: Int, dice: inout PopulationDice) -> String? {
        for _ in 0..<100 {
            var body = [UInt8](repeating: 0x30, count: 8)
            PopulationText.writeDigits(&body, at: 0, value: 10_000_000 + dice.below(89_999_999), width: 8)
            var sum = 0
            for i in 0..<8 { sum += Int(body[i] - 0x30) * Self.organisationCodeWeights[i] }
            let check = 11 - sum % 11
            let checkByte: UInt8 = check == 11 ? 0x30 : check == 10 ? 0x58 : UInt8(0x30 + check)
            let first17 = category + PopulationText.decimal(division) + String(decoding: body + [checkByte], as: UTF8.self)
            guard let code = CreditCode.make(first17: first17) else { return nil }
            if usedCreditCodes.insert(code.value).inserted { return code.value }
        }
        return nil
    }
}
