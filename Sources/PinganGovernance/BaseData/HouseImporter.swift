import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Department imports of houses (房屋). A house is identified by its register number (房屋编号)
/// when the file gives one, else by its normalised address within its unit grid; a numbered row
/// whose number is not on record also matches an unnumbered house at that address (the number
/// fills the empty field). The unit grid comes from the grid code column or is located from the
/// point (GCJ-02 / BD-09 converted to WGS 84). Housing registration (住建/房管/不动产) is the
/// authority for number, address, use, owner and floors; the grid worker for the location.
/// Same rules as people: dry run first, all or nothing unless `keepValid`, conflicts kept aside.
public struct HouseImporter: Sendable {
    let database: Database
    let clock: any PinganClock
    let grids: GridService

    public init(database: Database, clock: any PinganClock, grids: GridService) {
        self.database = database
        self.clock = clock
        self.grids = grids
    }

    /// A row that passed validation.
    struct Candidate {
        var row: Int
        var number: String?
        var address: String
        var addressKey: String
        /// The point the row gave, in WGS 84.
        var point: GeoPoint?
        var use: HouseUse?
        var ownerName: String?
        var ownerNumber: String?
        var floors: Int?
        var gridCode: String
        var leaf: ImportScope.Leaf
        /// The row as read (API field names), kept for a row held back for a merge.
        var fields: [String: String]
    }

    struct Existing {
        var id: String
        var number: String?
        var addressKey: String
        var values: [String: String]
        var gridPath: String
    }

    /// Compared fields → their column ("location" is the pair lat7/lng7, "ownerResidentId" the owner's person id).
    static let columns: [String: String] = ["houseNumber": "number", "address": "address", "use": "use", "ownerName": "owner_name",
                                            "ownerResidentId": "owner_person_id", "floors": "floors", "grid": "grid_code"]

    public func run(_ data: Data, options: PeopleImporter.Options, for identity: Identity) async throws -> ImportReport {
        try identity.require(.importsWrite)
        let now = clock.now()
        let leaves = try await ImportScope.leaves(database, for: identity)
        var notes = ImportNotes()
        var candidates: [Candidate] = []
        var seen: [String: Int] = [:]
        let table = try TabularReader.read(data, kind: .houses, mapping: options.mapping) { row in
            if let c = validate(row, leaves: leaves, asOf: now, notes: &notes, seen: &seen) { candidates.append(c) }
        }
        var report = ImportReport(dryRun: options.dryRun, kind: "houses", encoding: table.encoding.rawValue)
        report.rows = table.rowCount

        let (existing, owners, outside) = try await load(candidates, leaves: leaves)
        let byNumber = Dictionary(grouping: existing.filter { $0.number != nil }, by: { $0.number! })
        let byAddress = Dictionary(grouping: existing, by: { $0.gridPath + "|" + $0.addressKey })
        var plan = Plan(ids: RecordIDs(prefix: "h-", at: now))
        var matched: [String: Int] = [:]   // existing id → first row matching it
        var held: [ImportMerges.Draft] = []
        for c in candidates {
            if let number = c.number, byNumber[number] == nil, let other = outside[number] {
                // The register number is a house's outside the scope: answered as a new house, written nowhere.
                held.append(ImportMerges.Draft(kind: "house", recordID: other.id, recordPath: other.path, incomingPath: c.leaf.path,
                                               fields: c.fields, row: c.row))
                continue
            }
            // Identity: the register number, else the address within the grid.
            var match: Existing? = nil
            if let number = c.number, let found = byNumber[number] {
                guard found.count == 1 else {
                    notes.reject(c.row, "houseNumber", number, "房屋编号 \(number) 对应 \(found.count) 处房屋，请先核对房屋编号")
                    continue
                }
                match = found[0]
            } else {
                let sameAddress = (byAddress[c.leaf.path + "|" + c.addressKey] ?? []).filter { c.number == nil || $0.number == nil }
                guard sameAddress.count <= 1 else {
                    notes.reject(c.row, "address", c.address, "该网格内有 \(sameAddress.count) 处房屋地址相同，请填写房屋编号以区分")
                    continue
                }
                match = sameAddress.first
            }
            if let m = match {
                if let first = matched[m.id] {
                    notes.reject(c.row, c.number == nil ? "address" : "houseNumber", c.number ?? c.address, "与第 \(first) 行是同一处房屋")
                    continue
                }
                matched[m.id] = c.row
            }
            var ownerID: String? = nil
            if let number = c.ownerNumber {
                ownerID = owners[number]
                if ownerID == nil { notes.note(c.row, "ownerResidentId", number, "产权人身份证号未对应已登记的人员（或不在管辖范围内），仅保存产权人姓名") }
            }
            plan.add(c, match: match, ownerID: ownerID, source: options.source, notes: &notes)
        }
        report.rejected = notes.rejected.count
        report.imported = plan.inserts.count + held.count
        report.updated = plan.updates.count
        report.unchanged = plan.unchanged
        report.conflicts = notes.sorted
        guard !options.dryRun, report.rejected == 0 || options.keepValid else { return report }
        let importID = UUID().uuidString.lowercased()
        let heldRows = held
        try await apply(plan, leaves: leaves, source: options.source.name, importID: importID, at: now) { db in
            try await ImportMerges.insert(heldRows, source: options.source, importID: importID, importer: identity.username, at: now, on: db)
        }
        try await database.refreshStatistics(["houses", "search_index", "record_versions"], changedRows: report.imported + report.updated)
        report.applied = true
        report.importId = importID
        return report
    }

    /// Checks one row; nil (with the reasons noted) when it is rejected.
    func validate(_ row: ImportRow, leaves: [String: ImportScope.Leaf], asOf now: Date, notes: inout ImportNotes,
                  seen: inout [String: Int]) -> Candidate? {
        let f = row.fields
        var ok = true
        func fail(_ field: String, _ message: String) { notes.reject(row.number, field, f[field] ?? "", message); ok = false }
        let address = ImportText.halfWidth(f["address"] ?? "")
        if address.isEmpty { fail("address", "缺少房屋地址") } else if address.count > 200 { fail("address", "地址过长（不超过 200 字）") }
        let number = f["houseNumber"].map(ImportText.registerNumber).flatMap { $0.isEmpty ? nil : $0 }
        if let number, number.count > 40 { fail("houseNumber", "房屋编号过长（不超过 40 位）") }
        var use: HouseUse? = nil
        if let text = f["use"] {
            use = ImportText.houseUse(text)
            if use == nil { fail("use", "房屋用途须为 住宅、商铺、厂房、公共建筑 或 商住混合") }
        }
        var floors: Int? = nil
        if let text = f["floors"] {
            floors = ImportText.floors(text)
            if floors == nil { fail("floors", "层数须为 1–300 的整数") }
        }
        let ownerName = f["ownerName"]
        if let ownerName, ownerName.count > 40 { fail("ownerName", "产权人姓名过长") }
        var ownerNumber: String? = nil
        if let text = f["ownerResidentId"] {
            do { ownerNumber = try ImportText.personDocument(text, field: "ownerResidentId", asOf: now).number } catch let p as Problem {
                fail("ownerResidentId", ImportText.message(p))
            } catch { fail("ownerResidentId", "证件号码无效") }
        }
        var point: GeoPoint? = nil
        switch (f["lat"], f["lng"]) {
        case (nil, nil): break
        case (let lat?, let lng?):
            if let system = ImportText.coordinateSystem(f["crs"]), let la = Double(ImportText.halfWidth(lat)), let lo = Double(ImportText.halfWidth(lng)),
               (-90...90).contains(la), (-180...180).contains(lo) {
                let w = system.toWGS84(latitude: la, longitude: lo)
                point = GeoPoint(latitude: w.latitude, longitude: w.longitude)
            } else if ImportText.coordinateSystem(f["crs"]) == nil {
                fail("crs", "坐标系须为 wgs84、gcj02 或 bd09")
            } else {
                fail("lat", "坐标无效：纬度 -90–90、经度 -180–180")
            }
        default:
            fail(f["lat"] == nil ? "lat" : "lng", "纬度和经度须同时填写")
        }
        // The unit grid: the code column, else located from the point.
        var gridCode = f["grid"] ?? ""
        if gridCode.isEmpty, let point {
            gridCode = grids.locateLeaf(point) ?? ""
            if gridCode.isEmpty || leaves[gridCode] == nil {
                notes.reject(row.number, "lat", "\(f["lat"] ?? ""),\(f["lng"] ?? "")", "坐标不在管辖范围内的任何单元网格")
                ok = false
            }
        } else if gridCode.isEmpty {
            fail("grid", "缺少网格编码（或经纬度）")
        } else if leaves[gridCode] == nil {
            fail("grid", "网格编码 \(gridCode) 不存在或不在管辖范围内")
        }
        guard ok, let leaf = leaves[gridCode] else { return nil }
        let key = ImportText.addressKey(address)
        let identity = number.map { "n:" + $0 } ?? "a:" + leaf.path + "|" + key
        if let first = seen[identity] {
            notes.reject(row.number, number == nil ? "address" : "houseNumber", number ?? address, "与第 \(first) 行是同一处房屋（重复）")
            return nil
        }
        seen[identity] = row.number
        return Candidate(row: row.number, number: number, address: address, addressKey: key, point: point, use: use, ownerName: ownerName,
                         ownerNumber: ownerNumber, floors: floors, gridCode: gridCode, leaf: leaf, fields: row.fields)
    }

    /// Houses that may be the rows' houses (same number, or in the same grids) and the owners on record.
    /// Also the houses outside the scope that carry a row's register number (number → id, path): never matched for writing.
    func load(_ candidates: [Candidate], leaves: [String: ImportScope.Leaf]) async throws
        -> ([Existing], [String: String], [String: (id: String, path: String)]) {
        let numbers = Array(Set(candidates.compactMap(\.number)))
        let paths = Array(Set(candidates.map(\.leaf.path)))
        let ownerNumbers = candidates.compactMap(\.ownerNumber)
        let scopePaths = Set(leaves.values.map(\.path))
        return try await database.read { db in
            var houses: [String: Existing] = [:]
            var outside: [String: (id: String, path: String)] = [:]
            func take(_ rows: [any SQLRow]) throws {
                for r in rows {
                    var values: [String: String] = [:]
                    for (field, column) in Self.columns {
                        if field == "floors" {
                            if let n = try r.decode(column: column, as: Int?.self) { values[field] = String(n) }
                        } else if let v = try r.decode(column: column, as: String?.self) { values[field] = v }
                    }
                    values["location"] = "\(try r.decode(column: "lat7", as: Int64.self)),\(try r.decode(column: "lng7", as: Int64.self))"
                    let path = try r.decode(column: "grid_path", as: String.self)
                    guard scopePaths.contains(path) else {
                        if let number = values["houseNumber"] { outside[number] = (try r.decode(column: "id", as: String.self), path) }
                        continue
                    }
                    let id = try r.decode(column: "id", as: String.self)
                    houses[id] = Existing(id: id, number: values["houseNumber"], addressKey: ImportText.addressKey(values["address"] ?? ""),
                                          values: values, gridPath: path)
                }
            }
            let select: SQLQueryString = "SELECT id, number, address, use, owner_name, owner_person_id, floors, lat7, lng7, grid_code, grid_path FROM houses WHERE "
            for chunk in numbers.chunked(500) {
                try take(try await db.raw(select + "number IN (\(SQLList(chunk.map { SQLBind($0) })))").all())
            }
            for chunk in paths.chunked(200) {
                try take(try await db.raw(select + "grid_path IN (\(SQLList(chunk.map { SQLBind($0) })))").all())
            }
            // Owners inside the caller's scope only: one outside it reads exactly like one not on record.
            let owners = try await ImportLookups.people(numbers: ownerNumbers, inside: scopePaths, on: db).mapValues(\.id)
            return (Array(houses.values).sorted { $0.id < $1.id }, owners, outside)
        }
    }

    func apply(_ plan: Plan, leaves: [String: ImportScope.Leaf], source: String, importID: String, at now: Date,
               also: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let placeNames = try await ImportScope.placeNames(database, paths: Set(leaves.values.map(\.path)))
        let writer = BaseDataWriter(placeNames: placeNames)
        try await database.write { db in
            try await writer.insertHouses(plan.inserts, on: db)
            var addressChanged: [String] = []
            for u in plan.updates {
                var sql: SQLQueryString = "UPDATE houses SET id = id"
                for (field, value) in u.changed.sorted(by: { $0.key < $1.key }) {
                    switch field {
                    case "location":
                        let parts = value.split(separator: ",").compactMap { Int64($0) }
                        guard parts.count == 2 else { continue }
                        sql += ", lat7 = \(bind: parts[0]), lng7 = \(bind: parts[1])"
                    case "floors": sql += ", floors = \(bind: Int(value))"
                    default: sql += ", \(ident: Self.columns[field]!) = \(bind: value)"
                    }
                }
                if let path = u.path { sql += ", grid_path = \(bind: path)" }
                sql += " WHERE id = \(bind: u.id)"
                try await db.raw(sql).run()
                if let address = u.changed["address"] {
                    // People show their house's address; households too (through the join in their search row).
                    try await db.raw("UPDATE people SET address = \(bind: address) WHERE house_id = \(bind: u.id)").run()
                    addressChanged.append(u.id)
                }
            }
            try await writer.refreshHouseSearch(plan.updates.map(\.id), on: db)
            if !addressChanged.isEmpty {
                var households: [String] = [], people: [String] = []
                for chunk in addressChanged.chunked(300) {
                    let list = SQLList(chunk.map { SQLBind($0) })
                    households += try await db.raw("SELECT id FROM households WHERE house_id IN (\(list))").all().map { try $0.decode(column: "id", as: String.self) }
                    people += try await db.raw("SELECT id FROM people WHERE house_id IN (\(list))").all().map { try $0.decode(column: "id", as: String.self) }
                }
                try await writer.refreshHouseholdSearch(households, on: db)
                try await writer.refreshPeopleSearch(people, on: db)
            }
            try await writer.insertConflicts(kind: "house", plan.asides, source: source, importID: importID, at: now, on: db)
            let last = try await ImportLookups.latestVersions(kind: "house", ids: plan.updates.map(\.id), on: db)
            var versions: [VersionRow] = plan.inserts.map { (kind: "house", id: $0.id, version: 1, source: source, importID: importID, at: now,
                                                            fields: plan.givenFields[$0.id] ?? []) }
            versions += plan.updates.map { (kind: "house", id: $0.id, version: (last[$0.id] ?? 1) + 1, source: source, importID: importID, at: now,
                                            fields: $0.changed.keys.sorted()) }
            try await writer.insertVersions(versions, on: db)
            try await also(db)
        }
    }
}
