// Which cell styles show a number as a date. A cell's `s` attribute indexes styles.xml's cellXfs;
// each xf names a number format, built in (14 = yyyy/m/d, …) or custom (numFmts). Knowing this lets a
// birth date typed in Excel come out as 1990-01-01 instead of the serial 32874.

struct CellStyles {
    enum DateStyle { case date, dateTime }

    /// Per cellXfs index: how that style shows numbers, nil for not a date.
    let dateStyles: [DateStyle?]

    static let none = CellStyles(dateStyles: [])

    func dateStyle(_ index: Int) -> DateStyle? {
        index >= 0 && index < dateStyles.count ? dateStyles[index] : nil
    }

    init(dateStyles: [DateStyle?]) {
        self.dateStyles = dateStyles
    }

    init(elements: [ElementCollector.Element]) {
        var custom: [Int: String] = [:]
        for element in elements where element.name == "numFmt" {
            if let id = element.attributes["numFmtId"].flatMap(Int.init), let code = element.attributes["formatCode"] {
                custom[id] = code
            }
        }
        var styles: [DateStyle?] = []
        for element in elements where element.name == "xf" && element.path.last == "cellXfs" {
            let id = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
            styles.append(custom[id].map(Self.classify) ?? Self.builtIn(id))
        }
        self.dateStyles = styles
    }

    /// Built-in formats that show dates, including the zh-CN ones (27–31, 36, 50–58 show 年/月/日).
    static func builtIn(_ id: Int) -> DateStyle? {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: .date
        case 22: .dateTime
        default: nil
        }
    }

    /// A custom format shows a date when, outside quoted text, escapes and [..] sections, it has a
    /// year or day code; `m` alone may be minutes, and time-only formats stay numbers.
    static func classify(_ code: String) -> DateStyle? {
        var codes = ""
        var iterator = code.makeIterator()
        var inQuote = false
        var inBracket = false
        scan: while let character = iterator.next() {
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if inBracket { if character == "]" { inBracket = false }; continue }
            switch character {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": _ = iterator.next()   // escaped or padding character
            case ";": break scan   // only the first (positive-number) section decides
            default: codes.append(character)
            }
        }
        let lower = codes.lowercased()
        guard lower.contains("y") || lower.contains("d") else { return nil }
        return lower.contains("h") || lower.contains("s") ? .dateTime : .date
    }
}
