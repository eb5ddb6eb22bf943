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

extension Masking {
    /// Free text that may hold identity numbers (a search query, a list request's URI): each
    /// digit run shaped like a resident ID (18 characters, or the old 15, with a plausible birth
    /// date) or a mobile number (11 digits from 1) is masked as `documentNumber` / `phone`
    /// would mask it; the rest of the text is kept, so the auditor still sees what was asked.
    public static func freeText(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var i = 0
        while i < chars.count {
            guard IdentifierText.isDigit(chars[i]) else { out.append(chars[i]); i += 1; continue }
            var j = i
            while j < chars.count, IdentifierText.isDigit(chars[j]) { j += 1 }
            // A resident ID may end in its check character X.
            if j - i == 17, j < chars.count, chars[j] == "X" || chars[j] == "x" { j += 1 }
            let run = String(chars[i..<j])
            if looksLikeResidentID(run) {
                out += documentNumber(run)
            } else if run.count == 11, run.first == "1" {
                out += phone(run)
            } else {
                out += run
            }
            i = j
        }
        return out
    }

    /// 18 characters with a YYYYMMDD birth date from 1900 at 7–14, or 15 digits with YYMMDD at 7–12.
    static func looksLikeResidentID(_ run: String) -> Bool {
        let c = Array(run)
        func number(_ r: Range<Int>) -> Int? { Int(String(c[r])) }
        switch c.count {
        case 18:
            guard let y = number(6..<10), let m = number(10..<12), let d = number(12..<14) else { return false }
            return (1900...2099).contains(y) && (1...12).contains(m) && (1...31).contains(d)
        case 15:
            guard let m = number(8..<10), let d = number(10..<12) else { return false }
            return (1...12).contains(m) && (1...31).contains(d)
        default:
            return false
        }
    }
}
