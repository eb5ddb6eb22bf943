import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Department imports of households (家庭户), in the police register's export shape: one row per
/// member — 户号, the member's 公民身份号码 and 与户主关系 — with the house (房屋编号 or 地址)
/// and 网格编码 on any of the household's rows. A file with one row per household (户号 and
/// 户主身份证号 only) is the same shape with the head as the only member. 户号 is the
/// household's identity; the head and every member must be people already on record inside the
/// importer's scope (import people first). Members are added or moved, never removed. Public
/// security is the authority for head and membership, the grid worker for house and grid.
/// Counts (`imported`, `updated`, `unchanged`) are of households; `rows` and `rejected` of rows.
public struct HouseholdImporter: Sendable {
    let database: Database
    let clock: any PinganClock

    public init(database: Database, clock: any PinganClock) {
        self.database = database
        self.clock = clock
    }

    /// One row that passed the checks a row can make alone.
    struct MemberRow {
        var row: Int
        var householdNumber: String
        var member: String?
        var relation: String?
        var head: String?
        var houseNumber: String?
        var address: String?
        var grid: String?
        /// The row as read (API field names), kept for a household held back for a merge.
        var fields: [String: String]
    }

    public func run(_ data: Data, options: PeopleImporter.Options, for identity: Identity) async throws -> ImportReport {
        try identity.require(.importsWrite)
        let now = clock.now()
        let leaves = try await ImportScope.leaves(database, for: identity)
        var notes = ImportNotes()
        var rows: [MemberRow] = []
        let table = try TabularReader.read(data, kind: .households, mapping: options.mapping) { row in
            if let r = Self.validate(row, leaves: leaves, asOf: now, notes: &notes) { rows.append(r) }
        }
        var report = ImportReport(dryRun: options.dryRun, kind: "households", encoding: table.encoding.rawValue)
        report.rows = table.rowCount

        let known = try await loadKnown(rows, leaves: leaves)
        var plan = HouseholdPlan(known: known, leaves: leaves, source: options.source, at: now)
        var order: [String] = []
        var groups: [String: [MemberRow]] = [:]
        for r in rows {
            if groups[r.householdNumber] == nil { order.append(r.householdNumber) }
            groups[r.householdNumber, default: []].append(r)
        }
        for number in order { plan.add(number: number, rows: groups[number] ?? [], notes: &notes) }
        report.rejected = notes.rejected.count
        report.imported = plan.inserts.count + plan.held.count
        report.updated = plan.updatedHouseholds.count
        report.unchanged = plan.unchanged
        report.conflicts = notes.sorted
        guard !options.dryRun, report.rejected == 0 || options.keepValid else { return report }
        let importID = UUID().uuidString.lowercased()
        let held = plan.held
        try await apply(plan, leaves: leaves, source: options.source.name, importID: importID, at: now) { db in
            try await ImportMerges.insert(held, source: options.source, importID: importID, importer: identity.username, at: now, on: db)
        }
        try await database.refreshStatistics(["households", "people", "search_index", "record_versions"], changedRows: report.imported + report.updated)
        report.applied = true
        report.importId = importID
        return report
    }

    /// Checks one row alone; nil (with the reasons noted) when it is rejected.
    static func validate(_ row: ImportRow, leaves: [String: ImportScope.Leaf], asOf now: Date, notes: inout ImportNotes) -> MemberRow? {
        let f = row.fields
        var ok = true
        func fail(_ field: String, _ message: String) { notes.reject(row.number, field, f[field] ?? "", message); ok = false }
        let number = ImportText.registerNumber(f["householdNumber"] ?? "")
        if number.isEmpty { fail("householdNumber", "缺少户号") } else if number.count > 40 { fail("householdNumber", "户号过长（不超过 40 位）") }
        func document(_ field: String) -> String? {
            guard let text = f[field] else { return nil }
            do { return try ImportText.personDocument(text, field: field, asOf: now).number } catch let p as Problem {
                fail(field, ImportText.message(p))
            } catch { fail(field, "证件号码无效") }
            return nil
        }
        let member = document("residentId"), head = document("headResidentId")
        if f["residentId"] == nil && f["headResidentId"] == nil { fail("residentId", "缺少成员的公民身份号码（或户主身份证号）") }
        var relation = f["relationToHead"].map(ImportText.halfWidth)
        if relation == "本人" { relation = "户主" }
        if let relation, relation.count > 20 { fail("relationToHead", "与户主关系过长") }
        if relation != nil && f["residentId"] == nil { fail("relationToHead", "填写了与户主关系，但缺少该成员的公民身份号码") }
        let grid = f["grid"]
        if let grid, leaves[grid] == nil { fail("grid", "网格编码 \(grid) 不存在或不在管辖范围内") }
        let houseNumber = f["houseNumber"].map(ImportText.registerNumber).flatMap { $0.isEmpty ? nil : $0 }
        guard ok else { return nil }
        return MemberRow(row: row.number, householdNumber: number, member: member, relation: relation, head: head,
                         houseNumber: houseNumber, address: f["address"].map(ImportText.halfWidth), grid: grid, fields: f)
    }

    /// People, houses and households on record that the rows may name, inside the caller's scope.
    func loadKnown(_ rows: [MemberRow], leaves: [String: ImportScope.Leaf]) async throws -> HouseholdPlan.Known {
        let scopePaths = Set(leaves.values.map(\.path))
        let personNumbers = rows.flatMap { [$0.member, $0.head].compactMap { $0 } }
        let houseNumbers = Array(Set(rows.compactMap(\.houseNumber)))
        let householdNumbers = Array(Set(rows.map(\.householdNumber)))
        return try await database.read { db in
            var known = HouseholdPlan.Known()
            known.people = try await ImportLookups.people(numbers: personNumbers, inside: scopePaths, on: db)
            // Houses: by number, and every house of the grids the rows (or their people) are in, for addresses.
            var gridPaths = Set(rows.compactMap { $0.grid.flatMap { leaves[$0]?.path } })
            gridPaths.formUnion(known.people.values.map(\.gridPath))
            let select: SQLQueryString = "SELECT id, number, address, grid_code, grid_path FROM houses WHERE "
            var houses: [String: HouseholdPlan.KnownHouse] = [:]
            func take(_ found: [any SQLRow]) throws {
                for r in found {
                    let path = try r.decode(column: "grid_path", as: String.self)
                    guard scopePaths.contains(path) else { continue }
                    let id = try r.decode(column: "id", as: String.self)
                    houses[id] = .init(id: id, number: try r.decode(column: "number", as: String?.self), address: try r.decode(column: "address", as: String.self),
                                       gridCode: try r.decode(column: "grid_code", as: String.self), gridPath: path)
                }
            }
            for chunk in houseNumbers.chunked(500) { try take(try await db.raw(select + "number IN (\(SQLList(chunk.map { SQLBind($0) })))").all()) }
            for chunk in Array(gridPaths).chunked(200) { try take(try await db.raw(select + "grid_path IN (\(SQLList(chunk.map { SQLBind($0) })))").all()) }
            known.houses = Array(houses.values)
            for chunk in householdNumbers.chunked(500) {
                for r in try await db.raw("""
                    SELECT h.id, h.number, h.head_person_id, h.house_id, h.grid_code, h.grid_path, p.name AS head_name FROM households h
                    LEFT JOIN people p ON p.id = h.head_person_id WHERE h.number IN (\(SQLList(chunk.map { SQLBind($0) })))
                    """).all() {
                    let path = try r.decode(column: "grid_path", as: String.self)
                    guard scopePaths.contains(path) else {
                        known.outside[try r.decode(column: "number", as: String.self)] = (try r.decode(column: "id", as: String.self), path)
                        continue
                    }
                    known.households[try r.decode(column: "number", as: String.self), default: []].append(.init(
                        id: try r.decode(column: "id", as: String.self), headID: try r.decode(column: "head_person_id", as: String?.self),
                        headName: try r.decode(column: "head_name", as: String?.self), houseID: try r.decode(column: "house_id", as: String?.self),
                        gridCode: try r.decode(column: "grid_code", as: String.self), gridPath: path))
                }
            }
            return known
        }
    }

    func apply(_ plan: HouseholdPlan, leaves: [String: ImportScope.Leaf], source: String, importID: String, at now: Date,
               also: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let placeNames = try await ImportScope.placeNames(database, paths: Set(leaves.values.map(\.path)))
        let writer = BaseDataWriter(placeNames: placeNames)
        let headNames = Dictionary(plan.known.people.values.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let addresses = Dictionary(uniqueKeysWithValues: plan.known.houses.map { ($0.id, $0.address) })
        try await database.write { db in
            try await writer.insertHouseholds(plan.inserts, headNames: headNames, addresses: addresses, on: db)
            for u in plan.householdUpdates {
                var sql: SQLQueryString = "UPDATE households SET id = id"
                if let head = u.changed["head"] { sql += ", head_person_id = \(bind: head)" }
                if let house = u.changed["house"] { sql += ", house_id = \(bind: house)" }
                if let grid = u.changed["grid"], let leaf = leaves[grid] { sql += ", grid_code = \(bind: grid), grid_path = \(bind: leaf.path)" }
                try await db.raw(sql + " WHERE id = \(bind: u.id)").run()
            }
            for m in plan.memberUpdates {
                var sql: SQLQueryString = "UPDATE people SET version = \(bind: m.version)"
                if let household = m.householdID { sql += ", household_id = \(bind: household)" }
                if let relation = m.relation { sql += ", relation = \(bind: relation)" }
                if let house = m.houseID { sql += ", house_id = \(bind: house), address = (SELECT address FROM houses WHERE id = \(bind: house))" }
                try await db.raw(sql + " WHERE id = \(bind: m.personID)").run()
            }
            try await writer.refreshHouseholdSearch(plan.householdUpdates.map(\.id), on: db)
            try await writer.refreshPeopleSearch(plan.memberUpdates.filter { $0.houseID != nil }.map(\.personID), on: db)
            try await writer.insertConflicts(kind: "household", plan.householdAsides, source: source, importID: importID, at: now, on: db)
            try await writer.insertConflicts(kind: "person", plan.memberAsides, source: source, importID: importID, at: now, on: db)
            let last = try await ImportLookups.latestVersions(kind: "household", ids: plan.householdUpdates.map(\.id), on: db)
            var versions: [VersionRow] = plan.inserts.map { (kind: "household", id: $0.id, version: 1, source: source, importID: importID, at: now,
                                                            fields: plan.givenFields[$0.id] ?? []) }
            versions += plan.householdUpdates.map { (kind: "household", id: $0.id, version: (last[$0.id] ?? 1) + 1, source: source, importID: importID,
                                                     at: now, fields: $0.changed.keys.sorted()) }
            versions += plan.memberUpdates.map { (kind: "person", id: $0.personID, version: $0.version, source: source, importID: importID, at: now,
                                                  fields: $0.fields) }
            try await writer.insertVersions(versions, on: db)
            try await also(db)
        }
    }
}
