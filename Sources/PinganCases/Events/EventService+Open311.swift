import Crypto
import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// The public face of grid events (Open311 GeoReport v2): public categories only, no personal
/// fields, cancelled events and merged duplicates left out. Statuses: closed when the event is
/// closed, open otherwise; `expected_datetime` is the deadline; `status_notes` the latest public note.
extension EventService {
    public var open311Services: [Open311Service] {
        reference.categories.filter(\.isPublic).map { c in
            Open311Service(serviceCode: c.code, serviceName: c.name, description: c.description, metadata: true, type: .realtime,
                           keywords: [c.group, c.name], group: c.group)
        }
    }

    /// Every public service asks the same optional questions: how urgent, and where exactly.
    public func open311Definition(code: String) -> Open311ServiceDefinition? {
        guard let c = reference.category(code), c.isPublic else { return nil }
        return Open311ServiceDefinition(serviceCode: c.code, attributes: [
            Open311Attribute(code: "severity", datatype: .singlevaluelist, required: false, datatypeDescription: "紧急程度",
                             order: 1, description: "紧急程度（一般 / 紧急）",
                             values: [Open311AttributeValue(key: "normal", name: "一般"), Open311AttributeValue(key: "urgent", name: "紧急")]),
            Open311Attribute(code: "location_detail", datatype: .string, required: false, datatypeDescription: "如：某小区 3 栋门前",
                             order: 2, description: "具体位置说明", values: []),
        ])
    }

    func open311Request(_ e: EventRecord) -> Open311Request {
        let c = reference.category(e.categoryCode)
        return Open311Request(
            serviceRequestID: e.id, status: e.stage == .closed ? .closed : .open, statusNotes: e.publicNote,
            serviceName: c?.name ?? e.categoryCode, serviceCode: e.categoryCode, description: e.description,
            agencyResponsible: e.departmentCode.map { reference.department($0)?.name ?? $0 }, serviceNotice: nil,
            requestedDatetime: time.format(e.reportedAt), updatedDatetime: time.format(e.updatedAt),
            expectedDatetime: e.deadline.map(time.format), address: e.address, location: e.point)
    }

    /// `GET requests`: by ids, or one page of a search (newest first). `gridCode` is Pingan's
    /// extension so a KPI figure can be checked against the requests behind it.
    public func open311Requests(_ query: Open311RequestQuery, gridCode: String?) async throws -> [Open311Request] {
        let publicCodes = reference.categories.filter(\.isPublic).map(\.code)
        guard !publicCodes.isEmpty else { return [] }
        var parts: [SQLQueryString] = [
            "category_code IN (\(SQLList(publicCodes.map { SQLBind($0) })))", "stage <> 'cancelled'",
        ]
        if let gridCode {
            guard let place = grids.place(code: gridCode) else { return [] }
            parts.append("grid_path >= \(bind: place.path) AND grid_path < \(bind: String(place.path.dropLast()) + "0")")
        }
        var limit = Open311RequestQuery.maxPageSize, offset = 0
        switch query {
        case .ids(let ids):
            parts.append("id IN (\(SQLList(ids.map { SQLBind($0) })))")
        case .search(let s):
            if !s.serviceCodes.isEmpty { parts.append("category_code IN (\(SQLList(s.serviceCodes.map { SQLBind($0) })))") }
            parts.append("reported_at >= \(bind: s.start.epochMillis) AND reported_at <= \(bind: s.end.epochMillis)")
            if s.statuses.count == 1 { parts.append(s.statuses[0] == .closed ? "stage = 'closed'" : "stage <> 'closed'") }
            limit = s.pageSize
            offset = s.offset
        }
        let clause = parts.joined(separator: " AND ")
        let (pageLimit, pageOffset) = (limit, offset)
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events WHERE \(clause) ORDER BY reported_at DESC, id DESC
                LIMIT \(bind: pageLimit) OFFSET \(bind: pageOffset)
                """).all().map(EventStore.record)
        }
        return rows.map(open311Request)
    }

    /// `tokens/{token}`: the request a token turned into (immediately, here: reports are filed synchronously).
    public func open311Token(_ token: String) async throws -> Open311TokenStatus? {
        guard token.count <= 64 else { return nil }
        let id = try await database.read { db in
            try await db.raw("SELECT id FROM events WHERE open311_token = \(bind: token)").first()?.decode(column: "id", as: String.self)
        }
        return id.map { Open311TokenStatus(token: token, serviceRequestID: $0) }
    }

    static func keyHash(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }

    /// Registers an API key for an Open311 client (only its hash is kept).
    public func addOpen311Key(_ key: String, name: String) async throws {
        let now = clock.now()
        try await database.write { db in
            try await db.raw("""
                INSERT INTO open311_keys (key_hash, name, created_at) VALUES (\(bind: Self.keyHash(key)), \(bind: name), \(bind: now.epochMillis))
                ON CONFLICT (key_hash) DO NOTHING
                """).run()
        }
    }

    public func isOpen311Key(_ key: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT name FROM open311_keys WHERE key_hash = \(bind: Self.keyHash(key))").first() != nil
        }
    }

    /// `POST requests`: files a public report. The reporter's name and phone are kept on the
    /// event for the centre, never shown on the public interface.
    public func open311Submit(_ r: Open311NewRequest, token: String, client: String = "open311") async throws -> Result<EventRecord, Open311Failure> {
        guard let category = reference.category(r.serviceCode), category.isPublic else {
            return .failure(.notFound("未知的服务代码 \(r.serviceCode)（service_code not found）"))
        }
        guard let point = r.location else {
            return .failure(.badRequest("请提供经纬度 lat/long（this county locates requests by lat/long）"))
        }
        guard grids.locate(point) != nil else {
            return .failure(.badRequest("该位置不在本辖区范围内（lat/long is outside this jurisdiction）"))
        }
        guard let description = r.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty else {
            return .failure(.badRequest("请填写 description（description is required）"))
        }
        let severity = r.attributes["severity"]?.first.flatMap(EventSeverity.init(rawValue:)) ?? .normal
        let detail = r.attributes["location_detail"]?.first
        let name = [r.lastName, r.firstName].compactMap { $0 }.joined()
        var phone: String?
        if let p = r.phone { phone = try? PhoneNumber.parse(p) }
        let input = ReportInput(category: category.code, severity: severity, description: description, point: point,
                                address: [r.addressString, detail].compactMap { $0 }.joined(separator: " ").nilIfEmpty,
                                channel: .publicReport, reporterName: name.nilIfEmpty, reporterPhone: phone)
        do {
            let record = try await reportPublic(input, device: r.deviceID ?? r.accountID ?? "anonymous", token: token, idempotencyKey: nil, client: client)
            return .success(record)
        } catch let p as Problem where p.status == 400 {
            return .failure(.badRequest(p.errors.first?.message ?? p.detail))
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
