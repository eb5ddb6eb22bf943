// What CSV and XLSX reading share once a file is split into records: the first non-blank record is
// the header, which fixes the column map; every later non-blank record becomes an ImportRow.

struct RowAssembler {
    let kind: ImportKind
    let mapping: [String: String]
    private(set) var columns: ColumnMap?
    private(set) var rowCount = 0

    init(kind: ImportKind, mapping: [String: String]) {
        self.kind = kind
        self.mapping = mapping
    }

    /// Takes one record; throws the header's problem, or whatever `row` throws.
    mutating func consume(number: Int, cells: [String], row: (ImportRow) throws -> Void) throws {
        guard let columns else {
            if cells.contains(where: { !HeaderText.trimmed($0).isEmpty }) {
                columns = try ColumnMap(headerCells: cells, kind: kind, mapping: mapping)
            }
            return
        }
        if let built = columns.row(number: number, cells: cells) {
            rowCount += 1
            try row(built)
        }
    }

    /// The table description; throws when the file never had a header.
    func table(encoding: TextEncodingGuess) throws -> ImportTable {
        guard let columns else { throw ImportProblem.missingHeader() }
        return ImportTable(encoding: encoding, header: columns.header, mapped: columns.mapped,
                           unmappedHeaders: columns.unmappedHeaders, rowCount: rowCount)
    }
}
