/// Grid-tree codes (conventions: "Grid tree"): digits whose length gives the level —
/// city root 4 (level 0), district 6, town 9, area 11 (town + 2), village 12 (town + 3),
/// unit grid 15 (village + 3).
public enum GridCode {
    /// Code length for each level, index = level (0 = city root).
    public static let lengths = [4, 6, 9, 11, 12, 15]

    /// The Chinese name of a level (0 城市, 1 区, 2 镇(街道), 3 片, 4 村(社区), 5 单元网格).
    public static func levelName(_ level: Int) -> String? {
        let names = ["城市", "区", "镇(街道)", "片", "村(社区)", "单元网格"]
        return names.indices.contains(level) ? names[level] : nil
    }

    /// 1...5, 0 for a 4-digit city root, nil when `code` is not ASCII digits of a known length.
    public static func level(of code: String) -> Int? {
        guard code.allSatisfy(IdentifierText.isDigit) else { return nil }
        return lengths.firstIndex(of: code.count)
    }

    /// The level of `code`, or a 400 saying what a grid code looks like.
    @discardableResult
    public static func validate(_ code: String, field: String = "code") throws -> Int {
        guard !code.isEmpty else { throw Problem.invalid(field, "网格编码不能为空") }
        guard code.allSatisfy(IdentifierText.isDigit) else {
            throw Problem.invalid(field, "网格编码只能包含数字")
        }
        guard let level = level(of: code) else {
            throw Problem.invalid(field, "网格编码应为 4、6、9、11、12 或 15 位数字，实际为 \(code.count) 位")
        }
        return level
    }
}
