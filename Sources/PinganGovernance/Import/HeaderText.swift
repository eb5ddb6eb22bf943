// Text clean-up shared by headers and cells: department files come with BOMs, full-width letters and
// spaces, `*` marks on required columns, and IDs wrapped as ="…" so that Excel keeps them as text.

enum HeaderText {
    /// The form under which headers are compared: half-width, no spaces or BOMs, no required-marks,
    /// no `_`/`-`, lower-cased (Chinese is unaffected; English field names match in any case).
    static func key(_ header: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in header.unicodeScalars {
            let value = scalar.value
            if value == 0xFEFF || value == 0x200B || scalar.properties.isWhitespace { continue }
            if (0xFF01...0xFF5E).contains(value), let half = Unicode.Scalar(value - 0xFEE0) {
                if half == "_" || half == "-" { continue }
                scalars.append(half)
            } else if scalar == "_" || scalar == "-" {
                continue
            } else {
                scalars.append(scalar)
            }
        }
        var key = String(scalars).lowercased()
        for mark in ["(必填)", "(必填项)", "【必填】"] where key.hasSuffix(mark) { key.removeLast(mark.count) }
        while key.hasPrefix("*") { key.removeFirst() }
        while key.hasSuffix("*") { key.removeLast() }
        return key
    }

    /// A header as shown back to the user: the file's text without surrounding spaces or BOM.
    static func display(_ header: String) -> String {
        trimmed(header)
    }

    /// A cell value without surrounding whitespace (incl. full-width and no-break spaces) or BOM,
    /// and without the `="…"` wrapper spreadsheet users put around long numbers in CSV.
    static func cell(_ raw: String) -> String {
        var value = trimmed(raw)
        if value.hasPrefix("=\""), value.hasSuffix("\""), value.utf8.count >= 3 {
            value = trimmed(String(value.dropFirst(2).dropLast()))
        }
        return value
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isBlank(first) && !isBlank(last) { return text }   // the common case costs two checks
        guard let start = scalars.firstIndex(where: { !isBlank($0) }),
              let end = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(scalars[start...end])
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFEFF || scalar.value == 0x200B || scalar.properties.isWhitespace
    }
}
