/// Writes an `Open311Node` tree as JSON with keys in the spec's order (JSONSerialization would
/// reorder them and print coordinates through binary doubles).
enum Open311JSONWriter {
    static func write(_ node: Open311Node) -> String {
        var out = ""
        value(node, into: &out)
        return out
    }

    private static func value(_ node: Open311Node, into out: inout String) {
        switch node {
        case .text(let text):
            if let text { string(text, into: &out) } else { out += "null" }
        case .number(let literal):
            out += literal ?? "null"
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .record(let fields):
            out += "{"
            for (index, (key, child)) in fields.enumerated() {
                if index > 0 { out += "," }
                string(key, into: &out)
                out += ":"
                value(child, into: &out)
            }
            out += "}"
        case .list(_, let items):
            out += "["
            for (index, child) in items.enumerated() {
                if index > 0 { out += "," }
                value(child, into: &out)
            }
            out += "]"
        }
    }

    /// RFC 8259 string escaping; U+2028/U+2029 are escaped too so the output is also safe
    /// inside a JavaScript source (JSONP-style clients).
    static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}", "\u{2029}", "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
