import Foundation

/// Clean-up shared by every identifier parser. Department exports and phones typed with a Chinese
/// input method often carry full-width forms (`４３０１`, `Ｘ`), ideographic spaces and byte-order
/// marks; they are the same identifier and must not be rejected or stored twice.
public enum IdentifierText {
    /// Maps full-width ASCII forms to ASCII, drops zero-width characters and trims whitespace.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
            case 0x3000: scalars.append(" ")
            case 0xFEFF, 0x200B, 0x200C, 0x200D: continue
            default: scalars.append(scalar)
            }
        }
        // Trimmed by scalar: White_Space is exactly the set `.whitespacesAndNewlines` names, without
        // Foundation's bridging cost (identifiers are parsed a million times in one import).
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...])
    }

    static func isDigit(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }

    static func isUppercaseLetter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return ascii >= 65 && ascii <= 90
    }

    /// The value of an ASCII digit character (callers check `isDigit` first).
    static func digitValue(_ c: Character) -> Int { Int(c.asciiValue ?? 48) - 48 }

    /// Integer value of a run of ASCII digits, nil when any character is not one.
    static func number<S: Sequence>(_ characters: S) -> Int? where S.Element == Character {
        var result = 0
        var any = false
        for c in characters {
            guard isDigit(c) else { return nil }
            result = result * 10 + digitValue(c)
            any = true
        }
        return any ? result : nil
    }
}
