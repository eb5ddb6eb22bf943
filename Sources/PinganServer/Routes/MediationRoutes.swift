import Foundation
import Hummingbird
import PinganAccess
import PinganCases
import PinganKernel

/// People's mediation: cases, sessions, outcome, fulfilment and KPIs.
struct MediationRoutes {
    let mediation: MediationService
    let grids: any CaseGrids
    let audit: AuditLog
    let clock: any PinganClock
    let time: CountyTime

    struct PartyBody: Decodable { var name: String; var role: String; var phone: String? }
    struct MediatorBody: Decodable { var name: String; var kind: String }

    struct CreateBody: StrictDecodable {
        static let fields: Set<String> = ["title", "kind", "summary", "grid", "lat", "lng", "eventId", "committee", "mediators", "parties"]
        var title: String
        var kind: String
        var summary: String?
        var grid: String?
        var lat: Double?
        var lng: Double?
        var eventId: String?
        var committee: String
        var mediators: [MediatorBody]?
        var parties: [PartyBody]
    }

    struct SessionBody: StrictDecodable {
        static let fields: Set<String> = ["at", "mediators", "notes"]
        var at: String?
        var mediators: [String]?
        var notes: String
    }

    struct OutcomeBody: StrictDecodable {
        static let fields: Set<String> = ["agreed", "agreementText", "amountYuan", "fulfilDeadline"]
        var agreed: Bool
        var agreementText: String?
        var amountYuan: Double?
        var fulfilDeadline: String?
    }

    struct FulfilmentBody: StrictDecodable {
        static let fields: Set<String> = ["status", "note"]
        var status: String
        var note: String?
    }

    struct CaseDTO: Encodable {
        struct Party: Encodable { var name: String; var role: String; var roleName: String; var phone: String? }
        struct MediatorOut: Encodable { var name: String; var kind: String; var kindName: String }
        struct Session: Encodable { var seq: Int; var at: String; var mediators: [String]; var notes: String }
        struct Outcome: Encodable { var agreed: Bool; var agreementText: String?; var amountYuan: Double?; var fulfilDeadline: String? }
        struct Fulfilment: Encodable { var status: String; var statusName: String; var at: String?; var note: String? }
        struct Grid: Encodable { var code: String; var name: String; var place: String }
        var id: String
        var number: String
        var title: String
        var kind: String
        var kindName: String
        var summary: String
        var status: String
        var statusName: String
        var grid: Grid
        var gridName: String
        var committee: String
        var eventId: String?
        var openedAt: String
        var closedAt: String?
        var mediators: [MediatorOut]
        var parties: [Party]
        var sessions: [Session]
        var outcome: Outcome?
        var fulfilment: Fulfilment?
    }

    func dto(_ c: MediationCase) -> CaseDTO {
        let fulfilmentNames = ["pending": "待履行", "fulfilled": "已履行", "breached": "未履行"]
        return CaseDTO(
            id: c.id, number: c.id, title: c.title, kind: c.kind.rawValue, kindName: c.kind.chineseName, summary: c.summary,
            status: c.status.rawValue, statusName: c.status.chineseName,
            grid: .init(code: c.gridCode, name: grids.name(code: c.gridCode), place: grids.placeName(path: c.gridPath)),
            gridName: grids.name(code: c.gridCode), committee: c.committee, eventId: c.eventID, openedAt: time.format(c.openedAt),
            closedAt: c.closedAt.map(time.format),
            mediators: c.mediators.map { .init(name: $0.name, kind: $0.kind.rawValue, kindName: $0.kind.chineseName) },
            parties: c.parties.map { .init(name: $0.name, role: $0.role, roleName: $0.role == "applicant" ? "申请人" : "被申请人",
                                           phone: $0.phone.map(Masking.phone)) },
            sessions: c.sessions.map { .init(seq: $0.seq, at: time.format($0.at), mediators: $0.mediators, notes: $0.notes) },
            outcome: c.agreed.map { .init(agreed: $0, agreementText: c.agreementText, amountYuan: c.amountCents.map { Double($0) / 100 },
                                          fulfilDeadline: c.fulfilDeadline) },
            fulfilment: c.fulfilment.map { .init(status: $0, statusName: fulfilmentNames[$0] ?? $0, at: c.fulfilledAt.map(time.format),
                                                 note: c.fulfilmentNote) })
    }

    func filter(_ request: Request) throws -> MediationService.Filter {
        let q = request.uri.queryParameters
        func text(_ n: String) -> String? { q.get(n).flatMap { $0.isEmpty ? nil : $0 } }
        var f = MediationService.Filter()
        f.gridCode = text("grid")
        if let s = text("status") {
            guard let v = MediationStatus(rawValue: s) else { throw Problem.invalid("status", "未知的状态“\(s)”") }
            f.status = v
        }
        if let s = text("kind") {
            guard let v = DisputeKind(rawValue: s) else { throw Problem.invalid("kind", "未知的纠纷类型“\(s)”") }
            f.kind = v
        }
        if let s = text("from") {
            guard let d = time.startOfDay(s) else { throw Problem.invalid("from", "日期须为 YYYY-MM-DD") }
            f.from = d
        }
        if let s = text("to") {
            guard let d = time.endOfDay(s) else { throw Problem.invalid("to", "日期须为 YYYY-MM-DD") }
            f.to = d
        }
        return f
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("mediation/cases") { request, context in
            let identity = try context.requireIdentity()
            let (limit, offset) = try BaseDataRoutes.paging(request)
            let page = try await mediation.list(try filter(request), limit: limit, offset: offset, for: identity)
            await audit.record(AuditEntry.list(at: clock.now(), username: identity.username, action: "mediation.list", client: context.client,
                                               query: "\(request.uri)", ids: page.items.map(\.id)))
            struct Item: Encodable {
                var id, number, title, kind, kindName, status, statusName, gridName, committee, openedAt: String
                var eventId: String?
            }
            struct Out: Encodable { var total: Int; var items: [Item] }
            return try JSONResponse.make(Out(total: page.total, items: page.items.map { c in
                Item(id: c.id, number: c.id, title: c.title, kind: c.kind.rawValue, kindName: c.kind.chineseName, status: c.status.rawValue,
                     statusName: c.status.chineseName, gridName: grids.name(code: c.gridCode), committee: c.committee,
                     openedAt: time.format(c.openedAt), eventId: c.eventID)
            }))
        }
        group.post("mediation/cases") { request, context in
            let identity = try context.requireIdentity()
            try MediationService.requireWrite(identity)  // the role first: a leader's bad body is still 403
            let data = try await StrictJSON.read(request)
            let key = try EventRoutes.idempotencyKey(request, body: data)
            let body = try StrictJSON.decode(CreateBody.self, from: data)
            guard let kind = DisputeKind(rawValue: body.kind) else { throw Problem.invalid("kind", "未知的纠纷类型“\(body.kind)”") }
            let mediators = try (body.mediators ?? []).enumerated().map { i, m in
                guard let k = MediatorKind(rawValue: m.kind) else { throw Problem.invalid("mediators[\(i)].kind", "未知的调解员类型“\(m.kind)”") }
                return Mediator(name: m.name, kind: k)
            }
            var point: GeoPoint?
            if let lat = body.lat, let lng = body.lng { point = try EventRoutes.point(lat: lat, lng: lng, crs: nil) }
            let created = try await mediation.create(MediationService.NewCase(
                title: body.title, kind: kind, summary: body.summary ?? "", gridCode: body.grid, point: point, eventID: body.eventId,
                committee: body.committee, mediators: mediators,
                parties: body.parties.map { MediationParty(name: $0.name, role: $0.role, phone: $0.phone) }),
                by: identity, idempotencyKey: key, client: context.client)
            return try JSONResponse.make(dto(created), status: .created)
        }
        group.get("mediation/cases/{id}") { _, context in
            try JSONResponse.make(dto(try await mediation.detail(id: try context.parameters.require("id"), for: try context.requireIdentity(),
                                                                 client: context.client)))
        }
        group.post("mediation/cases/{id}/sessions") { request, context in
            let body = try await StrictJSON.decode(SessionBody.self, from: request)
            var at: Date?
            if let text = body.at {
                guard let d = time.parse(text) else { throw Problem.invalid("at", "时间须为 ISO 8601") }
                at = d
            }
            return try JSONResponse.make(dto(try await mediation.addSession(id: try context.parameters.require("id"), at: at,
                                                                            mediators: body.mediators ?? [], notes: body.notes,
                                                                            by: try context.requireIdentity(), client: context.client)))
        }
        group.post("mediation/cases/{id}/outcome") { request, context in
            let body = try await StrictJSON.decode(OutcomeBody.self, from: request)
            if let a = body.amountYuan { guard a.isFinite, a >= 0, a < 1e10 else { throw Problem.invalid("amountYuan", "金额须为非负数") } }
            return try JSONResponse.make(dto(try await mediation.recordOutcome(
                id: try context.parameters.require("id"), agreed: body.agreed, text: body.agreementText,
                amountCents: body.amountYuan.map { Int64(($0 * 100).rounded()) }, fulfilDeadline: body.fulfilDeadline,
                by: try context.requireIdentity(), client: context.client)))
        }
        group.post("mediation/cases/{id}/fulfilment") { request, context in
            let body = try await StrictJSON.decode(FulfilmentBody.self, from: request)
            guard body.status == "fulfilled" || body.status == "breached" else { throw Problem.invalid("status", "须为 fulfilled 或 breached") }
            return try JSONResponse.make(dto(try await mediation.recordFulfilment(id: try context.parameters.require("id"), fulfilled: body.status == "fulfilled",
                                                                                  note: body.note, by: try context.requireIdentity(),
                                                                                  client: context.client)))
        }
        group.get("mediation/kpis") { request, context in
            let figures = try await mediation.kpis(try filter(request), for: try context.requireIdentity())
            await ReadAudit(audit: audit, clock: clock).record(context, "mediation.kpis", query: "\(request.uri)")
            return try JSONResponse.make(figures)
        }
    }
}
