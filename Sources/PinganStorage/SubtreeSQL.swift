import SQLKit

/// The one way a part's query keeps to the caller's subtrees: records store the materialised path
/// of their grid, so "in scope" is a byte range per subtree root (`[lower, upper)`).
public enum SubtreeSQL {
    /// `column` inside any of `ranges`, always as one parenthesised expression, so it reads the same
    /// after `WHERE`, `AND` or a `+` with no space; no ranges (a scope of another layer) matches nothing.
    public static func within(_ ranges: [(lower: String, upper: String)], column: String) -> SQLQueryString {
        guard !ranges.isEmpty else { return "(1 = 0)" }
        var sql: SQLQueryString = "("
        for (i, r) in ranges.enumerated() {
            if i > 0 { sql += " OR " }
            sql += "(\(unsafeRaw: column) >= \(bind: r.lower) AND \(unsafeRaw: column) < \(bind: r.upper))"
        }
        sql += ")"
        return sql
    }
}
