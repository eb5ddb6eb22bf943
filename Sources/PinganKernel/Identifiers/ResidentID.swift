import Foundation

/// A citizen identity number (公民身份号码, GB 11643): 6-digit division code, birth date
/// `yyyymmdd`, 3-digit sequence (odd = male) and a check character. Hong Kong, Macau and Taiwan
/// residence permits (810000 / 820000 / 830000) share the layout and are accepted too.
///
/// `description` is masked (`430***********1234`) so an ID interpolated into a log line or a
/// message never leaks; use `value` where the full number is really needed.
public struct ResidentID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 18 characters, check character as uppercase `X`.
    public let value: String

    private init(validated value: String) { self.value = value }

    /// The GB/T 2260 county code the ID was issued under (may since have been abolished).
    public var divisionCode: String { String(value.prefix(6)) }

    /// Birth date from positions 7–14.
    public var birthDate: (year: Int, month: Int, day: Int) { GB11643.birthDate(Array(value)) }

    /// The 3-digit sequence (positions 15–17).
    public var sequence: Int { IdentifierText.number(Array(value)[14..<17]) ?? 0 }

    /// Odd sequence numbers are given to men, even ones to women.
    public var isMale: Bool { sequence % 2 == 1 }

    /// True for Hong Kong / Macau / Taiwan residence permits (810000 / 820000 / 830000).
    public var isResidencePermit: Bool { DivisionCodes.residencePermitCodes.contains(divisionCode) }

    /// `430***********1234`
    public var masked: String { Masking.residentId(value) }

    /// Masked on purpose: see the type's documentation.
    public var description: String { masked }

    /// Parses user input: trims, accepts full-width digits and a lowercase `x`, converts an old
    /// 15-digit number to 18 digits. Rejects a wrong length, non-digits, an unknown province, an
    /// impossible, pre-1900 or future birth date (future relative to `asOf`, default now, as a
    /// calendar day in China) and a wrong check character, each with its own Chinese message.
    public static func parse(_ text: String, field: String = "residentId", asOf: Date? = nil) throws -> ResidentID {
        if let id = parsePlain(text, asOf: asOf) { return id }
        let chars = GB11643.normalize(text)
        switch chars.count {
        case 0:
            throw Problem.invalid(field, "身份证号码不能为空")
        case 18:
            try GB11643.requireDigits(chars, field: field)
            try validateDivision(chars, field: field)
            try GB11643.validateBirthDate(chars, field: field, asOf: asOf)
            try GB11643.verifyCheck(chars, field: field)
            return ResidentID(validated: String(chars))
        case 15:
            return try parseFirstGeneration(chars, field: field, asOf: asOf)
        default:
            throw Problem.invalid(field, "身份证号码应为 18 位（旧版为 15 位），实际为 \(chars.count) 位")
        }
    }

    /// The common case on bytes — 18 ASCII characters, 17 digits then a digit or X, a mainland
    /// province, a real past birth date, the right check — so an import of a million rows does not
    /// pay for `Character` arrays. Nil sends anything else (and every error) down the full path,
    /// which accepts exactly the same IDs and words the messages.
    private static func parsePlain(_ text: String, asOf: Date?) -> ResidentID? {
        var digits = [Int](repeating: 0, count: 17)
        var last: UInt8 = 0
        var count = 0
        for byte in text.utf8 {
            guard count < 18 else { return nil }
            if count < 17 {
                guard byte >= 48 && byte <= 57 else { return nil }
                digits[count] = Int(byte - 48)
            } else {
                guard (byte >= 48 && byte <= 57) || byte == 88 || byte == 120 else { return nil }
                last = byte == 120 ? 88 : byte
            }
            count += 1
        }
        guard count == 18 else { return nil }
        let province = digits[0] * 10 + digits[1]
        // Hong Kong / Macau / Taiwan codes have their own rule: the full path checks them.
        guard province < 81 || province > 83, DivisionCodes.isProvince(String(province)) else { return nil }
        var sum = 0
        for i in 0..<17 { sum += digits[i] * GB11643.weights[i] }
        guard GB11643.checkCharacters[sum % 11].asciiValue == last else { return nil }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11], day = digits[12] * 10 + digits[13]
        guard (try? BirthDate.validate(year: year, month: month, day: day, field: "", asOf: asOf)) != nil else { return nil }
        return ResidentID(validated: last == 88 && text.utf8.last == 120 ? String(text.dropLast()) + "X" : text)
    }

    /// First-generation IDs (before 1999) have 15 digits: no century and no check character.
    /// They were issued to people born in the 1900s, so "19" is inserted and the check computed.
    private static func parseFirstGeneration(_ chars: [Character], field: String, asOf: Date?) throws -> ResidentID {
        for (index, c) in chars.enumerated() where !IdentifierText.isDigit(c) {
            throw Problem.invalid(field, "第 \(index + 1) 位“\(c)”不是数字（15 位旧号码应全为数字）")
        }
        let first17 = Array(chars[0..<6]) + ["1", "9"] + Array(chars[6..<15])
        try validateDivision(first17, field: field)
        try GB11643.validateBirthDate(first17, field: field, asOf: asOf)
        guard let check = GB11643.checkCharacter(first17) else {
            throw Problem.invalid(field, "身份证号码格式错误")
        }
        return ResidentID(validated: String(first17 + [check]))
    }

    /// Only the province is checked (see `DivisionCodes`); 81/82/83 only as whole permit codes.
    private static func validateDivision(_ chars: [Character], field: String) throws {
        let province = String(chars[0..<2])
        guard DivisionCodes.isProvince(province) else {
            throw Problem.invalid(field, "行政区划代码无效：前两位“\(province)”不是省级代码")
        }
        if ["81", "82", "83"].contains(province),
           !DivisionCodes.residencePermitCodes.contains(String(chars[0..<6])) {
            throw Problem.invalid(field, "港澳台居民居住证号码前 6 位应为 810000、820000 或 830000")
        }
    }

    /// The GB 11643 check character for 17 digits. Precondition: `first17` is 17 ASCII digits
    /// (a programming error otherwise; `parse` validates user input before computing it).
    public static func checkCharacter(for first17: String) -> Character {
        guard let check = GB11643.checkCharacter(Array(first17)) else {
            preconditionFailure("ResidentID.checkCharacter needs 17 ASCII digits")
        }
        return check
    }

    /// Builds an ID for demo data from its parts, completing the check character.
    /// Preconditions: `division` is 6 digits, `sequence` is 0...999, the date fits `yyyymmdd`.
    /// The result parses only if the division's province is real and the date is a real past day.
    public static func make(division: String, year: Int, month: Int, day: Int, sequence: Int) -> ResidentID {
        precondition(division.count == 6 && division.allSatisfy(IdentifierText.isDigit), "division must be 6 digits")
        precondition((0...999).contains(sequence), "sequence must be 0...999")
        precondition((0...9999).contains(year) && (1...12).contains(month) && (1...31).contains(day), "bad date")
        let first17 = division + String(format: "%04d%02d%02d%03d", year, month, day, sequence)
        return ResidentID(validated: first17 + String(checkCharacter(for: first17)))
    }

    /// Encodes the full value (storage and reveal); decoding validates like `parse`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try ResidentID.parse(text)
        } catch let problem as Problem {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem.errors.first?.message ?? problem.detail)
        }
    }
}
