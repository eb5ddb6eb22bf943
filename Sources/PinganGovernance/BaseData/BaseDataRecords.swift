import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// The record pages (person, household, house, organisation, place), linked to each other.
/// Out of scope answers exactly like a missing record; opening a person or a household is
/// audited before the page is returned.
public struct BaseDataRecords: Sendable {
    let database: Database
    let grids: GridStore
    let audit: AuditLog
    let clock: any PinganClock
    let time: CountyTime

    public init(database: Database, audit: AuditLog, clock: any PinganClock, time: CountyTime) {
        self.database = database
        self.grids = GridStore(database: database)
        self.audit = audit
        self.clock = clock
        self.time = time
    }

    // MARK: Shared pieces

    /// Fetches one row by id and checks it is inside the caller's subtree; otherwise 404.
    func visibleRow(_ table: String, id: String, for identity: Identity, on db: any SQLDatabase) async throws -> any SQLRow {
        guard id.count <= 64, let row = try await db.raw("SELECT * FROM \(ident: table) WHERE id = \(bind: id)").first(),
              identity.scope.contains(path: try row.decode(column: "grid_path", as: String.self))
        else { throw Problem.notFound }
        return row
    }

    func gridRef(path: String) async throws -> GridRef {
        let codes = path.split(separator: "/").map(String.init)
        let nodes = try await grids.summaries(layer: .governance, codes: codes, at: clock.now()).sorted { $0.level < $1.level }
        let leaf = nodes.last
        return GridRef(code: codes.last ?? "", name: leaf?.name ?? codes.last ?? "",
                       path: nodes.map { .init(code: $0.code, name: $0.name, level: $0.level) })
    }

    /// Masks the identity numbers and phones of person items, read from the people table.
    static func maskPeople(_ items: [SearchItem], on db: any SQLDatabase) async throws -> [SearchItem] {
        guard !items.isEmpty else { return items }
        let rows = try await db.raw("""
            SELECT id, doc_number, phone FROM people WHERE id IN (\(SQLList(items.map { SQLBind($0.id) })))
            """).all()
        var found: [String: (String?, String?)] = [:]
        for r in rows {
            found[try r.decode(column: "id", as: String.self)] = (try r.decode(column: "doc_number", as: String?.self),
                                                                 try r.decode(column: "phone", as: String?.self))
        }
        return items.map { item in
            var item = item
            if let (doc, phone) = found[item.id] {
                item.residentId = doc.map(Masking.documentNumber)
                item.phone = phone.map(Masking.phone)
            }
            return item
        }
    }

    /// Fills `place` with the names along each item's grid path (below the district).
    static func addPlaces(_ items: [SearchItem], on db: any SQLDatabase) async throws -> [SearchItem] {
        let codes = Set(items.flatMap { $0.gridPath.split(separator: "/").dropFirst().map(String.init) })
        guard !codes.isEmpty else { return items }
        var names: [String: String] = [:]
        for chunk in Array(codes).chunked(500) {
            for r in try await db.raw("""
                SELECT code, name FROM grids WHERE layer = 'governance' AND valid_to IS NULL AND code IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all() {
                names[try r.decode(column: "code", as: String.self)] = try r.decode(column: "name", as: String.self)
            }
        }
        return items.map { item in
            var item = item
            item.place = item.gridPath.split(separator: "/").dropFirst().compactMap { names[String($0)] }.joined(separator: " › ")
            return item
        }
    }

    func age(birthDate: String?, at now: Date) -> Int? {
        guard let b = birthDate, b.count == 10, let y = Int(b.prefix(4)), let m = Int(b.dropFirst(5).prefix(2)), let d = Int(b.suffix(2)) else { return nil }
        let today = time.formatDay(now)
        guard let ty = Int(today.prefix(4)), let tm = Int(today.dropFirst(5).prefix(2)), let td = Int(today.suffix(2)) else { return nil }
        return ty - y - ((tm, td) < (m, d) ? 1 : 0)
    }

    func openAudit(_ identity: Identity, _ action: String, _ target: String, client: String) async throws {
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: action, target: target, client: client))
    }

    // MARK: Person

    public func person(id: String, for identity: Identity, client: String) async throws -> PersonView {
        try identity.require(.peopleRead)
        let now = clock.now()
        let canTags = identity.can(.specialGroupsRead)
        let row = try await database.read { db in try await visibleRow("people", id: id, for: identity, on: db) }
        let path = try row.decode(column: "grid_path", as: String.self)
        let householdID = try row.decode(column: "household_id", as: String?.self)
        let houseID = try row.decode(column: "house_id", as: String?.self)
        let workplaceID = try row.decode(column: "workplace_id", as: String?.self)
        let birth = try row.decode(column: "birth_date", as: String?.self)
        let age = age(birthDate: birth, at: now)
        let (household, house, workplace, tags, versions, conflicts) = try await database.read { db in
            let household = try await householdID.asyncMap { hid in
                try await db.raw("SELECT id, number FROM households WHERE id = \(bind: hid)").first().map {
                    PersonView.HouseholdLink(id: try $0.decode(column: "id", as: String.self), number: try $0.decode(column: "number", as: String?.self),
                                             relationToHead: try row.decode(column: "relation", as: String?.self))
                }
            } ?? nil
            let house = try await houseID.asyncMap { hid in
                try await db.raw("SELECT id, address FROM houses WHERE id = \(bind: hid)").first().map {
                    HouseRef(id: try $0.decode(column: "id", as: String.self), address: try $0.decode(column: "address", as: String.self))
                }
            } ?? nil
            let workplace = try await workplaceID.asyncMap { oid in
                try await db.raw("SELECT id, name FROM organisations WHERE id = \(bind: oid)").first().map {
                    Ref(id: try $0.decode(column: "id", as: String.self), name: try $0.decode(column: "name", as: String.self))
                }
            } ?? nil
            var tags: [TagView]? = nil
            if canTags {
                tags = []
                for t in try await db.raw("SELECT id, grp, risk, worker FROM person_tags WHERE person_id = \(bind: id) AND valid_to IS NULL ORDER BY grp").all() {
                    let tagID = try t.decode(column: "id", as: String.self)
                    let visits = try await db.raw("SELECT due_at, done_at FROM visits WHERE tag_id = \(bind: tagID) ORDER BY due_at DESC LIMIT 12").all().map { v in
                        let due = try v.decode(column: "due_at", as: Int64.self)
                        let done = try v.decode(column: "done_at", as: Int64?.self)
                        return (due, done)
                    }
                    let group = SpecialGroup(rawValue: try t.decode(column: "grp", as: String.self)) ?? .petition
                    let risk = RiskLevel(rawValue: try t.decode(column: "risk", as: String.self)) ?? .low
                    let open = visits.filter { $0.1 == nil }.map(\.0).min()
                    let worker = try t.decode(column: "worker", as: String?.self)
                    let workerName = try await worker.asyncMap { w in
                        try await db.raw("SELECT MIN(display_name) AS n FROM grid_workers WHERE username = \(bind: w)").first()?.decode(column: "n", as: String?.self)
                    } ?? nil
                    tags!.append(TagView(
                        id: tagID, group: group.rawValue, groupName: group.chineseName, risk: risk.rawValue, riskName: risk.chineseName,
                        minor: (age ?? 99) < 14, responsibleWorker: worker, responsibleWorkerName: workerName,
                        nextDue: open.map { time.format(Date(epochMillis: $0)) }, overdue: open.map { $0 < now.epochMillis } ?? false,
                        visits: visits.map { VisitView(dueAt: time.format(Date(epochMillis: $0.0)), doneAt: $0.1.map { time.format(Date(epochMillis: $0)) },
                                                       overdue: $0.1 == nil && $0.0 < now.epochMillis) }))
                }
            }
            let versions = try await db.raw("SELECT source, import_id, at, fields FROM record_versions WHERE kind = 'person' AND record_id = \(bind: id) ORDER BY version").all().map { v in
                ProvenanceView(source: try v.decode(column: "source", as: String.self), importId: try v.decode(column: "import_id", as: String?.self),
                               at: time.format(Date(epochMillis: try v.decode(column: "at", as: Int64.self))),
                               fields: (try? JSONDecoder().decode([String].self, from: Data(try v.decode(column: "fields", as: String.self).utf8))) ?? [])
            }
            let conflicts = try await db.raw("SELECT field, value, source, at FROM record_conflicts WHERE kind = 'person' AND record_id = \(bind: id) ORDER BY at").all().map { c in
                ConflictView(field: try c.decode(column: "field", as: String.self),
                             value: Masking.field(try c.decode(column: "field", as: String.self), try c.decode(column: "value", as: String.self)),
                             source: try c.decode(column: "source", as: String.self), at: time.format(Date(epochMillis: try c.decode(column: "at", as: Int64.self))))
            }
            return (household, house, workplace, tags, versions, conflicts)
        }
        let docType = DocumentType(rawValue: try row.decode(column: "doc_type", as: String.self)) ?? .none
        let residency = Residency(rawValue: try row.decode(column: "residency", as: String.self)) ?? .registered
        let view = PersonView(
            id: id, name: try row.decode(column: "name", as: String.self), documentType: docType.rawValue, documentTypeName: docType.displayName,
            residentId: try row.decode(column: "doc_number", as: String?.self).map(Masking.documentNumber),
            phone: try row.decode(column: "phone", as: String?.self).map(Masking.phone),
            sex: try row.decode(column: "sex", as: String?.self), birthDate: birth, age: age,
            residency: residency.rawValue, residencyName: residency.chineseName,
            awayPlace: try row.decode(column: "away_place", as: String?.self), awayReason: try row.decode(column: "away_reason", as: String?.self),
            household: household, house: house, workplace: workplace, grid: try await gridRef(path: path), tags: tags,
            provenance: versions, conflicts: conflicts,
            canReveal: .init(residentId: identity.can(.peopleReveal), phone: identity.can(.peopleReveal) || identity.can(.phoneReveal)))
        try await openAudit(identity, "people.open", "person:\(id)", client: client)
        return view
    }

    /// The full ID and phone, for roles that may see them, with the reason audited first.
    public func reveal(id: String, reason: String, for identity: Identity, client: String) async throws -> (residentId: String?, phone: String?) {
        guard identity.can(.peopleReveal) || identity.can(.phoneReveal) else { throw Problem.forbidden("当前角色无权查看完整证件号码或电话。") }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 2 else { throw Problem.invalid("reason", "请填写查看事由（至少 2 个字）") }
        guard trimmed.count <= 200 else { throw Problem.invalid("reason", "查看事由不超过 200 个字") }
        let row = try await database.read { db in try await visibleRow("people", id: id, for: identity, on: db) }
        let full = identity.can(.peopleReveal)
        let doc = full ? try row.decode(column: "doc_number", as: String?.self) : nil
        let phone = try row.decode(column: "phone", as: String?.self)
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "people.reveal", target: "person:\(id)",
                                                 client: client, detail: ["reason": .string(trimmed), "fields": full ? ["residentId", "phone"] : ["phone"]]))
        return (doc, phone)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): try await transform(w)
        case .none: nil
        }
    }
}
