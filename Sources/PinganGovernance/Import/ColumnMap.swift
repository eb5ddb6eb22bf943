// Decides, once per file, which column feeds which API field (header aliases, then the caller's
// mapping overrides), rejects headers that are ambiguous or incomplete, and then turns each
// row's cells into an ImportRow.

struct ColumnMap {
    /// Header cells as written (trimmed), trailing empty ones dropped.
    let header: [String]
    /// Column index → field, nil for ignored columns.
    let fieldByColumn: [String?]
    let mapped: [String: String]
    let unmappedHeaders: [String]

    /// - Parameter mapping: file header → field name overrides; an empty field name ignores the column.
    ///   Keys that name no header of this file are ignored, so one mapping can serve several files.
    init(headerCells: [String], kind: ImportKind, mapping: [String: String]) throws {
        var header = headerCells.map(HeaderText.display)
        while header.last?.isEmpty == true { header.removeLast() }
        guard !header.isEmpty else { throw ImportProblem.missingHeader() }

        let overrides = try Self.resolve(mapping, kind: kind)
        var seenKeys: [String: String] = [:]
        var columnForField: [String: String] = [:]
        var fieldByColumn: [String?] = []
        var mapped: [String: String] = [:]
        var unmapped: [String] = []
        for text in header {
            let key = HeaderText.key(text)
            guard !key.isEmpty else { fieldByColumn.append(nil); continue }
            if seenKeys[key] != nil { throw ImportProblem.duplicateHeader(text) }
            seenKeys[key] = text
            let field: String?
            if let override = overrides[key] {
                field = override.isEmpty ? nil : override
            } else {
                field = ImportFields.field(forHeader: text, kind: kind)
                if field == nil { unmapped.append(text) }
            }
            if let field {
                if let earlier = columnForField[field] {
                    throw ImportProblem.sameField(earlier, text, field: field,
                                                  label: ImportFields.label(for: field, kind: kind))
                }
                columnForField[field] = text
                mapped[text] = field
            }
            fieldByColumn.append(field)
        }
        let missing = ImportFields.required(for: kind).filter { columnForField[$0] == nil }
        guard missing.isEmpty else { throw ImportProblem.missingColumns(missing, kind: kind) }

        self.header = header
        self.fieldByColumn = fieldByColumn
        self.mapped = mapped
        self.unmappedHeaders = unmapped
    }

    /// The row's mapped, trimmed, non-empty cells; nil when every cell of the row is blank.
    func row(number: Int, cells: [String]) -> ImportRow? {
        var fields: [String: String] = [:]
        var blank = true
        for (column, raw) in cells.enumerated() where !raw.isEmpty {
            let value = HeaderText.cell(raw)
            guard !value.isEmpty else { continue }
            blank = false
            if column < fieldByColumn.count, let field = fieldByColumn[column] { fields[field] = value }
        }
        return blank ? nil : ImportRow(number: number, fields: fields)
    }

    /// Normalised header → field ("" = ignore), checking each target is a field of the kind.
    private static func resolve(_ mapping: [String: String], kind: ImportKind) throws -> [String: String] {
        let own = Set(ImportFields.fields(for: kind))
        var overrides: [String: String] = [:]
        for (header, target) in mapping {
            let wanted = HeaderText.trimmed(target)
            let field: String
            if wanted.isEmpty {
                field = ""
            } else if own.contains(wanted) {
                field = wanted
            } else if let alias = ImportFields.field(forHeader: wanted, kind: kind) {
                field = alias
            } else {
                throw ImportProblem.unknownMappingTarget(header: header, target: target, kind: kind)
            }
            overrides[HeaderText.key(header)] = field
        }
        return overrides
    }
}
