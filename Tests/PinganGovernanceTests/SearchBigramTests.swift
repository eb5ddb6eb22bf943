import Foundation
import PinganGovernance
import Testing

/// The bigram tokens of the two-character search: the fast scalar path must give exactly what
/// the definition (distinct lower-cased two-character runs of letters and digits, in order) gives.
@Suite struct SearchBigramTests {
    /// The definition, over `Character`s, as the search index was first built.
    static func reference(_ text: String) -> String {
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

    /// Search rows keep only the narrowest of nested place names; every substring query of a name
    /// left out still matches the names kept.
    @Test func placeNamesInsideNarrowerOnesAreLeftOut() {
        let full = "渌口镇 渌口镇中片 渌口社区 渌口社区第1网格"
        let kept = BaseDataWriter(placeNames: ["g": full, "h": "朱亭镇 朱亭镇南片 龙潭村 龙潭村第2网格", "i": "雷打石镇 东片 石塘村"]).placeNames
        #expect(kept["g"] == "渌口镇中片 渌口社区第1网格")
        #expect(kept["h"] == "朱亭镇南片 龙潭村第2网格")
        #expect(kept["i"] == "雷打石镇 东片 石塘村")
        for name in full.split(separator: " ") {
            let c = Array(name)
            for a in 0..<c.count { for b in (a + 1)...c.count {
                #expect(kept["g"]!.contains(String(c[a..<b])), "“\(String(c[a..<b]))” no longer found")
            } }
        }
    }

    @Test func knownTextsGiveTheirBigrams() {
        #expect(BaseDataWriter.bigrams("张三 渌口镇") == "张三 渌口 口镇")
        #expect(BaseDataWriter.bigrams("AB-12ab") == "ab 12 2a")
        #expect(BaseDataWriter.bigrams("王五王五") == "王五 五王")
    }

    @Test func randomTextsMatchTheDefinition() {
        // ASCII, common ideographs, and characters outside the fast path (accents, combining marks,
        // a middle dot in minority names, full-width digits, CRLF, an Extension A ideograph).
        let alphabet: [String] = ["a", "B", "z", "Z", "0", "9", " ", "-", "#", "\r\n", "\t", "渌", "口", "镇", "一", "龥",
                                  "é", "e\u{301}", "·", "１", "㐀", "Ⅻ", "ß", "İ", "号", "X"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(BaseDataWriter.bigrams(text) == Self.reference(text), "\(text.debugDescription)")
        }
        // Texts the fast path takes (ASCII and common ideographs only) are covered on their own too.
        let plain = alphabet.filter { $0.unicodeScalars.allSatisfy { $0.isASCII || (0x4E00...0x9FFF).contains($0.value) } }
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in plain.randomElement(using: &generator)! }.joined()
            #expect(BaseDataWriter.bigrams(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}
