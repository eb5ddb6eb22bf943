import PinganKernel
import Testing

@Suite("Grid codes")
struct IdentifierGridCodeTests {
    /// Lengths from conventions.md: city root 4, district 6, town 9, area 11, village 12, unit 15.
    @Test func levelsByLength() throws {
        let samples = ["4302": 0, "430211": 1, "430211100": 2, "43021110001": 3, "430211100201": 4, "430211100201003": 5]
        for (code, level) in samples {
            #expect(GridCode.level(of: code) == level, "\(code)")
            #expect(try GridCode.validate(code) == level)
        }
        #expect(GridCode.levelName(5) == "单元网格" && GridCode.levelName(6) == nil)
    }

    @Test func otherLengthsAndCharactersAreRejected() {
        for length in [1, 2, 3, 5, 7, 8, 10, 13, 14, 16, 20] {
            let code = String(repeating: "4", count: length)
            #expect(GridCode.level(of: code) == nil)
            #expect(identifierRejection { try GridCode.validate(code) } == "网格编码应为 4、6、9、11、12 或 15 位数字，实际为 \(length) 位")
        }
        for code in ["43021a", "430 211", "４３０２１１", "-43021"] {
            #expect(GridCode.level(of: code) == nil, "\(code)")
            #expect(identifierRejection { try GridCode.validate(code, field: "grid") } == "网格编码只能包含数字")
        }
        #expect(GridCode.level(of: "") == nil)
        #expect(identifierProblem { try GridCode.validate("", field: "grid") }?.errors.first?.field == "grid")
    }
}
