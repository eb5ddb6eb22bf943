import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// How a people import finds the people already on record, decided once before the first batch.
enum PeopleIdentityIndex {
    /// No people on record: every row is new.
    case nothing
    /// Every "type:number" on record: the file names more people than the table holds, so one
    /// scan of the keys beats a look-up per row.
    case all(Set<String>)
    /// Look each batch's keys up in the (type, number) index.
    case lookup

    /// About 40 bytes a row in department files.
    static let bytesPerRow = 40

    static func load(on db: any SQLDatabase, fileBytes: Int) async throws -> PeopleIdentityIndex {
        let count = try await db.raw("SELECT COUNT(*) AS n FROM people").first()?.decode(column: "n", as: Int.self) ?? 0
        if count == 0 { return .nothing }
        guard count <= fileBytes / bytesPerRow else { return .lookup }
        var keys = Set<String>(minimumCapacity: count)
        for r in try await db.raw("SELECT doc_type, doc_number FROM people WHERE doc_number IS NOT NULL").all() {
            keys.insert(try r.decode(column: "doc_type", as: String.self) + ":" + (try r.decode(column: "doc_number", as: String.self)))
        }
        return .all(keys)
    }

    /// Whether `existing(for:)` will query the database for `batch` (it needs the connection).
    func queries(for batch: [PeopleImporter.Candidate]) -> Bool {
        switch self {
        case .nothing: false
        case .all(let keys): batch.contains { c in c.number.map { keys.contains(c.documentType.rawValue + ":" + $0) } ?? false }
        case .lookup: true
        }
    }

    /// The people on record among `batch`, by "type:number" (rows inserted earlier by the same
    /// import never match: the reader rejects a person named twice in one file).
    func existing(for batch: [PeopleImporter.Candidate], on db: any SQLDatabase) async throws -> [String: PeopleImporter.Existing] {
        var wanted: [DocumentType: [String]] = [:]
        switch self {
        case .nothing: return [:]
        case .all(let keys):
            for c in batch { if let n = c.number, keys.contains(c.documentType.rawValue + ":" + n) { wanted[c.documentType, default: []].append(n) } }
        case .lookup:
            for c in batch { if let n = c.number { wanted[c.documentType, default: []].append(n) } }
        }
        var out: [String: PeopleImporter.Existing] = [:]
        for (type, numbers) in wanted {
            for chunk in numbers.sorted().chunked(500) {
                for r in try await db.raw("""
                    SELECT id, doc_number, name, sex, birth_date, phone, residency, away_place, away_reason, address, grid_code, grid_path, version
                    FROM people WHERE doc_type = \(bind: type.rawValue) AND doc_number IN (\(SQLList(chunk.map { SQLBind($0) })))
                    """).all() {
                    var values: [String: String] = [:]
                    for (field, column) in PeopleImporter.columns {
                        if let v = try r.decode(column: column, as: String?.self) { values[field] = v }
                    }
                    out[type.rawValue + ":" + (try r.decode(column: "doc_number", as: String.self))] = PeopleImporter.Existing(
                        id: try r.decode(column: "id", as: String.self), values: values, version: try r.decode(column: "version", as: Int.self),
                        gridPath: try r.decode(column: "grid_path", as: String.self))
                }
            }
        }
        return out
    }
}

/// What a people import writes, decided batch by batch: new people (written as they come),
/// changed fields of known ones, conflicts kept aside, and provenance.
struct PeoplePlan {
    let source: ImportSource
    let leaves: [String: String]
    /// The importer's scope: a person on record outside it is never matched for writing.
    let scope: Scope
    let importID: String
    let now: Date
    var ids: RecordIDs
    var imported = 0
    var unchanged = 0
    var conflicts: [ImportReport.Conflict] = []
    var updates: [(old: PeopleImporter.Existing, changed: [String: String], path: String)] = []
    var asides: [(id: String, field: String, value: String)] = []
    var versions: [VersionRow] = []
    /// Rows whose person is on record outside the scope, held for the centre that covers both.
    var held: [ImportMerges.Draft] = []
    /// Version 1 provenance of new people, as runs of consecutive ids that gave the same fields.
    var firstVersions = FirstVersionRuns()

    init(source: ImportSource, leaves: [String: String], scope: Scope, importID: String, now: Date) {
        self.source = source
        self.leaves = leaves
        self.scope = scope
        self.importID = importID
        self.now = now
        ids = RecordIDs(prefix: "p-", at: now)
    }

    /// Plans one batch; returns the new people to insert and the addresses their rows reported.
    mutating func add(_ batch: [PeopleImporter.Candidate], existing: [String: PeopleImporter.Existing]) -> (people: [PersonRecord], reported: [String: String]) {
        var people: [PersonRecord] = []
        people.reserveCapacity(batch.count)
        var reported: [String: String] = [:]
        for c in batch {
            guard !existing.isEmpty, let number = c.number, let old = existing[c.documentType.rawValue + ":" + number] else {
                let counter = ids.counter
                let id = ids.make()
                people.append(PersonRecord(id: id, name: c.name, documentType: c.documentType, documentNumber: c.number, sex: c.sex,
                                           birthDate: c.birthDate, phone: c.phone, residency: c.residency ?? .registered, awayPlace: c.awayPlace,
                                           awayReason: c.awayReason, householdID: nil, relationToHead: nil, houseID: nil,
                                           gridCode: c.gridCode, gridPath: c.gridPath))
                if let a = c.address { reported[id] = a }
                firstVersions.add(counter: counter, fields: Self.givenFields(c))
                imported += 1
                continue
            }
            guard scope.contains(path: old.gridPath) else {
                // Out of scope: answered exactly as a new person (no conflicts, counted as imported), written nowhere.
                held.append(ImportMerges.Draft(kind: "person", recordID: old.id, recordPath: old.gridPath, incomingPath: c.gridPath,
                                               fields: Self.replayFields(c), row: c.row))
                continue
            }
            let values: [String: String?] = ["name": c.name, "sex": c.sex?.rawValue, "birthDate": c.birthDate, "phone": c.phone,
                                             "residency": c.residency?.rawValue, "awayPlace": c.awayPlace, "awayReason": c.awayReason,
                                             "address": c.address, "grid": c.gridCode]
            var changed: [String: String] = [:]
            for field in PeopleImporter.comparedFields {
                guard let newValue = values[field] ?? nil else { continue }
                let oldValue = old.values[field]
                if oldValue == newValue { continue }
                if oldValue == nil || source.authoritativeFields.contains(field) {
                    changed[field] = newValue
                } else {
                    conflicts.append(.init(row: c.row, field: field, value: newValue,
                                           message: ImportNotes.asideMessage(field: field, existing: oldValue ?? "", source: source.name)))
                    asides.append((old.id, field, newValue))
                }
            }
            if changed.isEmpty {
                unchanged += 1
            } else {
                updates.append((old, changed, changed["grid"].flatMap { leaves[$0] } ?? old.gridPath))
                versions.append((kind: "person", id: old.id, version: old.version + 1, source: source.name, importID: importID,
                                 at: now, fields: changed.keys.sorted()))
            }
        }
        return (people, reported)
    }

    /// New people and held-back rows: what the report counts as imported.
    var reportedImported: Int { imported + held.count }

    /// A candidate as a row of a people file under the API's field names (replayed when a centre merges it).
    static func replayFields(_ c: PeopleImporter.Candidate) -> [String: String] {
        var f: [String: String] = ["name": c.name, "grid": c.gridCode, "documentType": c.documentType.rawValue]
        if let n = c.number { f[c.documentType == .residentId ? "residentId" : "documentNumber"] = n }
        if let v = c.sex { f["sex"] = v.rawValue }
        if let v = c.birthDate { f["birthDate"] = v }
        if let v = c.phone { f["phone"] = v }
        if let v = c.residency { f["residency"] = v.rawValue }
        if let v = c.awayPlace { f["awayPlace"] = v }
        if let v = c.awayReason { f["awayReason"] = v }
        if let v = c.address { f["address"] = v }
        return f
    }

    /// The fields a new person's row gave, in `comparedFields` order, then the document number.
    static func givenFields(_ c: PeopleImporter.Candidate) -> [String] {
        var fields = ["name"]
        if c.sex != nil { fields.append("sex") }
        if c.birthDate != nil { fields.append("birthDate") }
        if c.phone != nil { fields.append("phone") }
        if c.residency != nil { fields.append("residency") }
        if c.awayPlace != nil { fields.append("awayPlace") }
        if c.awayReason != nil { fields.append("awayReason") }
        if c.address != nil { fields.append("address") }
        fields.append("grid")
        if c.number != nil { fields.append("residentId") }
        return fields
    }
}

/// Version 1 provenance of an import's new records, kept as runs of consecutive id counters
/// that gave the same fields (a department file's rows mostly do): a million records are a few
/// runs, not a million arrays.
struct FirstVersionRuns: Sendable {
    var runs: [(first: Int, last: Int, fields: [String])] = []
    var count = 0

    mutating func add(counter: Int, fields: [String]) {
        count += 1
        if let last = runs.last, last.last == counter - 1, last.fields == fields {
            runs[runs.count - 1].last = counter
        } else {
            runs.append((counter, counter, fields))
        }
    }
}
