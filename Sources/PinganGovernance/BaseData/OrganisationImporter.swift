import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Department imports of organisations: identity is the unified social credit code (GB 32100);
/// the market regulator is the authority for name, kind, representative and address. Same
/// rules as people: dry run first, all or nothing unless `keepValid`, conflicts kept aside.
public struct OrganisationImporter: Sendable {
    let database: Database
    let clock: any PinganClock

    public init(database: Database, clock: any PinganClock) {
        self.database = database
        self.clock = clock
    }

    struct Candidate {
        var row: Int
        var record: OrganisationRecord
        var given: Set<String>
        /// The row as read (API field names), kept for a row held back for a merge.
        var fields: [String: String]
    }

    static let columns: [String: String] = ["name": "name", "kind": "kind", "legalRepresentative": "legal_representative",
                                            "phone": "phone", "address": "address", "grid": "grid_code"]

    /// The kind a credit code's registration authority and category imply (92 个体工商户, 91 企业,
    /// 1x 机构编制 → 事业单位, 5x 民政 → 社会组织).
    static func kind(fromCreditCode code: String) -> OrganisationKind {
        if code.hasPrefix("92") { return .soleTrader }
        if code.hasPrefix("1") { return .publicInstitution }
        if code.hasPrefix("5") { return .socialOrganisation }
        return .enterprise
    }

    static func kind(_ text: String) -> OrganisationKind? {
        if let k = OrganisationKind(rawValue: text) { return k }
        return OrganisationKind.allCases.first { text.contains($0.chineseName) || $0.chineseName.contains(text) }
    }

    public func run(_ data: Data, options: PeopleImporter.Options, for identity: Identity) async throws -> ImportReport {
        try identity.require(.importsWrite)
        let now = clock.now()
        let leaves = try await ImportScope.leaves(database, for: identity)
        var conflicts: [ImportReport.Conflict] = []
        var rejected = Set<Int>()
        var candidates: [Candidate] = []
        var seen: [String: Int] = [:]
        let table = try TabularReader.read(data, kind: .organisations, mapping: options.mapping) { row in
            let f = row.fields
            var ok = true
            func fail(_ field: String, _ message: String) {
                rejected.insert(row.number)
                conflicts.append(.init(row: row.number, field: field, value: f[field] ?? "", message: message))
                ok = false
            }
            let name = f["name"] ?? ""
            if name.isEmpty { fail("name", "缺少单位名称") } else if name.count > 100 { fail("name", "单位名称过长") }
            var code = ""
            if let raw = f["creditCode"] {
                do { code = try CreditCode.parse(raw).value } catch let p as Problem { fail("creditCode", p.errors.first?.message ?? p.detail) }
            } else {
                fail("creditCode", "缺少统一社会信用代码（单位以此识别）")
            }
            var kind = code.isEmpty ? OrganisationKind.enterprise : Self.kind(fromCreditCode: code)
            if let k = f["kind"] {
                if let parsed = Self.kind(k) { kind = parsed } else { fail("kind", "单位类型须为 企业、事业单位、个体工商户 或 社会组织") }
            }
            var phone: String? = nil
            if let raw = f["phone"] {
                do { phone = try PhoneNumber.parse(raw) } catch let p as Problem { fail("phone", p.errors.first?.message ?? p.detail) }
            }
            let gridCode = f["grid"] ?? ""
            let leaf = leaves[gridCode]
            if gridCode.isEmpty { fail("grid", "缺少网格编码") } else if leaf == nil { fail("grid", "网格编码 \(gridCode) 不存在或不在管辖范围内") }
            var point = leaf?.labelPoint
            if let latText = f["lat"], let lngText = f["lng"] {
                let system = CoordinateSystem(rawValue: (f["crs"] ?? "wgs84").lowercased())
                if let lat = Double(latText), let lng = Double(lngText), let system, (-90...90).contains(lat), (-180...180).contains(lng) {
                    let w = system.toWGS84(latitude: lat, longitude: lng)
                    point = GeoPoint(latitude: w.latitude, longitude: w.longitude)
                } else {
                    fail("lat", "坐标无效：纬度 -90–90、经度 -180–180，坐标系 wgs84、gcj02 或 bd09")
                }
            }
            if !code.isEmpty {
                if let first = seen[code] { fail("creditCode", "与第 \(first) 行信用代码重复") } else { seen[code] = row.number }
            }
            guard ok, let leaf, let point else { return }
            candidates.append(Candidate(row: row.number, record: OrganisationRecord(
                id: "o-" + UUID().uuidString.lowercased().prefix(12), name: name, creditCode: code, kind: kind,
                legalRepresentative: f["legalRepresentative"], phone: phone, address: f["address"] ?? "", houseID: nil,
                point: point, gridCode: gridCode, gridPath: leaf.path), given: Set(f.keys), fields: f))
        }
        var report = ImportReport(dryRun: options.dryRun, kind: "organisations", encoding: table.encoding.rawValue)
        report.rows = table.rowCount
        report.rejected = rejected.count

        let codes = candidates.compactMap(\.record.creditCode)
        let existing: [String: (id: String, values: [String: String], path: String)] = try await database.read { db in
            var out: [String: (id: String, values: [String: String], path: String)] = [:]
            for chunk in codes.chunked(500) {
                for r in try await db.raw("""
                    SELECT id, credit_code, name, kind, legal_representative, phone, address, grid_code, grid_path FROM organisations
                    WHERE credit_code IN (\(SQLList(chunk.map { SQLBind($0) })))
                    """).all() {
                    var values: [String: String] = [:]
                    for (field, column) in Self.columns { if let v = try r.decode(column: column, as: String?.self) { values[field] = v } }
                    out[try r.decode(column: "credit_code", as: String.self)] = (try r.decode(column: "id", as: String.self), values,
                                                                                 try r.decode(column: "grid_path", as: String.self))
                }
            }
            return out
        }
        var inserts: [OrganisationRecord] = []
        var updates: [(id: String, changed: [String: String], path: String)] = []
        var conflictRows: [(String, String, String)] = []
        var held: [ImportMerges.Draft] = []
        for c in candidates {
            let r = c.record
            guard let old = existing[r.creditCode ?? ""] else {
                inserts.append(r)
                report.imported += 1
                continue
            }
            guard identity.scope.contains(path: old.path) else {
                // Out of scope: answered exactly as a new organisation, written nowhere, held for the centre that covers both.
                held.append(ImportMerges.Draft(kind: "organisation", recordID: old.id, recordPath: old.path, incomingPath: r.gridPath,
                                               fields: c.fields, row: c.row))
                report.imported += 1
                continue
            }
            let values: [String: String?] = ["name": r.name, "kind": c.given.contains("kind") ? r.kind.rawValue : nil,
                                             "legalRepresentative": r.legalRepresentative, "phone": r.phone,
                                             "address": c.given.contains("address") ? r.address : nil, "grid": r.gridCode]
            var changed: [String: String] = [:]
            for field in Self.columns.keys.sorted() {
                guard let newValue = values[field] ?? nil, old.values[field] != newValue else { continue }
                if old.values[field] == nil || options.source.authoritativeFields.contains(field) {
                    changed[field] = newValue
                } else {
                    conflicts.append(.init(row: c.row, field: field, value: newValue,
                                           message: ImportNotes.asideMessage(field: field, existing: old.values[field]!, source: options.source.name)))
                    conflictRows.append((old.id, field, newValue))
                }
            }
            if changed.isEmpty { report.unchanged += 1 } else {
                report.updated += 1
                updates.append((old.id, changed, changed["grid"].flatMap { leaves[$0]?.path } ?? old.path))
            }
        }
        conflicts.sort { ($0.row, $0.field) < ($1.row, $1.field) }
        report.conflicts = conflicts
        guard !options.dryRun, report.rejected == 0 || options.keepValid else { return report }

        let importID = UUID().uuidString.lowercased()
        let placeNames = try await ImportScope.placeNames(database, paths: Set(inserts.map(\.gridPath) + updates.map(\.path)))
        let writer = BaseDataWriter(placeNames: placeNames)
        let (newRecords, changes, asides, heldRows) = (inserts, updates, conflictRows, held)
        let source = options.source
        try await database.write { db in
            try await writer.insertOrganisations(newRecords, on: db)
            for u in changes {
                var sql: SQLQueryString = "UPDATE organisations SET grid_path = \(bind: u.path)"
                for (field, value) in u.changed.sorted(by: { $0.key < $1.key }) { sql += ", \(ident: Self.columns[field]!) = \(bind: value)" }
                sql += " WHERE id = \(bind: u.id)"
                try await db.raw(sql).run()
                if let row = try await db.raw("SELECT name, credit_code, address, grid_code FROM organisations WHERE id = \(bind: u.id)").first() {
                    let search = writer.organisationSearch(name: try row.decode(column: "name", as: String.self),
                                                           creditCode: try row.decode(column: "credit_code", as: String?.self),
                                                           address: try row.decode(column: "address", as: String.self),
                                                           gridCode: try row.decode(column: "grid_code", as: String.self))
                    try await writer.updateSearch(kind: "organisation", id: u.id, path: u.path, search, on: db)
                }
            }
            for chunk in asides.chunked(300) {
                let insert = db.insert(into: "record_conflicts").columns("kind", "record_id", "field", "value", "source", "import_id", "at")
                for (id, field, value) in chunk {
                    insert.values(SQLBind("organisation"), SQLBind(id), SQLBind(field), SQLBind(value), SQLBind(source.name), SQLBind(importID), SQLBind(now.epochMillis))
                }
                try await insert.run()
            }
            var versions = newRecords.map { (kind: "organisation", id: $0.id, version: 1, source: source.name, importID: Optional(importID), at: now,
                                          fields: ["name", "creditCode", "kind", "legalRepresentative", "phone", "address", "grid"]) }
            for u in changes {
                let last = try await db.raw("SELECT MAX(version) AS v FROM record_versions WHERE kind = 'organisation' AND record_id = \(bind: u.id)")
                    .first()?.decode(column: "v", as: Int?.self) ?? nil
                versions.append((kind: "organisation", id: u.id, version: (last ?? 1) + 1, source: source.name, importID: Optional(importID), at: now,
                                 fields: u.changed.keys.sorted()))
            }
            try await writer.insertVersions(versions, on: db)
            try await ImportMerges.insert(heldRows, source: source, importID: importID, importer: identity.username, at: now, on: db)
        }
        try await database.refreshStatistics(["organisations", "search_index", "record_versions"], changedRows: report.imported + report.updated)
        report.applied = true
        report.importId = importID
        return report
    }
}
