import PinganStorage
import Testing

/// The text of a substring match is taken as typed, and only text with a Latin letter pays for
/// PostgreSQL's case-blind `ILIKE` (the matches themselves run in the search and event tests on both engines).
struct SubstringMatchTests {
    @Test func wildcardsAreEscapedAndLatinLettersAreRecognised() {
        #expect(SubstringMatch.pattern("50%_a\\b") == "%50\\%\\_a\\\\b%")
        #expect(SubstringMatch.hasLatinLetter("渌口5j") && SubstringMatch.hasLatinLetter("J"))
        #expect(!SubstringMatch.hasLatinLetter("渌口镇 12号") && !SubstringMatch.hasLatinLetter("É"))
    }
}
