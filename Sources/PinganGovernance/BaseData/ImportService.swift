import Foundation
import PinganAccess
import PinganKernel
import PinganStorage

/// Department imports as one service: who may import, under which source (the account's, never
/// the request's), the audit entry of an applied import, and the rows held back for a merge.
public struct ImportService: Sendable {
    public struct Request: Sendable {
        public var kind: ImportKind
        public var dryRun: Bool
        public var keepValid: Bool
        public var mapping: [String: String]
        public init(kind: ImportKind, dryRun: Bool, keepValid: Bool, mapping: [String: String]) {
            self.kind = kind
            self.dryRun = dryRun
            self.keepValid = keepValid
            self.mapping = mapping
        }
    }

    public enum Decision: String, Sendable { case merge, reject }

    let people: PeopleImporter
    let organisations: OrganisationImporter
    let households: HouseholdImporter
    let houses: HouseImporter
    let bindings: ImportSourceBindings
    public let merges: ImportMerges
    let audit: AuditLog
    let clock: any PinganClock

    public init(database: Database, grids: GridService, bindings: ImportSourceBindings, audit: AuditLog, clock: any PinganClock,
                time: CountyTime) {
        people = PeopleImporter(database: database, clock: clock, time: time)
        organisations = OrganisationImporter(database: database, clock: clock)
        households = HouseholdImporter(database: database, clock: clock)
        houses = HouseImporter(database: database, clock: clock, grids: grids)
        merges = ImportMerges(database: database, time: time)
        self.bindings = bindings
        self.audit = audit
        self.clock = clock
    }

    /// The source the caller's imports carry: the one bound to their account, else (operators) their centre, with no authority.
    public func source(for identity: Identity) async throws -> ImportSource {
        try identity.require(.importsWrite)
        if let bound = try await bindings.source(for: identity) { return ImportSource(name: bound) }
        guard identity.role != .departmentOfficer else {
            throw Problem.forbidden("该账户未绑定导入数据来源，请安全管理员先绑定（如 公安户籍、住建局）。")
        }
        return ImportSource(centre: identity.displayName)
    }

    public func run(_ data: Data, _ request: Request, for identity: Identity, client: String) async throws -> ImportReport {
        let source = try await source(for: identity)
        let report = try await run(data, request, source: source, for: identity, client: client)
        if report.applied {
            try await audit.recordAndWait(AuditEntry(
                at: clock.now(), username: identity.username, action: "import.\(request.kind.rawValue)", target: "import:\(report.importId ?? "")",
                client: client,
                detail: ["source": .string(source.name), "imported": .int(Int64(report.imported)), "updated": .int(Int64(report.updated)),
                         "unchanged": .int(Int64(report.unchanged)), "rejected": .int(Int64(report.rejected)),
                         "conflicts": .int(Int64(report.conflicts.count))]))
        } else {
            // A dry run changes nothing but reads the file against the records on file.
            await audit.record(AuditEntry(
                at: clock.now(), username: identity.username, action: "import.\(request.kind.rawValue).check", target: "import",
                client: client,
                detail: ["source": .string(source.name), "imported": .int(Int64(report.imported)), "rejected": .int(Int64(report.rejected)),
                         "conflicts": .int(Int64(report.conflicts.count))]))
        }
        return report
    }

    func run(_ data: Data, _ request: Request, source: ImportSource, for identity: Identity, client: String) async throws -> ImportReport {
        let options = PeopleImporter.Options(dryRun: request.dryRun, keepValid: request.keepValid, mapping: request.mapping, source: source)
        switch request.kind {
        case .people: return try await people.run(data, options: options, for: identity, client: client)
        case .organisations: return try await organisations.run(data, options: options, for: identity)
        case .households: return try await households.run(data, options: options, for: identity)
        case .houses: return try await houses.run(data, options: options, for: identity)
        }
    }

    /// The rows held back for the caller to decide (masked), audited like any list of personal records.
    public func pendingMerges(for identity: Identity, client: String) async throws -> [ImportMerges.Item] {
        let items = try await merges.pending(for: identity)
        await audit.record(AuditEntry.list(at: clock.now(), username: identity.username, action: "imports.merges", client: client,
                                           query: "pending", ids: items.map(\.id)))
        return items
    }

    /// Decides a held-back row. `merge` replays it through its importer as the deciding centre, under the
    /// importer's source, so the same field authority applies as if the importer had reached the record;
    /// `reject` drops it. Either way the decision is audited; a merge outside the caller's scope is 404.
    public func decide(_ id: String, _ decision: Decision, for identity: Identity, client: String) async throws -> ImportReport? {
        let stored = try await merges.load(id, for: identity)
        let now = clock.now()
        var report: ImportReport?
        if decision == .merge {
            guard let path = try await merges.recordPath(stored), identity.scope.contains(path: path) else {
                throw Problem(status: 409, kind: "merge-moved", title: "无法合并", detail: "该记录已不在您的管辖范围内，请由上级中心处理。")
            }
            guard let kind = Self.kinds[stored.kind] else { throw Problem.notFound }
            let replay = try await run(ImportMerges.csv(stored.rows), Request(kind: kind, dryRun: false, keepValid: false, mapping: [:]),
                                       source: stored.source, for: identity, client: client)
            guard replay.applied else {
                throw Problem(status: 409, kind: "merge-rejected", title: "无法合并",
                              detail: replay.conflicts.first.map { "\($0.field)：\($0.message)" } ?? "该行未能写入。")
            }
            report = replay
        }
        try await merges.close(id, status: decision == .merge ? "merged" : "rejected", by: identity, importID: report?.importId, at: now)
        try await audit.recordAndWait(AuditEntry(
            at: now, username: identity.username, action: "import.merge.\(decision.rawValue)", target: "\(stored.kind):\(stored.recordID)",
            client: client, detail: ["merge": .string(id), "source": .string(stored.source.name)]))
        return report
    }

    static let kinds: [String: ImportKind] = ["person": .people, "organisation": .organisations, "house": .houses, "household": .households]
}
