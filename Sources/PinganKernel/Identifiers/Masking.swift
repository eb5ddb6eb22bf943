/// Display masks for personal data (conventions: "Personal data"). Every role sees these in
/// lists, search results, record pages, exports and logs; the full value only comes from an
/// audited reveal. Masks keep the length so columns line up and a reader sees what kind of
/// value it is.
public enum Masking {
    /// `430***********1234`: first 3 and last 4 characters of a 15- or 18-character ID; other
    /// values are masked like `documentNumber`.
    public static func residentId(_ s: String) -> String { documentNumber(s) }

    /// `138****1234` for an 11-digit mobile; any other value keeps only its last 4 characters.
    public static func phone(_ s: String) -> String {
        if s.count == 11, s.first == "1", s.allSatisfy(IdentifierText.isDigit) {
            return mask(s, head: 3, tail: 4)
        }
        return maskAllButEnd(s)
    }

    /// First 3 and last 4 characters of numbers of 15 or more characters (IDs, permits); only the
    /// last 4 of shorter ones (passports), so a short value is not mostly shown.
    public static func documentNumber(_ s: String) -> String {
        s.count >= 15 ? mask(s, head: 3, tail: 4) : maskAllButEnd(s)
    }

    /// Keeps the last 4 characters, or fewer so that at most half of a short value shows
    /// (a 4-character value is not "masked" by showing all 4).
    static func maskAllButEnd(_ s: String) -> String {
        mask(s, head: 0, tail: min(4, s.count / 2))
    }

    /// Replaces all but `head` leading and `tail` trailing characters with `*`.
    static func mask(_ s: String, head: Int, tail: Int) -> String {
        let chars = Array(s)
        guard chars.count > head + tail else { return String(repeating: "*", count: chars.count) }
        let hidden = chars.count - head - tail
        return String(chars.prefix(head)) + String(repeating: "*", count: hidden) + String(chars.suffix(tail))
    }
}
