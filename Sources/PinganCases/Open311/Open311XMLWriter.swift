/// Writes an `Open311Node` tree as the spec's schemaless XML: UTF-8 declaration, no namespace,
/// one element per field, everything escaped so any stored text yields a well-formed document.
enum Open311XMLWriter {
    static let declaration = #"<?xml version="1.0" encoding="utf-8"?>"#

    static func document(root: String, body: Open311Node) -> String {
        var out = declaration + "\n"
        element(root, body, into: &out)
        out += "\n"
        return out
    }

    private static func element(_ name: String, _ node: Open311Node, into out: inout String) {
        out += "<\(name)>"
        switch node {
        case .text(let value), .number(let value):
            out += escape(value ?? "")
        case .bool(let value):
            out += value ? "true" : "false"
        case .record(let fields):
            for (child, value) in fields { element(child, value, into: &out) }
        case .list(let item, let items):
            for value in items { element(item, value, into: &out) }
        }
        out += "</\(name)>"
    }

    /// Escapes markup characters and drops characters XML 1.0 cannot carry at all (most C0
    /// controls, U+FFFE/U+FFFF): one stray byte in a description must not break a whole list.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"  // a literal CR would be normalised away by the parser
            default:
                if isXMLCharacter(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func isXMLCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
