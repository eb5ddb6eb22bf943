/// The tokens of the two-character search: the distinct two-character runs of letters, digits
/// and ideographs of a text, lower-cased, in order of first appearance, space separated. Here
/// (not beside the search) because SQLite computes them too, as `pingan_bigrams(text)`, when
/// large imports write their search rows in one statement.
public enum SearchBigrams {
    /// The bigram tokens of `text`.
    public static func of(_ text: String) -> String {
        fastBigrams(text) ?? characterBigrams(text)
    }

    /// `of` for text of ASCII and common CJK ideographs only (names, addresses, place names),
    /// where every character is one scalar whose case and letter-or-digit class are plain:
    /// scalars and integer keys instead of `Character`s and strings. Nil for any other text.
    static func fastBigrams(_ text: String) -> String? {
        // Names and addresses give a few dozen bigrams: a linear scan of packed pairs beats hashing.
        var seen: [UInt64] = []
        seen.reserveCapacity(32)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        var previous: UInt32? = nil
        for scalar in text.unicodeScalars {
            var c = scalar.value
            switch c {
            case 0x41...0x5A: c += 0x20
            case 0x61...0x7A, 0x30...0x39, 0x4E00...0x9FFF: break
            case 0...0x7F: previous = nil; continue
            default: return nil
            }
            if let p = previous {
                let pair = UInt64(p) << 32 | UInt64(c)
                if !seen.contains(pair) {
                    seen.append(pair)
                    if !out.isEmpty { out.append(0x20) }
                    appendUTF8(p, to: &out)
                    appendUTF8(c, to: &out)
                }
            }
            previous = c
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII as one byte, the ideographs of the fast path as three.
    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    static func characterBigrams(_ text: String) -> String {
        var seen = Set<String>()
        var out: [String] = []
        var previous: Character? = nil
        for c in text.lowercased() {
            guard c.isLetter || c.isNumber else { previous = nil; continue }
            if let p = previous {
                let gram = String([p, c])
                if seen.insert(gram).inserted { out.append(gram) }
            }
            previous = c
        }
        return out.joined(separator: " ")
    }
}
