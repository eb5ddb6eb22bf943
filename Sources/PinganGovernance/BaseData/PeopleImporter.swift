import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Department imports of people (一次提交、多次使用): validation, identity resolution by
/// (document type, number), per-field authority, conflicts kept beside the first value.
/// All or nothing unless `keepValid`; re-importing the same file changes nothing.
///
/// A helper thread reads and checks the file while the rows before are resolved and written, all
/// inside one transaction; a file with rejected rows (without `keepValid`) is rolled back at the
/// end. Search rows, their full-text entries and provenance are written once per import, in
/// set-based statements, before the same commit.
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
    struct Candidate: Sendable {
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
    }

    struct Existing: Sendable {
        var id: String
        var values: [String: String]
        var version: Int
        var gridPath: String
    }

    static let comparedFields = ["name", "sex", "birthDate", "phone", "residency", "awayPlace", "awayReason", "address", "grid"]
    static let columns: [String: String] = ["name": "name", "sex": "sex", "birthDate": "birth_date", "phone": "phone", "residency": "residency",
                                            "awayPlace": "away_place", "awayReason": "away_reason", "address": "address", "grid": "grid_code"]

    /// Thrown inside the write transaction to roll back a file with rejected rows; carries the report.
    struct RolledBack: Error { var report: ImportReport }

    public func run(_ data: Data, options: Options, for identity: Identity, client: String) async throws -> ImportReport {
        try identity.require(.importsWrite)
        let now = clock.now()
        // Unit grids the importer may write into: code → path.
        let leaves = try await ImportScope.leaves(database, for: identity).mapValues(\.path)
        let importID = UUID().uuidString.lowercased()
        let rows = CheckedRowStream(data, kind: .people, mapping: options.mapping, checker: PeopleRowChecker(leaves: leaves, now: now))
        defer { rows.stop() }
        let source = options.source
        if options.dryRun {
            let plan = try await database.read { db in
                var plan = PeoplePlan(source: source, leaves: leaves, scope: identity.scope, importID: importID, now: now)
                let identities = try await PeopleIdentityIndex.load(on: db, fileBytes: data.count)
                for try await batch in rows.batches {
                    _ = plan.add(batch, existing: try await identities.existing(for: batch, on: db))
                    rows.release()
                }
                return plan
            }
            return try Self.report(plan, rows, dryRun: true)
        }
        // Place names of every grid in scope: the grids the file names are known only as it is read.
        let writer = BaseDataWriter(placeNames: try await ImportScope.placeNames(database, paths: Set(leaves.values)))
        let keepValid = options.keepValid
        do {
            let report = try await database.bulkWrite { db, copier in
                let sqlite = db.dialect.name == "sqlite"
                var plan = PeoplePlan(source: source, leaves: leaves, scope: identity.scope, importID: importID, now: now)
                let identities = try await PeopleIdentityIndex.load(on: db, fileBytes: data.count)
                try await writer.withDeferredSearchIndex(expectedRows: data.count / PeopleIdentityIndex.bytesPerRow, on: db) {
                    // Each batch is prepared here while the one before it is still being written.
                    var writes = OverlappedWrites()
                    do {
                        for try await batch in rows.batches {
                            if identities.queries(for: batch) { try await writes.drain() }
                            let existing = try await identities.existing(for: batch, on: db)
                            let (people, reported) = plan.add(batch, existing: existing)
                            rows.release()
                            guard !people.isEmpty else { continue }
                            // PostgreSQL copies the search rows with the people (COPY); SQLite builds them from the people rows at the end.
                            let load = writer.peopleLoad(people, addresses: [:], reported: reported, searchRows: !sqlite, sqlite: sqlite)
                            try await writes.submit { try await load.write(to: copier) }
                        }
                        try await writes.drain()
                    } catch {
                        await writes.abandon()
                        throw error
                    }
                    let read = try Self.report(plan, rows, dryRun: false)
                    guard read.rejected == 0 || keepValid else { throw RolledBack(report: read) }
                    if sqlite, plan.imported > 0 {
                        try await writer.createPlaceTable(on: db)
                        try await writer.insertPersonSearchRowsInSQL(from: plan.ids.id(run: 0), through: plan.ids.id(run: plan.ids.counter - 1), on: db)
                        try await writer.dropPlaceTable(on: db)
                    }
                }
                try await Self.finish(plan, writer: writer, importer: identity.username, on: db)
                var report = try Self.report(plan, rows, dryRun: false)
                report.applied = true
                report.importId = importID
                return report
            }
            try await database.refreshStatistics(["people", "search_index", "record_versions"], changedRows: report.imported + report.updated)
            return report
        } catch let rolledBack as RolledBack {
            return rolledBack.report
        }
    }

    /// Changes to known people, conflicts kept aside, and provenance, after the new people.
    static func finish(_ plan: PeoplePlan, writer: BaseDataWriter, importer: String, on db: any SQLDatabase) async throws {
        for (old, changed, newPath) in plan.updates {
            var sql: SQLQueryString = "UPDATE people SET grid_path = \(bind: newPath), version = \(bind: old.version + 1)"
            for (field, value) in changed.sorted(by: { $0.key < $1.key }) {
                guard let column = columns[field] else { continue }
                sql += ", \(ident: column) = \(bind: value)"
            }
            try await db.raw(sql + " WHERE id = \(bind: old.id)").run()
        }
        try await writer.refreshPeopleSearch(plan.updates.map(\.old.id), on: db)
        try await writer.insertConflicts(kind: "person", plan.asides, source: plan.source.name, importID: plan.importID, at: plan.now, on: db)
        try await writer.insertFirstVersions(kind: "person", table: "people", plan.firstVersions, ids: plan.ids, source: plan.source.name,
                                             importID: plan.importID, at: plan.now, on: db)
        try await writer.insertVersions(plan.versions, on: db)
        try await ImportMerges.insert(plan.held, source: plan.source, importID: plan.importID, importer: importer, at: plan.now, on: db)
    }

    /// The report of a plan whose file has been read to the end.
    static func report(_ plan: PeoplePlan, _ rows: CheckedRowStream<Candidate>, dryRun: Bool) throws -> ImportReport {
        guard let outcome = rows.outcome else {
            throw Problem(status: 500, kind: "import", title: "导入失败", detail: "文件未读完")
        }
        var report = ImportReport(dryRun: dryRun, kind: "people", encoding: outcome.table.encoding.rawValue)
        report.rows = outcome.table.rowCount
        report.rejected = outcome.notes.rejected.count
        report.imported = plan.reportedImported
        report.updated = plan.updates.count
        report.unchanged = plan.unchanged
        report.conflicts = (outcome.notes.conflicts + plan.conflicts).sorted { ($0.row, $0.field) < ($1.row, $1.field) }
        return report
    }
}
