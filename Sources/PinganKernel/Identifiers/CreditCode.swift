import Foundation

/// A unified social credit code (统一社会信用代码, GB 32100): registration authority (1),
/// organisation category (1), division code (6), organisation code (9, GB 11714) and a check
/// character, over 31 symbols (digits and capitals without I, O, S, V, Z).
public struct CreditCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 18 characters, uppercase.
    public let value: String

    private init(validated value: String) { self.value = value }

    /// The 31 symbols in value order: a character's index is its value in the check sum.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let symbolValues: [Character: Int] =
        Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// The registering authority (character 1: 1 机构编制, 5 民政, 9 市场监管/工商, Y 其他, …).
    public var registrationAuthority: Character { value.first ?? "?" }

    /// The GB/T 2260 division code (characters 3–8).
    public var divisionCode: String { String(Array(value)[2..<8]) }

    /// The GB 11714 organisation code (characters 9–17).
    public var organizationCode: String { String(Array(value)[8..<17]) }

    /// Codes of organisations are public, so this is the full value.
    public var description: String { value }

    /// The check character for 17 legal symbols, nil when `first17` has another length or a
    /// character outside the alphabet.
    public static func checkCharacter(for first17: String) -> Character? {
        checkCharacter(Array(first17))
    }

    private static func checkCharacter(_ chars: [Character]) -> Character? {
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (c, weight) in zip(chars, weights) {
            guard let v = symbolValues[c] else { return nil }
            sum += v * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Completes a code from its first 17 characters (demo data); nil when they would not parse.
    public static func make(first17: String) -> CreditCode? {
        guard let check = checkCharacter(for: first17) else { return nil }
        return try? parse(first17 + String(check))
    }

    /// Parses user input (trimmed, full-width and lowercase accepted). Rejects a wrong length,
    /// a character outside the alphabet, a division code that is not 6 digits of a real province
    /// (or 10, central registrations) and a wrong check character, each with a Chinese message.
    public static func parse(_ text: String, field: String = "creditCode") throws -> CreditCode {
        let normalized = IdentifierText.normalize(text)
        guard !normalized.isEmpty else { throw Problem.invalid(field, "统一社会信用代码不能为空") }
        // Uppercase ASCII only: uppercasing other letters could change the length ("ß" → "SS").
        let chars = normalized.map { c -> Character in
            c.isASCII ? Character(c.uppercased()) : c
        }
        guard chars.count == 18 else {
            throw Problem.invalid(field, "统一社会信用代码应为 18 位，实际为 \(chars.count) 位")
        }
        for (index, c) in chars.enumerated() where symbolValues[c] == nil {
            throw Problem.invalid(field, "第 \(index + 1) 位“\(c)”不是合法字符（只能是数字和除 I、O、S、V、Z 以外的大写字母）")
        }
        let division = chars[2..<8]
        guard division.allSatisfy(IdentifierText.isDigit),
              DivisionCodes.isProvince(String(division.prefix(2))) || division.prefix(2) == ["1", "0"] else {
            throw Problem.invalid(field, "第 3–8 位“\(String(division))”不是有效的行政区划代码")
        }
        guard let expected = checkCharacter(Array(chars.prefix(17))), let actual = chars.last else {
            throw Problem.invalid(field, "统一社会信用代码格式错误")
        }
        guard expected == actual else {
            throw Problem.invalid(field, "校验位错误：应为 \(expected)，实际为 \(actual)（请核对代码）")
        }
        return CreditCode(validated: String(chars))
    }

    /// Encodes `value` as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Decoding validates like `parse`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CreditCode.parse(text)
        } catch let problem as Problem {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem.errors.first?.message ?? problem.detail)
        }
    }
}
