import Foundation

/// The 18-character layout of GB 11643 (resident ID), also used by Hong Kong / Macau / Taiwan
/// residence permits and the 2023 foreigners' permanent-residence ID: 17 digits whose positions
/// 7–14 are a birth date, then an ISO 7064 MOD 11-2 check character.
enum GB11643 {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")

    /// Check character for 17 ASCII digits; nil for anything else.
    static func checkCharacter(_ first17: [Character]) -> Character? {
        guard first17.count == 17, first17.allSatisfy(IdentifierText.isDigit) else { return nil }
        var sum = 0
        for (c, weight) in zip(first17, weights) { sum += IdentifierText.digitValue(c) * weight }
        return checkCharacters[sum % 11]
    }

    /// Trims, accepts full-width forms and a lowercase `x`.
    static func normalize(_ text: String) -> [Character] {
        IdentifierText.normalize(text).map { $0 == "x" ? "X" : $0 }
    }

    /// Positions 1–17 must be digits, position 18 a digit or X; the message names the position.
    static func requireDigits(_ chars: [Character], field: String) throws {
        for (index, c) in chars.prefix(17).enumerated() where !IdentifierText.isDigit(c) {
            throw Problem.invalid(field, "第 \(index + 1) 位“\(c)”不是数字")
        }
        if let last = chars.last, chars.count == 18, !(IdentifierText.isDigit(last) || last == "X") {
            throw Problem.invalid(field, "第 18 位（校验位）应为数字或 X，实际为“\(last)”")
        }
    }

    /// Birth date at positions 7–14 of an 18-character number (digits already checked).
    static func birthDate(_ chars: [Character]) -> (year: Int, month: Int, day: Int) {
        (IdentifierText.number(chars[6..<10]) ?? 0,
         IdentifierText.number(chars[10..<12]) ?? 0,
         IdentifierText.number(chars[12..<14]) ?? 0)
    }

    static func validateBirthDate(_ chars: [Character], field: String, asOf: Date?) throws {
        let date = birthDate(chars)
        try BirthDate.validate(year: date.year, month: date.month, day: date.day, field: field, asOf: asOf)
    }

    /// Compares the 18th character with the one computed from the first 17.
    static func verifyCheck(_ chars: [Character], field: String) throws {
        guard let expected = checkCharacter(Array(chars.prefix(17))), let actual = chars.last else {
            throw Problem.invalid(field, "号码格式错误")
        }
        guard expected == actual else {
            throw Problem.invalid(field, "校验位错误：应为 \(expected)，实际为 \(actual)（请核对号码）")
        }
    }
}
