import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Department imports of people (一次提交、多次使用): validation, identity resolution by
/// (document type, number), per-field authority, conflicts kept beside the first value.
/// All or nothing unless `keepValid`; re-importing the same file changes nothing.
public struct PeopleImporter: Sendable {
    public struct Options: Sendable {
        public var dryRun: Bool
        public var keepValid: Bool
        public var mapping: [String: String]
        public var source: ImportSource
        public init(dryRun: Bool, keepValid: Bool, mapping: [String: String], source: ImportSource) {
            self.dryRun = dryRun
            self.keepValid = keepValid
            self.mapping = mapping
            self.source = source
        }
    }

    let database: Database
    let clock: any PinganClock
    let time: CountyTime

    public init(database: Database, clock: any PinganClock, time: CountyTime = .shanghai) {
        self.database = database
        self.clock = clock
        self.time = time
    }

    /// A row that passed validation.
    struct Candidate {
        var row: Int
        var name: String
        var documentType: DocumentType
        var number: String?
        var sex: Sex?
        var birthDate: String?
        var phone: String?
        var residency: Residency?
        var awayPlace: String?
        var awayReason: String?
        var address: String?
        var gridCode: String
        var gridPath: String
        /// The fields the row gave a value for.
        var given: Set<String>
    }

    struct Existing {
        var id: String
        var values: [String: String]
        var version: Int
        var gridPath: String
    }

    static let comparedFields = ["name", "sex", "birthDate", "phone", "residency", "awayPlace", "awayReason", "address", "grid"]
    static let columns: [String: String] = ["name": "name", "sex": "sex", "birthDate": "birth_date", "phone": "phone", "residency": "residency",
                                            "awayPlace": "away_place", "awayReason": "away_reason", "address": "address", "grid": "grid_code"]

    public func run(_ data: Data, options: Options, for identity: Identity, client: String) async throws -> ImportReport {
        try identity.require(.importsWrite)
        let now = clock.now()
        // Unit grids the importer may write into: code → path.
        let leaves = try await ImportScope.leaves(database, for: identity).mapValues(\.path)
        var conflicts: [ImportReport.Conflict] = []
        var rejectedRows = Set<Int>()
        var candidates: [Candidate] = []
        var seen: [String: Int] = [:]
        func reject(_ row: Int, _ field: String, _ value: String, _ message: String) {
            rejectedRows.insert(row)
            conflicts.append(.init(row: row, field: field, value: value, message: message))
        }
        let table = try TabularReader.read(data, kind: .people, mapping: options.mapping) { row in
            let f = row.fields
            var ok = true
            func fail(_ field: String, _ message: String) { reject(row.number, field, f[field] ?? "", message); ok = false }
            let name = f["name"] ?? ""
            if name.isEmpty { fail("name", "缺少姓名") } else if name.count > 40 { fail("name", "姓名过长") }
            var docType = DocumentType.residentId
            if let t = f["documentType"] {
                if let parsed = DocumentType(label: t) { docType = parsed } else { fail("documentType", "无法识别的证件类型") }
            }
            var number: String? = nil
            var sex: Sex? = f["sex"].flatMap { $0.contains("男") || $0 == "male" ? .male : $0.contains("女") || $0 == "female" ? .female : nil }
            var birth = f["birthDate"]
            let rawNumber = f["residentId"] ?? f["documentNumber"]
            do {
                let doc = try PersonDocument.parse(type: docType, number: rawNumber, field: "residentId", asOf: now)
                number = doc.number
                if doc.type == .residentId, let n = doc.number, let id = try? ResidentID.parse(n, asOf: now) {
                    let derivedSex: Sex = id.isMale ? .male : .female
                    let b = id.birthDate
                    let derivedBirth = String(format: "%04d-%02d-%02d", b.year, b.month, b.day)
                    if let s = sex, s != derivedSex { fail("sex", "性别与身份证号码不符（号码显示为\(derivedSex == .male ? "男" : "女")）") }
                    if let given = birth, given != derivedBirth { fail("birthDate", "出生日期与身份证号码不符（号码显示为 \(derivedBirth)）") }
                    sex = derivedSex
                    birth = derivedBirth
                }
            } catch let p as Problem {
                fail("residentId", p.errors.first?.message ?? p.detail)
            }
            var phone: String? = nil
            if let raw = f["phone"] {
                do { phone = try PhoneNumber.parse(raw) } catch let p as Problem { fail("phone", p.errors.first?.message ?? p.detail) }
            }
            var residency: Residency? = nil
            if let r = f["residency"] {
                residency = Residency(rawValue: r) ?? Residency.allCases.first { r.contains($0.chineseName.prefix(2)) }
                if residency == nil { fail("residency", "人口类型须为 户籍、流动 或 在外") }
            }
            let gridCode = f["grid"] ?? ""
            let gridPath = leaves[gridCode]
            if gridCode.isEmpty { fail("grid", "缺少网格编码") } else if gridPath == nil { fail("grid", "网格编码 \(gridCode) 不存在或不在管辖范围内") }
            if let n = number {
                let key = docType.rawValue + ":" + n
                if let first = seen[key] { fail("residentId", "与第 \(first) 行证件号码重复") } else { seen[key] = row.number }
            }
            guard ok, let gridPath else { return }
            candidates.append(Candidate(row: row.number, name: name, documentType: docType, number: number, sex: sex, birthDate: birth,
                                        phone: phone, residency: residency, awayPlace: f["awayPlace"], awayReason: f["awayReason"],
                                        address: f["address"], gridCode: gridCode, gridPath: gridPath, given: Set(f.keys)))
        }
        var report = ImportReport(dryRun: options.dryRun, kind: "people", encoding: table.encoding.rawValue)
        report.rows = table.rowCount
        report.rejected = rejectedRows.count

        // Identity resolution against the people already known.
        let numbers = candidates.compactMap(\.number)
        let existing: [String: Existing] = try await database.read { db in
            var out: [String: Existing] = [:]
            for chunk in numbers.chunked(500) {
                for r in try await db.raw("""
                    SELECT id, doc_type, doc_number, name, sex, birth_date, phone, residency, away_place, away_reason, address, grid_code, grid_path, version
                    FROM people WHERE doc_number IN (\(SQLList(chunk.map { SQLBind($0) })))
                    """).all() {
                    var values: [String: String] = [:]
                    for (field, column) in Self.columns {
                        if let v = try r.decode(column: column, as: String?.self) { values[field] = v }
                    }
                    let key = try r.decode(column: "doc_type", as: String.self) + ":" + (try r.decode(column: "doc_number", as: String.self))
                    out[key] = Existing(id: try r.decode(column: "id", as: String.self), values: values,
                                        version: try r.decode(column: "version", as: Int.self), gridPath: try r.decode(column: "grid_path", as: String.self))
                }
            }
            return out
        }
        var inserts: [PersonRecord] = []
        var reported: [String: String] = [:]
        var updates: [(Existing, [String: String], String)] = []   // record, changed field → value, new grid path
        var conflictRows: [(String, String, String)] = []          // record id, field, value
        var versions: [(kind: String, id: String, version: Int, source: String, importID: String?, at: Date, fields: [String])] = []
        let importID = UUID().uuidString.lowercased()
        for c in candidates {
            let values: [String: String?] = ["name": c.name, "sex": c.sex?.rawValue, "birthDate": c.birthDate, "phone": c.phone,
                                             "residency": c.residency?.rawValue, "awayPlace": c.awayPlace, "awayReason": c.awayReason,
                                             "address": c.address, "grid": c.gridCode]
            guard let number = c.number, let old = existing[c.documentType.rawValue + ":" + number] else {
                let id = "p-" + UUID().uuidString.lowercased().prefix(12)
                inserts.append(PersonRecord(id: id, name: c.name, documentType: c.documentType, documentNumber: c.number, sex: c.sex,
                                            birthDate: c.birthDate, phone: c.phone, residency: c.residency ?? .registered, awayPlace: c.awayPlace,
                                            awayReason: c.awayReason, householdID: nil, relationToHead: nil, houseID: nil,
                                            gridCode: c.gridCode, gridPath: c.gridPath))
                if let a = c.address { reported[id] = a }
                versions.append((kind: "person", id: id, version: 1, source: options.source.name, importID: importID, at: now,
                                 fields: Self.comparedFields.filter { values[$0] != nil && values[$0]! != nil } + (c.number == nil ? [] : ["residentId"])))
                report.imported += 1
                continue
            }
            var changed: [String: String] = [:]
            for field in Self.comparedFields {
                guard let newValue = values[field] ?? nil else { continue }
                let oldValue = old.values[field]
                if oldValue == newValue { continue }
                if oldValue == nil || options.source.authoritativeFields.contains(field) {
                    changed[field] = newValue
                } else {
                    conflicts.append(.init(row: c.row, field: field, value: newValue,
                                           message: "与已有值不一致（已有“\(oldValue!)”），\(options.source.name)不是该字段的权威来源，已另存为冲突"))
                    conflictRows.append((old.id, field, newValue))
                }
            }
            if changed.isEmpty {
                report.unchanged += 1
            } else {
                report.updated += 1
                updates.append((old, changed, changed["grid"].flatMap { leaves[$0] } ?? old.gridPath))
                versions.append((kind: "person", id: old.id, version: old.version + 1, source: options.source.name, importID: importID,
                                 at: now, fields: changed.keys.sorted()))
            }
        }
        conflicts.sort { ($0.row, $0.field) < ($1.row, $1.field) }
        report.conflicts = conflicts
        guard !options.dryRun, report.rejected == 0 || options.keepValid else { return report }
        try await apply(inserts: inserts, reported: reported, updates: updates, conflictRows: conflictRows, versions: versions,
                        source: options.source.name, importID: importID, at: now)
        report.applied = true
        report.importId = importID
        return report
    }

    func apply(inserts: [PersonRecord], reported: [String: String], updates: [(Existing, [String: String], String)],
               conflictRows: [(String, String, String)],
               versions: [(kind: String, id: String, version: Int, source: String, importID: String?, at: Date, fields: [String])],
               source: String, importID: String, at now: Date) async throws {
        // Place names for the search rows of the grids touched.
        let placeNames = try await ImportScope.placeNames(database, paths: Set(inserts.map(\.gridPath) + updates.map(\.2)))
        let writer = BaseDataWriter(placeNames: placeNames)
        try await database.write { db in
            try await writer.insertPeople(inserts, addresses: [:], reported: reported, on: db)
            for (old, changed, newPath) in updates {
                var sets: [SQLQueryString] = []
                for (field, value) in changed.sorted(by: { $0.key < $1.key }) {
                    sets.append("\(ident: Self.columns[field]!) = \(bind: value)")
                }
                sets.append("grid_path = \(bind: newPath)")
                sets.append("version = \(bind: old.version + 1)")
                var sql: SQLQueryString = "UPDATE people SET "
                for (i, s) in sets.enumerated() { sql += (i > 0 ? ", " : "") + s }
                sql += " WHERE id = \(bind: old.id)"
                try await db.raw(sql).run()
                if let row = try await db.raw("SELECT name, address, away_place, grid_code FROM people WHERE id = \(bind: old.id)").first() {
                    let name = try row.decode(column: "name", as: String.self)
                    let address = try row.decode(column: "address", as: String?.self) ?? (try row.decode(column: "away_place", as: String?.self) ?? "")
                    let grid = try row.decode(column: "grid_code", as: String.self)
                    try await db.raw("""
                        UPDATE search_index SET title = \(bind: name), subtitle = \(bind: address), grid_path = \(bind: newPath),
                        body = \(bind: "\(name) \(address) \(writer.place(grid))"),
                        grams = \(bind: BaseDataWriter.bigrams("\(name) \(address) \(writer.place(grid))")) WHERE kind = 'person' AND id = \(bind: old.id)
                        """).run()
                }
            }
            for chunk in conflictRows.chunked(300) {
                let insert = db.insert(into: "record_conflicts").columns("kind", "record_id", "field", "value", "source", "import_id", "at")
                for (id, field, value) in chunk {
                    insert.values(SQLBind("person"), SQLBind(id), SQLBind(field), SQLBind(value), SQLBind(source), SQLBind(importID), SQLBind(now.epochMillis))
                }
                try await insert.run()
            }
            try await writer.insertVersions(versions, on: db)
        }
    }
}
