import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// People's mediation (人民调解): cases with parties and mediators, sessions, the outcome and
/// its fulfilment. Cases are located in a grid and scoped like events; parties are personal
/// data, so opening a case is audited and their phones are masked.
public final class MediationService: Sendable {
    let database: Database
    let grids: any CaseGrids
    let clock: any PinganClock
    let time: CountyTime
    let audit: AuditLog

    public init(database: Database, grids: any CaseGrids, clock: any PinganClock, time: CountyTime, audit: AuditLog) {
        self.database = database
        self.grids = grids
        self.clock = clock
        self.time = time
        self.audit = audit
    }

    static let writers: Set<Role> = [.districtOperator, .townOperator, .villageOperator, .gridWorker]

    static func requireRead(_ identity: Identity) throws {
        guard identity.role != .departmentOfficer, identity.can(.eventsRead) || identity.can(.dashboardsRead) else { throw Problem.forbidden() }
    }

    /// Routes call this before reading a body: a role that may not write learns so first.
    public static func requireWrite(_ identity: Identity) throws {
        guard writers.contains(identity.role) else { throw Problem.forbidden("当前角色不能办理调解案件。") }
    }

    public struct NewCase: Sendable {
        public var title: String
        public var kind: DisputeKind
        public var summary: String
        public var gridCode: String?
        public var point: GeoPoint?
        public var eventID: String?
        public var committee: String
        public var mediators: [Mediator]
        public var parties: [MediationParty]
        public init(title: String, kind: DisputeKind, summary: String, gridCode: String?, point: GeoPoint?, eventID: String?,
                    committee: String, mediators: [Mediator], parties: [MediationParty]) {
            self.title = title
            self.kind = kind
            self.summary = summary
            self.gridCode = gridCode
            self.point = point
            self.eventID = eventID
            self.committee = committee
            self.mediators = mediators
            self.parties = parties
        }
    }

    // MARK: Writes

    public func create(_ input: NewCase, by identity: Identity, idempotencyKey: IdempotencyKey? = nil, client: String = "api") async throws -> MediationCase {
        try Self.requireWrite(identity)
        if let key = idempotencyKey, let earlier = try await database.read({ db in
            try await EventStore.idempotent(username: identity.username, key: key, kind: "mediation", on: db)
        }) {
            try await changeAudit(identity, "mediation.create", earlier, client: client, detail: ["replay": true])
            return try await read(earlier, for: identity)
        }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 100 else { throw Problem.invalid("title", "请填写 1–100 字的案件名称") }
        guard !input.committee.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.invalid("committee", "请填写调解委员会") }
        guard input.parties.contains(where: { $0.role == "applicant" }), input.parties.contains(where: { $0.role == "respondent" }) else {
            throw Problem.invalid("parties", "至少需要一名申请人和一名被申请人")
        }
        var parties = input.parties
        for (i, p) in parties.enumerated() {
            guard ["applicant", "respondent"].contains(p.role) else { throw Problem.invalid("parties[\(i)].role", "须为 applicant 或 respondent") }
            guard !p.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.invalid("parties[\(i)].name", "请填写当事人姓名") }
            if let phone = p.phone, !phone.isEmpty { parties[i].phone = try PhoneNumber.parse(phone, field: "parties[\(i)].phone") } else { parties[i].phone = nil }
        }
        // Where: the linked event's grid, a grid code, or a point.
        var place: GridPlace?
        if let eventID = input.eventID {
            guard let e = try await database.read({ db in try await EventStore.event(id: eventID, on: db) }), EventService.canSee(e, identity) else {
                throw Problem.invalid("eventId", "关联的事件不存在")
            }
            place = grids.place(code: e.gridCode)
        } else if let code = input.gridCode {
            place = grids.place(code: code)
        } else if let point = input.point {
            place = grids.locate(point)
        } else if let root = identity.scope.roots(in: "governance").first {
            // No place given: the committee of the caller's own level takes it.
            place = grids.place(code: root.code)
        }
        guard let place, identity.scope.contains(path: place.path) else { throw Problem.invalid("grid", "请选择管辖范围内的网格") }
        let now = clock.now()
        let checkedParties = parties
        let created = try await database.write { db -> String in
            let day = self.time.formatDay(now).replacingOccurrences(of: "-", with: "")
            let n = try await EventStore.nextNumber("TJ" + day, on: db)
            let id = String(format: "TJ%@-%04d", day, n)
            let c = MediationCase(id: id, title: title, kind: input.kind, summary: input.summary, status: .accepted, gridCode: place.code,
                                  gridPath: place.path, committee: input.committee, eventID: input.eventID, openedAt: now, createdBy: identity.username,
                                  parties: checkedParties, mediators: input.mediators, sessions: [])
            try await MediationStore.insert(c, on: db)
            if let key = idempotencyKey {
                try await EventStore.rememberIdempotent(username: identity.username, key: key, kind: "mediation", recordID: id, at: now, on: db)
            }
            return id
        }
        try await changeAudit(identity, "mediation.create", created, client: client, detail: ["kind": .string(input.kind.rawValue)])
        return try await read(created, for: identity)
    }

    /// Adds a mediation session; the first one moves the case to 调解中.
    public func addSession(id: String, at: Date?, mediators: [String], notes: String, by identity: Identity,
                           client: String = "api") async throws -> MediationCase {
        try Self.requireWrite(identity)
        let text = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else { throw Problem.invalid("notes", "请填写调解记录（不超过 4000 字）") }
        let now = clock.now()
        try await change(id, identity) { c, db in
            guard c.status == .accepted || c.status == .mediating else { throw Problem.conflict("案件已\(c.status.chineseName)，不能再添加调解记录。") }
            let seq = c.sessions.count + 1
            try await db.raw("""
                INSERT INTO mediation_sessions (case_id, seq, at, mediators, notes, recorded_by)
                VALUES (\(bind: c.id), \(bind: seq), \(bind: (at ?? now).epochMillis), \(bind: JSONValue.array(mediators.map(JSONValue.string)).canonical),
                \(bind: text), \(bind: identity.username))
                """).run()
            c.status = .mediating
        }
        try await changeAudit(identity, "mediation.session", id, client: client)
        return try await read(id, for: identity)
    }

    /// Records the outcome: an agreement (text, amount, fulfilment deadline) or a failure.
    public func recordOutcome(id: String, agreed: Bool, text: String?, amountCents: Int64?, fulfilDeadline: String?,
                              by identity: Identity, client: String = "api") async throws -> MediationCase {
        try Self.requireWrite(identity)
        if agreed { guard let t = text, !t.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.invalid("agreementText", "请填写协议内容") } }
        if let d = fulfilDeadline { guard time.startOfDay(d) != nil else { throw Problem.invalid("fulfilDeadline", "日期须为 YYYY-MM-DD") } }
        if let a = amountCents { guard a >= 0 else { throw Problem.invalid("amountYuan", "金额不能为负") } }
        let now = clock.now()
        try await change(id, identity) { c, _ in
            guard c.status == .accepted || c.status == .mediating else { throw Problem.conflict("案件已\(c.status.chineseName)，不能重复登记结果。") }
            c.status = agreed ? .agreed : .failed
            c.agreed = agreed
            c.agreementText = text
            c.amountCents = amountCents
            c.fulfilDeadline = fulfilDeadline
            c.fulfilment = agreed ? "pending" : nil
            c.closedAt = now
        }
        try await changeAudit(identity, "mediation.outcome", id, client: client, detail: ["agreed": .bool(agreed)])
        return try await read(id, for: identity)
    }

    /// Records whether the agreement was carried out.
    public func recordFulfilment(id: String, fulfilled: Bool, note: String?, by identity: Identity, client: String = "api") async throws -> MediationCase {
        try Self.requireWrite(identity)
        let now = clock.now()
        try await change(id, identity) { c, _ in
            guard c.status == .agreed else { throw Problem.conflict("只有达成协议的案件才能登记履行情况。") }
            c.fulfilment = fulfilled ? "fulfilled" : "breached"
            c.fulfilledAt = now
            c.fulfilmentNote = note
            if fulfilled { c.status = .fulfilled }
        }
        try await changeAudit(identity, "mediation.fulfilment", id, client: client, detail: ["fulfilled": .bool(fulfilled)])
        return try await read(id, for: identity)
    }

    /// Every change to a case is its own entry, committed before the caller sees the result.
    func changeAudit(_ identity: Identity, _ action: String, _ id: String, client: String, detail: JSONValue = [:]) async throws {
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: action, target: "mediation:\(id)",
                                                 client: client, detail: detail))
    }

    func change(_ id: String, _ identity: Identity, _ body: @Sendable @escaping (inout MediationCase, any SQLDatabase) async throws -> Void) async throws {
        let now = clock.now()
        try await database.write { db in
            guard var c = try await MediationStore.load(id, on: db), identity.scope.contains(path: c.gridPath) else { throw Problem.notFound }
            try await body(&c, db)
            try await MediationStore.updateSummary(c, at: now, on: db)
        }
    }

    // MARK: Reads

    func read(_ id: String, for identity: Identity) async throws -> MediationCase {
        guard let c = try await database.read({ db in try await MediationStore.load(id, on: db) }), identity.scope.contains(path: c.gridPath) else {
            throw Problem.notFound
        }
        return c
    }

    /// Opens a case (audited: it names the parties).
    public func detail(id: String, for identity: Identity, client: String) async throws -> MediationCase {
        try Self.requireRead(identity)
        let c = try await read(id, for: identity)
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "mediation.read", target: "mediation:\(id)",
                                                 client: client))
        return c
    }

    public struct Filter: Sendable {
        public var gridCode: String?
        public var status: MediationStatus?
        public var kind: DisputeKind?
        public var from: Date?
        public var to: Date?
        public init() {}
    }

    func clause(_ f: Filter, for identity: Identity) throws -> SQLQueryString {
        var parts: [SQLQueryString] = [SubtreeSQL.within(identity.scope.pathRanges(), column: "grid_path")]
        if let code = f.gridCode {
            guard let place = grids.place(code: code), identity.scope.contains(path: place.path) else { throw Problem.notFound }
            parts.append("grid_path >= \(bind: place.path) AND grid_path < \(bind: String(place.path.dropLast()) + "0")")
        }
        if let s = f.status { parts.append("status = \(bind: s.rawValue)") }
        if let k = f.kind { parts.append("kind = \(bind: k.rawValue)") }
        if let from = f.from { parts.append("opened_at >= \(bind: from.epochMillis)") }
        if let to = f.to { parts.append("opened_at < \(bind: to.epochMillis)") }
        return parts.joined(separator: " AND ")
    }

    public func list(_ f: Filter, limit: Int, offset: Int, for identity: Identity) async throws -> (total: Int, items: [MediationCase]) {
        try Self.requireRead(identity)
        let where_ = try clause(f, for: identity)
        return try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM mediation_cases WHERE \(where_)").first()?.decode(column: "n", as: Int64.self) ?? 0
            let rows = try await db.raw("""
                SELECT * FROM mediation_cases WHERE \(where_) ORDER BY opened_at DESC, id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all().map { try MediationStore.summary($0) }
            return (Int(total), rows)
        }
    }

    public func kpis(_ f: Filter, for identity: Identity) async throws -> MediationKPIs {
        try Self.requireRead(identity)
        let where_ = try clause(f, for: identity)
        return try await database.read { db in
            var byKind: [MediationKPIs.KindRow] = []
            var cases = 0, concluded = 0, agreements = 0, fulfilled = 0
            for r in try await db.raw("""
                SELECT kind, COUNT(*) AS n, SUM(CASE WHEN agreed = 1 THEN 1 ELSE 0 END) AS a,
                SUM(CASE WHEN agreed IS NOT NULL THEN 1 ELSE 0 END) AS c, SUM(CASE WHEN fulfilment = 'fulfilled' THEN 1 ELSE 0 END) AS f
                FROM mediation_cases WHERE \(where_) GROUP BY kind ORDER BY kind
                """).all() {
                let kind = try r.decode(column: "kind", as: String.self)
                let n = Int(try r.decode(column: "n", as: Int64.self)), a = Int(try r.decode(column: "a", as: Int64?.self) ?? 0)
                cases += n
                agreements += a
                concluded += Int(try r.decode(column: "c", as: Int64?.self) ?? 0)
                fulfilled += Int(try r.decode(column: "f", as: Int64?.self) ?? 0)
                byKind.append(.init(kind: kind, kindName: DisputeKind(rawValue: kind)?.chineseName ?? kind, cases: n, agreements: a))
            }
            return MediationKPIs(cases: cases, concluded: concluded, agreements: agreements,
                                 successRate: concluded > 0 ? Double(agreements) / Double(concluded) : 0, fulfilled: fulfilled,
                                 fulfilmentRate: agreements > 0 ? Double(fulfilled) / Double(agreements) : 0, byKind: byKind)
        }
    }
}
