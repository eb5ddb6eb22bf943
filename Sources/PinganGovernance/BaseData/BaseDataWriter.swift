import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Bulk writes of base data (demo, imports): multi-row INSERTs inside the caller's
/// transaction (people imports through COPY on PostgreSQL), with the search rows
/// written beside the records.
public struct BaseDataWriter: Sendable {
    /// Grid code → the names a place-name search should find its records by
    /// ("渌口镇中片 渌口社区第1网格").
    public let placeNames: [String: String]

    /// `placeNames`: town, area, village and grid names, broadest first.
    public init(placeNames: [String: String]) { self.placeNames = placeNames.mapValues(Self.narrowestPlaceNames) }

    /// Leaves out a name found inside a later one ("渌口镇" inside "渌口镇中片"): every substring of it
    /// is a substring of the narrower name, so search finds the same records, and each search row
    /// carries a third fewer trigrams for the indexes to keep.
    static func narrowestPlaceNames(_ names: String) -> String {
        let parts = names.split(separator: " ")
        return parts.indices.filter { i in !parts[(i + 1)...].contains { $0.contains(parts[i]) } }
            .map { String(parts[$0]) }.joined(separator: " ")
    }

    /// Rows per multi-row INSERT: fewer, larger statements cost less per row on both engines;
    /// `insert` lowers it for wide tables to stay under the bind limits.
    static let rowsPerStatement = 1_000

    /// Multi-row INSERTs of `rows` (nil is NULL). A column NULL in every row of a statement is left
    /// out and other NULLs are written as literals, so sparse department files bind only values.
    private func insert(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[(any Encodable & Sendable)?]]) async throws {
        try await insert(db, table, columns, rows) { row, column in row[column] }
    }

    /// The same, reading each cell from the record through `value` (no row arrays in between).
    private func insert<Row>(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [Row],
                             _ value: (Row, Int) -> (any Encodable & Sendable)?) async throws {
        // Stay under PostgreSQL's 65,535 binds and SQLite's 32,766 variables.
        let perStatement = max(1, min(Self.rowsPerStatement, 30_000 / max(1, columns.count)))
        for chunk in rows.chunked(perStatement) {
            let used = columns.indices.filter { c in chunk.contains { value($0, c) != nil } }
            let builder = db.insert(into: table).columns(used.map { columns[$0] })
            for row in chunk {
                builder.values(used.map { c -> any SQLExpression in value(row, c).map { SQLBind($0) } ?? SQLLiteral.null })
            }
            try await builder.run()
        }
    }

    func place(_ code: String) -> String { placeNames[code] ?? code }

    public func insertHouses(_ houses: [HouseRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "houses", ["id", "number", "address", "lat7", "lng7", "use", "owner_name", "owner_person_id", "floors", "grid_code", "grid_path"],
                         houses.map { [$0.id, $0.number, $0.address, $0.point.lat7, $0.point.lng7, $0.use.rawValue, $0.ownerName, $0.ownerPersonID, $0.floors,
                                       $0.gridCode, $0.gridPath] })
        try await insertSearch(db, houses.map { h in
            let row = houseSearch(address: h.address, number: h.number, use: h.use, gridCode: h.gridCode)
            return ("house", h.id, h.gridPath, row.title, row.subtitle, row.body)
        })
    }

    // The search row of each kind, written here and rewritten by the importers' refresh: one formula.

    /// A house is found by its address, register number and place names.
    func houseSearch(address: String, number: String?, use: HouseUse, gridCode: String) -> (title: String, subtitle: String, body: String) {
        (address, use.chineseName, number.map { "\(address) \($0) \(place(gridCode))" } ?? "\(address) \(place(gridCode))")
    }

    /// A person is found by name, address (or where they are away) and place names.
    func personSearch(name: String, address: String, gridCode: String) -> (title: String, subtitle: String, body: String) {
        (name, address, "\(name) \(address) \(place(gridCode))")
    }

    /// An organisation is found by name, credit code, address and place names.
    func organisationSearch(name: String, creditCode: String?, address: String, gridCode: String) -> (title: String, subtitle: String, body: String) {
        (name, address, "\(name) \(creditCode ?? "") \(address) \(place(gridCode))")
    }

    /// A household is titled by its head ("张三户") and found by head, number, address and place names.
    func householdSearch(headName: String?, number: String?, address: String?, gridCode: String) -> (title: String, subtitle: String, body: String) {
        let head = headName ?? "（无户主）"
        let address = address ?? ""
        return ("\(head)户", address, "\(head) \(number ?? "") \(address) \(place(gridCode))")
    }

    public func insertHouseholds(_ households: [HouseholdRecord], headNames: [String: String], addresses: [String: String],
                                 on db: any SQLDatabase) async throws {
        try await insert(db, "households", ["id", "number", "head_person_id", "house_id", "grid_code", "grid_path"],
                         households.map { [$0.id, $0.number, $0.headPersonID, $0.houseID, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, households.map { h in
            let row = householdSearch(headName: h.headPersonID.flatMap { headNames[$0] }, number: h.number,
                                      address: h.houseID.flatMap { addresses[$0] }, gridCode: h.gridCode)
            return ("household", h.id, h.gridPath, row.title, row.subtitle, row.body)
        })
    }

    /// `addresses` maps house ids to addresses; `reported` gives the address as reported for
    /// people not linked to a house (an import row whose address matches no house).
    public func insertPeople(_ people: [PersonRecord], addresses: [String: String], reported: [String: String] = [:],
                             on db: any SQLDatabase) async throws {
        guard !people.isEmpty else { return }
        let address = Self.addressOf(addresses, reported)
        try await insert(db, "people", Self.peopleColumns, people) { p, column -> (any Encodable & Sendable)? in
            Self.personCell(p, column, address: address(p))
        }
        try await insertSearch(db, personSearchRows(people, address: address))
    }

    /// People (and, when asked, their search rows) as loader rows, ready to write: the client's
    /// whole share of the work, done before the connection is needed (`OverlappedWrites`).
    /// `searchRows: false` leaves the search rows to the caller (SQLite's import writes them in SQL).
    func peopleLoad(_ people: [PersonRecord], addresses: [String: String], reported: [String: String], searchRows: Bool,
                    sqlite: Bool) -> PeopleLoad {
        let address = Self.addressOf(addresses, reported)
        var rows = CopyRows(columns: Self.peopleColumns.count, reservingRows: people.count)
        for p in people {
            for column in Self.peopleColumns.indices { rows.append(Self.personCell(p, column, address: address(p))) }
        }
        guard searchRows else { return PeopleLoad(people: rows, search: nil) }
        return PeopleLoad(people: rows, search: (Self.searchColumns(sqlite: sqlite), searchLoad(personSearchRows(people, address: address), sqlite: sqlite)))
    }

    /// A person's address: their house's, else the one their import row reported.
    static func addressOf(_ addresses: [String: String], _ reported: [String: String]) -> (PersonRecord) -> String? {
        { p in p.houseID.flatMap { addresses[$0] } ?? reported[p.id] }
    }

    /// The search rows of `people`. The body holds the name, the address (or where an away
    /// resident is) and the place names; identity numbers and phones are looked up by exact match
    /// elsewhere, never by substring.
    func personSearchRows(_ people: [PersonRecord], address: (PersonRecord) -> String?) -> [(String, String, String, String, String, String)] {
        people.map { p in
            let row = personSearch(name: p.name, address: address(p) ?? (p.awayPlace ?? ""), gridCode: p.gridCode)
            return ("person", p.id, p.gridPath, row.title, row.subtitle, row.body)
        }
    }

    static let peopleColumns = ["id", "name", "doc_type", "doc_number", "sex", "birth_date", "phone", "residency", "away_place",
                                "away_reason", "address", "household_id", "relation", "house_id", "workplace_id", "grid_code", "grid_path"]

    /// The cell of `peopleColumns[column]` for `p` (nil is NULL).
    static func personCell(_ p: PersonRecord, _ column: Int, address: String?) -> String? {
        switch column {
        case 0: p.id
        case 1: p.name
        case 2: p.documentType.rawValue
        case 3: p.documentNumber
        case 4: p.sex?.rawValue
        case 5: p.birthDate
        case 6: p.phone
        case 7: p.residency.rawValue
        case 8: p.awayPlace
        case 9: p.awayReason
        case 10: address
        case 11: p.householdID
        case 12: p.relationToHead
        case 13: p.houseID
        case 14: p.workplaceOrganisationID
        case 15: p.gridCode
        default: p.gridPath
        }
    }

    public func insertOrganisations(_ orgs: [OrganisationRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "organisations", ["id", "name", "credit_code", "kind", "legal_representative", "phone", "address", "house_id",
                                               "lat7", "lng7", "grid_code", "grid_path"],
                         orgs.map { [$0.id, $0.name, $0.creditCode, $0.kind.rawValue, $0.legalRepresentative, $0.phone, $0.address, $0.houseID,
                                     $0.point.lat7, $0.point.lng7, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, orgs.map { o in
            let row = organisationSearch(name: o.name, creditCode: o.creditCode, address: o.address, gridCode: o.gridCode)
            return ("organisation", o.id, o.gridPath, row.title, row.subtitle, row.body)
        })
    }

    public func insertPlaces(_ places: [PlaceRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "places", ["id", "name", "kind", "lat7", "lng7", "grid_code", "grid_path"],
                         places.map { [$0.id, $0.name, $0.kind, $0.point.lat7, $0.point.lng7, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, places.map { ("place", $0.id, $0.gridPath, $0.name, $0.kind, "\($0.name) \($0.kind) \(place($0.gridCode))") })
    }

    public func insertTags(_ tags: [TagRecord], visits: [VisitRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "person_tags", ["id", "person_id", "grp", "risk", "worker", "valid_from", "valid_to", "grid_code", "grid_path"],
                         tags.map { [$0.id, $0.personID, $0.group.rawValue, $0.risk.rawValue, $0.responsibleWorker, $0.validFrom.epochMillis,
                                     $0.validTo?.epochMillis, $0.gridCode, $0.gridPath] })
        try await insert(db, "visits", ["id", "tag_id", "person_id", "due_at", "done_at", "worker", "note", "grid_path"],
                         visits.map { [$0.id, $0.tagID, $0.personID, $0.dueAt.epochMillis, $0.doneAt?.epochMillis, $0.worker, $0.note, $0.gridPath] })
    }

    /// Records where a version of a record came from ("submitted once, used many times").
    public func insertVersions(_ rows: [(kind: String, id: String, version: Int, source: String, importID: String?, at: Date, fields: [String])],
                               on db: any SQLDatabase) async throws {
        try await insert(db, "record_versions", ["kind", "record_id", "version", "source", "import_id", "at", "fields"],
                         rows.map { [$0.kind, $0.id, $0.version, $0.source, $0.importID, $0.at.epochMillis,
                                     JSONValue.array($0.fields.map(JSONValue.string)).canonical] })
    }

    /// Conflicts kept beside the first value: (record id, field, value) from one source and import.
    func insertConflicts(kind: String, _ rows: [(id: String, field: String, value: String)], source: String, importID: String, at: Date,
                         on db: any SQLDatabase) async throws {
        try await insert(db, "record_conflicts", ["kind", "record_id", "field", "value", "source", "import_id", "at"],
                         rows.map { [kind, $0.id, $0.field, $0.value, source, importID, at.epochMillis] })
    }

    /// Search rows (kind, id, grid path, title, subtitle, body) with the tokens the engine's index
    /// reads (`searchTokenColumn`), as multi-row INSERTs.
    func insertSearch(_ db: any SQLDatabase, _ rows: [(String, String, String, String, String, String)]) async throws {
        let sqlite = db.dialect.name == "sqlite"
        try await insert(db, "search_index", Self.searchColumns(sqlite: sqlite),
                         rows.map { [$0.0, $0.1, $0.2, $0.3, $0.4, $0.5, Self.searchTokens($0.5, sqlite: sqlite)] })
    }

    /// The same rows as loader cells, tokens included.
    func searchLoad(_ rows: [(String, String, String, String, String, String)], sqlite: Bool) -> CopyRows {
        var copy = CopyRows(columns: Self.searchColumns(sqlite: sqlite).count, reservingRows: rows.count)
        for r in rows {
            copy.append(r.0); copy.append(r.1); copy.append(r.2); copy.append(r.3); copy.append(r.4); copy.append(r.5)
            copy.append(sqlite ? Self.bigrams(r.5) : SearchTokens.arrayLiteral(SearchTokens.of(r.5)))
        }
        return copy
    }

    static func searchColumns(sqlite: Bool) -> [String] {
        ["kind", "id", "grid_path", "title", "subtitle", "body", searchTokenColumn(sqlite: sqlite)]
    }

    /// The column of `search_index` that feeds the engine's token index: SQLite's FTS5 bigram
    /// table reads `grams`; PostgreSQL's GIN index reads `tokens`.
    static func searchTokenColumn(sqlite: Bool) -> String { sqlite ? "grams" : "tokens" }

    /// That column's value for `body`: bigram text on SQLite, integer tokens on PostgreSQL.
    static func searchTokens(_ body: String, sqlite: Bool) -> any Encodable & Sendable {
        sqlite ? bigrams(body) : SearchTokens.of(body)
    }

    /// The distinct two-character runs of letters, digits and ideographs in `text`, space
    /// separated, lower-cased: each is one token for the bigram index (see `SearchBigrams`).
    public static func bigrams(_ text: String) -> String { SearchBigrams.of(text) }
}

/// A batch of people ready for the engine's loader (`BaseDataWriter.peopleLoad`).
struct PeopleLoad: Sendable {
    let people: CopyRows
    /// The search rows and the columns they fill (the token column differs by engine).
    let search: (columns: [String], rows: CopyRows)?

    func write(to copier: any TableCopying) async throws {
        try await copier.copy(into: "people", columns: BaseDataWriter.peopleColumns, rows: people)
        if let search { try await copier.copy(into: "search_index", columns: search.columns, rows: search.rows) }
    }
}
