/// PostgreSQL's search tokens: every window of two and of three scalars inside a run of
/// letters, digits and ideographs, each as one exact 63-bit integer (`a << 42 | b << 21 | c`,
/// `c` = 0 for a pair; scalars fit in 21 bits and no run holds U+0000). One GIN index over these
/// integers serves both two-character queries (one pair) and longer ones (their triples), where
/// pg_trgm and a bigram tsvector took two indexes — and an import paid for both. Integer keys
/// compare as integers, not through the server's collation, and the client computes them, so the
/// server only files them. Latin capitals are filed as small letters, so a credit code is found
/// whichever way it is typed (as SQLite's full-text tables find it); the text check after the index
/// ignores their case too (`SubstringMatch`).
public enum SearchTokens {
    /// The distinct tokens of `text`, ascending.
    public static func of(_ text: String) -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(text.unicodeScalars.count * 2)
        var a: UInt32 = 0, b: UInt32 = 0  // the two scalars before this one in the run; 0 = none
        for scalar in text.unicodeScalars {
            guard isWordScalar(scalar) else { a = 0; b = 0; continue }
            let c = folded(scalar.value)
            if b != 0 {
                out.append(code(b, c, 0))
                if a != 0 { out.append(code(a, b, c)) }
            }
            a = b
            b = c
        }
        out.sort()
        return dedupedSorted(out)
    }

    /// What a substring search for `q` asks of the index: each run of three or more scalars
    /// gives its triples, a two-scalar run its pair, a lone scalar nothing. `exact` when `q` is
    /// itself one run of two or three scalars: a body holding that token holds `q`, so no text
    /// check is needed. No tokens (one character, or only lone ones): the index cannot help.
    public static func query(_ q: String) -> (tokens: [Int64], exact: Bool) {
        var out: [Int64] = []
        var runs = 0, runLength = 0, scalars = 0
        var a: UInt32 = 0, b: UInt32 = 0
        var pair: Int64? = nil  // the current run's first pair, used only if the run stays two long
        func endRun() {
            if runLength == 2, let pair { out.append(pair) }
            if runLength > 0 { runs += 1 }
            runLength = 0; a = 0; b = 0; pair = nil
        }
        for scalar in q.unicodeScalars {
            scalars += 1
            guard isWordScalar(scalar) else { endRun(); continue }
            let c = folded(scalar.value)
            runLength += 1
            if runLength == 2 { pair = code(b, c, 0) }
            if runLength >= 3 { out.append(code(a, b, c)) }
            a = b
            b = c
        }
        let lastRun = runLength
        endRun()
        out.sort()
        let exact = runs == 1 && scalars == lastRun && (lastRun == 2 || lastRun == 3)
        return (dedupedSorted(out), exact && !out.isEmpty)
    }

    /// PostgreSQL's text form of an integer array, `{1,2,3}`, for COPY.
    public static func arrayLiteral(_ tokens: [Int64]) -> String {
        "{" + tokens.map(String.init).joined(separator: ",") + "}"
    }

    /// Letters, digits and ideographs; the common cases without a Unicode property lookup.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x4E00...0x9FFF: return true
        case 0...0x7F: return false
        default: return s.properties.isAlphabetic || s.properties.numericType != nil
        }
    }

    /// A–Z as a–z; every other scalar as it is.
    static func folded(_ v: UInt32) -> UInt32 { (0x41...0x5A).contains(v) ? v | 0x20 : v }

    static func code(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> Int64 {
        Int64(a) << 42 | Int64(b) << 21 | Int64(c)
    }

    private static func dedupedSorted(_ sorted: [Int64]) -> [Int64] {
        guard sorted.count > 1 else { return sorted }
        var out: [Int64] = [sorted[0]]
        out.reserveCapacity(sorted.count)
        for v in sorted.dropFirst() where v != out[out.count - 1] { out.append(v) }
        return out
    }
}
