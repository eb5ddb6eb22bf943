import SQLKit

/// "Column holds this text" as SQL, the same on both engines: the text as typed (`%`, `_` and `\`
/// are characters to find, not wildcards) and Latin letters in either case. SQLite's `LIKE` already
/// ignores ASCII case; PostgreSQL's does not, so there it is `ILIKE` — only for text with a Latin
/// letter, because `ILIKE` doubled the time of a Chinese village query that never needs it.
public enum SubstringMatch {
    /// `column LIKE '%text%'` (or `ILIKE`), with the pattern bound.
    public static func sql(_ column: String, _ text: String, engine: DatabaseEngine) -> SQLQueryString {
        let op = engine == .postgres && hasLatinLetter(text) ? "ILIKE" : "LIKE"
        return "\(unsafeRaw: column) \(unsafeRaw: op) \(bind: pattern(text)) ESCAPE '\\'"
    }

    /// The `LIKE` pattern of `text` anywhere in a value, its own `%`, `_` and `\` escaped.
    public static func pattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// Whether `text` holds a Latin letter, whose case a match ignores.
    public static func hasLatinLetter(_ text: String) -> Bool {
        text.utf8.contains { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }
}
