import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Bulk writes of base data (demo, imports): multi-row INSERTs inside the caller's
/// transaction, with the search rows written beside the records.
public struct BaseDataWriter: Sendable {
    /// Grid code → the names a place-name search should find its records by
    /// ("渌口镇 渌口社区 渌口社区第1网格").
    public let placeNames: [String: String]

    public init(placeNames: [String: String]) { self.placeNames = placeNames }

    static let rowsPerStatement = 400

    private func insert(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        // Stay under PostgreSQL's 65,535 binds and SQLite's 32,766 variables.
        let perStatement = max(1, min(Self.rowsPerStatement, 30_000 / max(1, columns.count)))
        for chunk in rows.chunked(perStatement) {
            let builder = db.insert(into: table).columns(columns)
            for row in chunk { builder.values(row.map { SQLBind($0) }) }
            try await builder.run()
        }
    }

    func place(_ code: String) -> String { placeNames[code] ?? code }

    public func insertHouses(_ houses: [HouseRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "houses", ["id", "address", "lat7", "lng7", "use", "owner_name", "owner_person_id", "floors", "grid_code", "grid_path"],
                         houses.map { [$0.id, $0.address, $0.point.lat7, $0.point.lng7, $0.use.rawValue, $0.ownerName, $0.ownerPersonID, $0.floors, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, houses.map { ("house", $0.id, $0.gridPath, $0.address, $0.use.chineseName, "\($0.address) \(place($0.gridCode))") })
    }

    public func insertHouseholds(_ households: [HouseholdRecord], headNames: [String: String], addresses: [String: String],
                                 on db: any SQLDatabase) async throws {
        try await insert(db, "households", ["id", "number", "head_person_id", "house_id", "grid_code", "grid_path"],
                         households.map { [$0.id, $0.number, $0.headPersonID, $0.houseID, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, households.map { h in
            let head = h.headPersonID.flatMap { headNames[$0] } ?? "（无户主）"
            let address = h.houseID.flatMap { addresses[$0] } ?? ""
            return ("household", h.id, h.gridPath, "\(head)户", address, "\(head) \(h.number ?? "") \(address) \(place(h.gridCode))")
        })
    }

    /// `addresses` maps house ids to addresses; `reported` gives the address as reported for
    /// people not linked to a house (an import row whose address matches no house).
    public func insertPeople(_ people: [PersonRecord], addresses: [String: String], reported: [String: String] = [:],
                             on db: any SQLDatabase) async throws {
        func address(_ p: PersonRecord) -> String? { p.houseID.flatMap { addresses[$0] } ?? reported[p.id] }
        try await insert(db, "people", ["id", "name", "doc_type", "doc_number", "sex", "birth_date", "phone", "residency", "away_place",
                                        "away_reason", "address", "household_id", "relation", "house_id", "workplace_id", "grid_code", "grid_path"],
                         people.map { [$0.id, $0.name, $0.documentType.rawValue, $0.documentNumber, $0.sex?.rawValue, $0.birthDate, $0.phone,
                                       $0.residency.rawValue, $0.awayPlace, $0.awayReason, address($0), $0.householdID, $0.relationToHead, $0.houseID,
                                       $0.workplaceOrganisationID, $0.gridCode, $0.gridPath] })
        // The search body holds the name, the address and the place names; identity numbers and
        // phones are looked up by exact match elsewhere, never by substring.
        try await insertSearch(db, people.map { p in
            let address = address(p) ?? (p.awayPlace ?? "")
            return ("person", p.id, p.gridPath, p.name, address, "\(p.name) \(address) \(place(p.gridCode))")
        })
    }

    public func insertOrganisations(_ orgs: [OrganisationRecord], on db: any SQLDatabase) async throws {
        try await insert(db, "organisations", ["id", "name", "credit_code", "kind", "legal_representative", "phone", "address", "house_id",
                                               "lat7", "lng7", "grid_code", "grid_path"],
                         orgs.map { [$0.id, $0.name, $0.creditCode, $0.kind.rawValue, $0.legalRepresentative, $0.phone, $0.address, $0.houseID,
                                     $0.point.lat7, $0.point.lng7, $0.gridCode, $0.gridPath] })
        try await insertSearch(db, orgs.map { ("organisation", $0.id, $0.gridPath, $0.name, $0.address,
                                               "\($0.name) \($0.creditCode ?? "") \($0.address) \(place($0.gridCode))") })
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

    func insertSearch(_ db: any SQLDatabase, _ rows: [(String, String, String, String, String, String)]) async throws {
        try await insert(db, "search_index", ["kind", "id", "grid_path", "title", "subtitle", "body", "grams"],
                         rows.map { [$0.0, $0.1, $0.2, $0.3, $0.4, $0.5, Self.bigrams($0.5)] })
    }

    /// The distinct two-character runs of letters, digits and ideographs in `text`, space
    /// separated, lower-cased: each is one token for the bigram index.
    public static func bigrams(_ text: String) -> String {
        var seen = Set<String>()
        var out: [String] = []
        var previous: Character? = nil
        for c in text.lowercased() {
            guard c.isLetter || c.isNumber else { previous = nil; continue }
            if let p = previous {
                let gram = String([p, c])
                if seen.insert(gram).inserted { out.append(gram) }
            }
            previous = c
        }
        return out.joined(separator: " ")
    }
}
