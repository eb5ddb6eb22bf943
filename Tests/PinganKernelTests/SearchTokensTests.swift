import Testing
@testable import PinganKernel

@Suite("Search tokens (PostgreSQL's integer pairs and triples)")
struct SearchTokensTests {
    static func code(_ s: String) -> Int64 {
        let v = s.unicodeScalars.map(\.value)
        return SearchTokens.code(v[0], v[1], v.count > 2 ? v[2] : 0)
    }

    @Test func knownTexts() {
        #expect(SearchTokens.of("王芳") == [Self.code("王芳")])
        #expect(SearchTokens.of("张三 渌口镇") == ["张三", "渌口", "口镇", "渌口镇"].map(Self.code).sorted())
        // Punctuation ends a run; Latin capitals are filed as small letters; repeats are filed once.
        #expect(SearchTokens.of("A-12b") == ["12", "2b", "12b"].map(Self.code).sorted())
        #expect(SearchTokens.of("MA4L") == ["ma", "a4", "4l", "ma4", "a4l"].map(Self.code).sorted())
        #expect(SearchTokens.of("Ma4l") == SearchTokens.of("mA4L"))
        #expect(SearchTokens.of("ÉÀ") == [Self.code("ÉÀ")])
        #expect(SearchTokens.of("王五王五") == ["王五", "五王", "王五王", "五王五"].map(Self.code).sorted())
        #expect(SearchTokens.of("王 五") == [])
        #expect(SearchTokens.arrayLiteral([3, 1]) == "{3,1}")
        #expect(SearchTokens.arrayLiteral([]) == "{}")
    }

    @Test func queries() {
        #expect(SearchTokens.query("王芳") == ([Self.code("王芳")], true))
        #expect(SearchTokens.query("渌口镇") == ([Self.code("渌口镇")], true))
        #expect(SearchTokens.query("渌口社区") == (["渌口社", "口社区"].map(Self.code).sorted(), false))
        // Each run asks for its own tokens; a lone character asks for none.
        #expect(SearchTokens.query("王芳 渌口镇") == (["王芳", "渌口镇"].map(Self.code).sorted(), false))
        #expect(SearchTokens.query("王 渌口") == ([Self.code("渌口")], false))
        #expect(SearchTokens.query("王芳-") == ([Self.code("王芳")], false))
        #expect(SearchTokens.query("王").tokens.isEmpty)
        #expect(SearchTokens.query("王 芳").tokens.isEmpty)
        #expect(SearchTokens.query("--").tokens.isEmpty)
        #expect(SearchTokens.query("3005J") == SearchTokens.query("3005j"))
        #expect(SearchTokens.query("5J") == ([Self.code("5j")], true))
    }

    /// Every substring of a text asks only for tokens the text has (nothing that holds the query
    /// is missed), and an exact query's token is found only in texts that hold it, Latin letters
    /// in either case.
    @Test func substringsAreNeverMissed() {
        var rng = SplitMix(seed: 11)
        let alphabet: [String] = ["王", "芳", "渌", "口", "镇", "社", "区", "1", "2", "A", "a", "b", " ", "-", "号", "é", "e\u{301}", "𠀀", "·", "Ⅻ"]
        for _ in 0..<2_000 {
            let body = (0..<Int(rng.next() % 14)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            let filed = Set(SearchTokens.of(body))
            let scalars = Array(body.unicodeScalars)
            guard !scalars.isEmpty else { continue }
            let start = Int(rng.next() % UInt64(scalars.count))
            let end = start + 1 + Int(rng.next() % UInt64(scalars.count - start))
            var q = String.UnicodeScalarView()
            q.append(contentsOf: scalars[start..<end])
            let query = SearchTokens.query(String(q))
            #expect(Set(query.tokens).isSubset(of: filed), "\(body.debugDescription) ⊇ \(String(q).debugDescription)")
            // An exact query against another random text: its token there means the text holds it.
            let other = (0..<Int(rng.next() % 10)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            if query.exact, Set(query.tokens).isSubset(of: Set(SearchTokens.of(other))) {
                #expect(other.unicodeScalars.map { SearchTokens.folded($0.value) }.containsRun(String(q).unicodeScalars.map { SearchTokens.folded($0.value) }))
            }
        }
    }
}

private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension Array where Element == UInt32 {
    func containsRun(_ run: [UInt32]) -> Bool {
        guard run.count <= count else { return false }
        return (0...(count - run.count)).contains { Array(self[$0..<($0 + run.count)]) == run }
    }
}
