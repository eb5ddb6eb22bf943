import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PinganAccess
import PinganCases
import PinganKernel

/// Grid events: report, the workflow's steps, the inbox, boards, KPIs and the live stream.
struct EventRoutes {
    let events: EventService
    let grids: any CaseGrids
    let audit: AuditLog
    let clock: any PinganClock
    let time: CountyTime

    struct PhotoUpload: Decodable { var name: String?; var data: String }

    struct ReportBody: StrictDecodable {
        static let fields: Set<String> = ["category", "severity", "description", "lat", "lng", "crs", "address", "channel",
                                          "reporterName", "reporterPhone", "photos"]
        var category: String
        var severity: String?
        var description: String
        var lat: Double
        var lng: Double
        var crs: String?
        var address: String?
        var channel: String?
        var reporterName: String?
        var reporterPhone: String?
        var photos: [PhotoUpload]?
    }

    struct ActionBody: StrictDecodable {
        static let fields: Set<String> = ["action", "note", "reason", "department", "minutes", "into", "photos"]
        var action: String
        var note: String?
        var reason: String?
        var department: String?
        var minutes: Int?
        var into: String?
        var photos: [PhotoUpload]?
    }

    struct CalendarBody: StrictDecodable {
        static let fields: Set<String> = ["year", "holidays", "workdays", "periods"]
        var year: Int
        var holidays: [String]
        var workdays: [String]
        var periods: [[String: String]]?
    }

    struct CategoryBody: StrictDecodable {
        static let fields: Set<String> = ["departmentCode", "public", "normalLimitMinutes", "urgentLimitMinutes"]
        var departmentCode: String?
        var `public`: Bool?
        var normalLimitMinutes: Int?
        var urgentLimitMinutes: Int?
    }

    struct RulesBody: StrictDecodable {
        static let fields: Set<String> = ["duplicateRadiusMeters", "duplicateWindowHours", "warnFraction"]
        var duplicateRadiusMeters: Double
        var duplicateWindowHours: Double
        var warnFraction: Double
    }

    /// Reference data is the district centre's to change.
    static func requireDistrictCentre(_ identity: Identity) throws {
        guard EventWorkflowRoles.centre.contains(identity.role),
              identity.scope.roots(in: "governance").contains(where: { $0.path.split(separator: "/").count <= 1 }) else {
            throw Problem.forbidden("只有区级综治中心可以修改事件类别、规则与工作日历。")
        }
    }

    static func decodePhotos(_ uploads: [PhotoUpload]?) throws -> [[UInt8]] {
        try (uploads ?? []).enumerated().map { i, p in
            guard let data = Data(base64Encoded: p.data, options: .ignoreUnknownCharacters) else {
                throw Problem.invalid("photos[\(i)]", "第 \(i + 1) 张照片不是有效的 base64 数据")
            }
            return [UInt8](data)
        }
    }

    static func point(lat: Double, lng: Double, crs: String?) throws -> GeoPoint {
        guard lat.isFinite, (-90...90).contains(lat) else { throw Problem.invalid("lat", "纬度须为 -90 到 90 之间的数") }
        guard lng.isFinite, (-180...180).contains(lng) else { throw Problem.invalid("lng", "经度须为 -180 到 180 之间的数") }
        let wgs = try GridRoutes.coordinateSystem(crs).toWGS84(latitude: lat, longitude: lng)
        return GeoPoint(latitude: wgs.latitude, longitude: wgs.longitude)
    }

    /// The `Idempotency-Key` header with a hash of the body it came with.
    static func idempotencyKey(_ request: Request, body: Data) throws -> IdempotencyKey? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { throw Problem.invalid("Idempotency-Key", "须为 1–64 个字符") }
        return IdempotencyKey(key: trimmed, body: body)
    }

    func filter(_ request: Request) throws -> EventFilter {
        let q = request.uri.queryParameters
        func text(_ name: String) -> String? { q.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        var f = EventFilter()
        if let s = text("stage") {
            guard let stage = EventStage(rawValue: s) else { throw Problem.invalid("stage", "未知的环节“\(s)”") }
            f.stage = stage
        }
        f.gridCode = text("grid")
        f.department = text("department")
        if let c = text("category") {
            guard events.reference.category(c) != nil else { throw Problem.invalid("category", "未知的事件类别“\(c)”") }
            f.category = c
        }
        if let s = text("severity") {
            guard let v = EventSeverity(rawValue: s) else { throw Problem.invalid("severity", "须为 normal 或 urgent") }
            f.severity = v
        }
        if let s = text("channel") {
            guard let v = EventChannel(rawValue: s) else { throw Problem.invalid("channel", "未知的渠道“\(s)”") }
            f.channel = v
        }
        for (name, keyPath) in [("overdue", \EventFilter.overdueOnly), ("mine", \EventFilter.mine)] {
            if let s = text(name) {
                guard let b = Bool(s) else { throw Problem.invalid(name, "须为 true 或 false") }
                f[keyPath: keyPath] = b
            }
        }
        if let s = text("q") {
            guard s.count <= 50 else { throw Problem.invalid("q", "搜索内容不能超过 50 个字") }
            f.text = s
        }
        if let s = text("from") {
            guard let d = time.startOfDay(s) else { throw Problem.invalid("from", "日期须为 YYYY-MM-DD") }
            f.from = d
        }
        if let s = text("to") {
            guard let d = time.endOfDay(s) else { throw Problem.invalid("to", "日期须为 YYYY-MM-DD") }
            f.to = d
        }
        if let from = f.from, let to = f.to, to <= from { throw Problem.invalid("to", "结束日期不能早于开始日期") }
        if let s = text("kpi") {
            guard let k = EventKPI(rawValue: s) else { throw Problem.invalid("kpi", "须为 reported、closed、closedOnTime、reworked 或 extended") }
            f.kpi = k
        }
        return f
    }

    func detail(_ id: String, _ context: AppRequestContext) async throws -> Response {
        let d = try await events.detail(id: id, for: try context.requireIdentity(), client: context.client)
        return try JSONResponse.make(EventDTO.make(d, service: events, grids: grids, time: time, now: clock.now()))
    }

    var reads: ReadAudit { ReadAudit(audit: audit, clock: clock) }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("events/categories") { request, context in
            _ = try context.requireIdentity()
            await reads.record(context, "events.categories", query: "\(request.uri)")
            struct Item: Encodable {
                var code, name, group, departmentCode, departmentName: String
                var `public`: Bool
                var limits: [String: Int]
            }
            let items = events.reference.categories.map { c in
                Item(code: c.code, name: c.name, group: c.group, departmentCode: c.departmentCode,
                     departmentName: events.reference.department(c.departmentCode)?.name ?? c.departmentCode, public: c.isPublic,
                     limits: ["normal": c.normalLimitMinutes, "urgent": c.urgentLimitMinutes])
            }
            return try JSONResponse.make(["items": items])
        }
        group.put("events/categories/{code}") { request, context in
            let identity = try context.requireIdentity()
            try Self.requireDistrictCentre(identity)
            let body = try await StrictJSON.decode(CategoryBody.self, from: request)
            let code = try context.parameters.require("code")
            let c = try await events.reference.updateCategory(code, departmentCode: body.departmentCode, isPublic: body.public,
                                                             normalLimitMinutes: body.normalLimitMinutes, urgentLimitMinutes: body.urgentLimitMinutes)
            try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.category", target: "category:\(code)",
                                                     client: context.client))
            struct Out: Encodable { var code, name, departmentCode: String; var `public`: Bool; var limits: [String: Int] }
            return try JSONResponse.make(Out(code: c.code, name: c.name, departmentCode: c.departmentCode, public: c.isPublic,
                                             limits: ["normal": c.normalLimitMinutes, "urgent": c.urgentLimitMinutes]))
        }
        group.get("events/rules") { request, context in
            _ = try context.requireIdentity()
            await reads.record(context, "events.rules.read", query: "\(request.uri)")
            return try JSONResponse.make(events.reference.rules)
        }
        group.put("events/rules") { request, context in
            let identity = try context.requireIdentity()
            try Self.requireDistrictCentre(identity)
            let body = try await StrictJSON.decode(RulesBody.self, from: request)
            var rules = CaseReference.Rules()
            rules.duplicateRadiusMeters = body.duplicateRadiusMeters
            rules.duplicateWindowHours = body.duplicateWindowHours
            rules.warnFraction = body.warnFraction
            try await events.reference.updateRules(rules)
            try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.rules", target: "rules",
                                                     client: context.client))
            return try JSONResponse.make(events.reference.rules)
        }
        group.get("departments") { request, context in
            _ = try context.requireIdentity()
            await reads.record(context, "departments.list", query: "\(request.uri)")
            struct Item: Encodable { var code, name: String }
            return try JSONResponse.make(["items": events.reference.departments.map { Item(code: $0.code, name: $0.name) }])
        }
        group.get("events/calendar") { request, context in
            _ = try context.requireIdentity()
            let yearText = request.uri.queryParameters.get("year") ?? String(time.formatDay(clock.now()).prefix(4))
            guard let year = Int(yearText), (2000...2100).contains(year) else { throw Problem.invalid("year", "年份须为 2000–2100") }
            let calendar = events.reference.calendar
            let days = calendar.days(ofYear: year)
            await reads.record(context, "events.calendar.read", query: "\(request.uri)")
            func hhmm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
            struct Out: Encodable { var year: Int; var periods: [[String: String]]; var holidays: [String]; var workdays: [String] }
            return try JSONResponse.make(Out(year: year, periods: calendar.periods.map { ["start": hhmm($0.start), "end": hhmm($0.end)] },
                                             holidays: days.holidays, workdays: days.workdays))
        }
        group.put("events/calendar") { request, context in
            let identity = try context.requireIdentity()
            try Self.requireDistrictCentre(identity)
            let body = try await StrictJSON.decode(CalendarBody.self, from: request)
            guard (2000...2100).contains(body.year) else { throw Problem.invalid("year", "年份须为 2000–2100") }
            try await events.reference.replaceCalendarYear(body.year, holidays: body.holidays, workdays: body.workdays)
            try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.calendar", target: "calendar:\(body.year)",
                                                     client: context.client, detail: ["holidays": .int(Int64(body.holidays.count)),
                                                                                      "workdays": .int(Int64(body.workdays.count))]))
            return Response(status: .noContent)
        }

        group.post("events") { request, context in
            let identity = try context.requireIdentity()
            // Photos arrive base64 in JSON (one request, so a bad photo refuses the whole report).
            let data = try await StrictJSON.read(request, limit: .photos)
            let key = try Self.idempotencyKey(request, body: data)
            let body = try StrictJSON.decode(ReportBody.self, from: data)
            var severity = EventSeverity.normal
            if let s = body.severity {
                guard let v = EventSeverity(rawValue: s) else { throw Problem.invalid("severity", "须为 normal 或 urgent") }
                severity = v
            }
            var channel: EventChannel?
            if let s = body.channel {
                guard let v = EventChannel(rawValue: s) else { throw Problem.invalid("channel", "须为 grid 或 hotline") }
                channel = v
            }
            let input = ReportInput(category: body.category, severity: severity, description: body.description,
                                    point: try Self.point(lat: body.lat, lng: body.lng, crs: body.crs), address: body.address,
                                    channel: channel, reporterName: body.reporterName, reporterPhone: body.reporterPhone,
                                    photos: try Self.decodePhotos(body.photos))
            let (outcome, d) = try await events.reportAndShow(input, by: identity, idempotencyKey: key, client: context.client)
            struct Out: Encodable {
                var event: EventDTO
                var possibleDuplicates: [DuplicateCandidate]
                func encode(to encoder: any Encoder) throws {
                    try event.encode(to: encoder)
                    var c = encoder.container(keyedBy: K.self)
                    try c.encode(possibleDuplicates, forKey: .possibleDuplicates)
                }
                enum K: String, CodingKey { case possibleDuplicates }
            }
            return try JSONResponse.make(Out(event: EventDTO.make(d, service: events, grids: grids, time: time, now: clock.now()),
                                             possibleDuplicates: outcome.duplicates),
                                         status: outcome.created ? .created : .ok)
        }
        group.get("events") { request, context in
            let identity = try context.requireIdentity()
            let (limit, offset) = try BaseDataRoutes.paging(request)
            let page = try await events.list(try filter(request), limit: limit, offset: offset, for: identity)
            await reads.record(context, "events.list", query: "\(request.uri)", ids: page.items.map(\.id))
            struct Out: Encodable { var total: Int; var stageCounts: [String: Int]; var items: [EventListItem] }
            return try JSONResponse.make(Out(total: page.total, stageCounts: page.stageCounts, items: page.items))
        }
        group.get("events/duplicates") { request, context in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            guard let lat = q.get("lat").flatMap(Double.init) else { throw Problem.invalid("lat", "缺少纬度 lat") }
            guard let lng = q.get("lng").flatMap(Double.init) else { throw Problem.invalid("lng", "缺少经度 lng") }
            guard let category = q.get("category"), !category.isEmpty else { throw Problem.invalid("category", "缺少事件类别") }
            let items = try await events.duplicates(near: try Self.point(lat: lat, lng: lng, crs: q.get("crs")), category: category, for: identity)
            await reads.record(context, "events.duplicates", query: "\(request.uri)", ids: items.map(\.id))
            return try JSONResponse.make(["items": items])
        }
        group.get("events/boards/daily-zero") { request, context in
            let identity = try context.requireIdentity()
            let board = try await events.dailyZero(gridCode: request.uri.queryParameters.get("grid").flatMap { $0.isEmpty ? nil : $0 }, for: identity)
            await reads.record(context, "events.board", query: "\(request.uri)", ids: board.items.map(\.id))
            struct Out: Encodable { var date: String; var dueToday: Int; var closedToday: Int; var items: [EventListItem] }
            return try JSONResponse.make(Out(date: board.date, dueToday: board.dueToday, closedToday: board.closedToday, items: board.items))
        }
        group.get("events/boards/supervision") { request, context in
            let identity = try context.requireIdentity()
            let board = try await events.supervision(gridCode: request.uri.queryParameters.get("grid").flatMap { $0.isEmpty ? nil : $0 }, for: identity)
            await reads.record(context, "events.board", query: "\(request.uri)", ids: board.items.map(\.id))
            struct Out: Encodable { var overdue: Int; var warning: Int; var escalated: Int; var standing: Int; var items: [EventListItem] }
            return try JSONResponse.make(Out(overdue: board.overdue, warning: board.warning, escalated: board.escalated,
                                             standing: board.standing, items: board.items))
        }
        group.get("events/kpis") { request, context in
            let identity = try context.requireIdentity()
            var f = try filter(request)
            if f.gridCode == nil { f.gridCode = identity.scope.roots(in: "governance").first?.code }
            let figures = try await events.kpis(f, for: identity)
            await reads.record(context, "events.kpis", query: "\(request.uri)")
            let place = f.gridCode.flatMap { grids.place(code: $0) }
            struct GridOut: Encodable { var code: String; var name: String; var level: Int }
            struct Out: Encodable {
                var grid: GridOut?
                var from: String?
                var to: String?
                var category: String?
                var department: String?
                var figures: KPIDTO
                func encode(to encoder: any Encoder) throws {
                    try figures.encode(to: encoder)
                    var c = encoder.container(keyedBy: K.self)
                    try c.encode(grid, forKey: .grid)
                    try c.encode(from, forKey: .from)
                    try c.encode(to, forKey: .to)
                    try c.encodeIfPresent(category, forKey: .category)
                    try c.encodeIfPresent(department, forKey: .department)
                }
                enum K: String, CodingKey { case grid, from, to, category, department }
            }
            let q = request.uri.queryParameters
            return try JSONResponse.make(Out(grid: place.map { GridOut(code: $0.code, name: $0.name, level: $0.level) },
                                             from: q.get("from"), to: q.get("to"), category: f.category, department: f.department,
                                             figures: KPIDTO(figures)))
        }
        group.get("events/kpis/breakdown") { request, context in
            let identity = try context.requireIdentity()
            let byText = request.uri.queryParameters.get("by") ?? "grid"
            guard let by = EventService.Breakdown(rawValue: byText) else { throw Problem.invalid("by", "须为 grid、department、category 或 month") }
            let rows = try await events.breakdown(try filter(request), by: by, for: identity)
            await reads.record(context, "events.kpis.breakdown", query: "\(request.uri)", ids: rows.map(\.key))
            struct Row: Encodable {
                var key: String
                var name: String
                var figures: KPIDTO
                func encode(to encoder: any Encoder) throws {
                    try figures.encode(to: encoder)
                    var c = encoder.container(keyedBy: K.self)
                    try c.encode(key, forKey: .key)
                    try c.encode(name, forKey: .name)
                }
                enum K: String, CodingKey { case key, name }
            }
            struct Out: Encodable { var by: String; var items: [Row] }
            return try JSONResponse.make(Out(by: by.rawValue, items: rows.map { Row(key: $0.key, name: $0.name, figures: KPIDTO($0.figures)) }))
        }
        group.get("events/stream") { request, context in
            let identity = try context.requireIdentity()
            // `max=N` closes the stream after N notices (scripts and tests); the UI keeps it open.
            let maxText = request.uri.queryParameters.get("max")
            let maxNotices = try maxText.map { t -> Int in
                guard let n = Int(t), n > 0 else { throw Problem.invalid("max", "须为正整数") }
                return n
            }
            // Resuming: the browser sends `Last-Event-ID` on its own reconnects; our client opens a
            // new EventSource (a new ticket) and passes the last id it saw as `lastEventId`.
            let resumeText = request.headers[.init("Last-Event-ID")!] ?? request.uri.queryParameters.get("lastEventId")
            let resumeAfter = try resumeText.map { t -> Int in
                guard let n = Int(t), n >= 0 else { throw Problem.invalid("lastEventId", "须为非负整数") }
                return n
            }
            guard identity.can(.eventsRead) || identity.can(.dashboardsRead) else { throw Problem.forbidden() }
            // One entry when the stream opens; the notices it carries are ids and stages only.
            await reads.record(context, "events.stream", query: "\(request.uri)", target: "stream")
            let feed = events.feed
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                let (id, backlog, lastSeq, stream) = feed.subscribe(after: resumeAfter)
                defer { feed.unsubscribe(id) }
                // `ready` tells a fresh client where it stands, so even a client that has seen no
                // notice yet can resume after a drop without missing one.
                try await writer.write(ByteBuffer(string: ": 已连接\nretry: 5000\nid: \(resumeAfter ?? lastSeq)\nevent: ready\ndata: {}\n\n"))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                var sent = 0
                var lastSent = resumeAfter ?? 0
                func visible(_ notice: EventNotice) -> Bool {
                    identity.role == .departmentOfficer
                        ? notice.departmentCode != nil && notice.departmentCode == identity.department
                        : identity.scope.contains(path: notice.gridPath)
                }
                /// Writes one notice; true when `max` is reached.
                func send(_ notice: EventNotice) async throws -> Bool {
                    lastSent = max(lastSent, notice.seq)
                    guard visible(notice) else { return false }
                    struct Out: Encodable { var id, number, stage, categoryName, gridName: String; var escalationLevel: Int }
                    let data = try encoder.encode(Out(id: notice.id, number: notice.id, stage: notice.stage, categoryName: notice.categoryName,
                                                      gridName: notice.gridName, escalationLevel: notice.escalationLevel))
                    try await writer.write(ByteBuffer(string: "id: \(notice.seq)\nevent: \(notice.kind)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
                    sent += 1
                    return maxNotices.map { sent >= $0 } ?? false
                }
                var done = false
                for notice in backlog where !done { done = try await send(notice) }
                if !done {
                    for await notice in stream {
                        if notice.kind == "ping" {
                            try await writer.write(ByteBuffer(string: ": ping\n\n"))
                            continue
                        }
                        guard notice.seq > lastSent else { continue }
                        if try await send(notice) { break }
                    }
                }
                try await writer.finish(nil)
            })
        }
        group.get("events/{id}") { _, context in
            try await detail(try context.parameters.require("id"), context)
        }
        group.post("events/{id}/actions") { request, context in
            let identity = try context.requireIdentity()
            let id = try context.parameters.require("id")
            let body = try await StrictJSON.decode(ActionBody.self, from: request, limit: .photos)
            guard let action = EventAction(rawValue: body.action), action.isUserAction else {
                throw Problem.invalid("action", "未知的操作“\(body.action)”")
            }
            let step = EventStepRequest(action: action, note: body.note, reason: body.reason, department: body.department,
                                        minutes: body.minutes, into: body.into)
            let shown = try await events.actAndShow(id: id, step, photos: try Self.decodePhotos(body.photos), by: identity, client: context.client)
            return try JSONResponse.make(EventDTO.make(shown, service: events, grids: grids, time: time, now: clock.now()))
        }
        group.get("events/{id}/photos/{photo}") { _, context in
            let (data, type) = try await events.photo(eventID: try context.parameters.require("id"), photoID: try context.parameters.require("photo"),
                                                      for: try context.requireIdentity(), client: context.client)
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "private, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// The centre roles, for route-level checks that are not workflow steps.
enum EventWorkflowRoles {
    static let centre: Set<Role> = [.districtOperator, .townOperator, .villageOperator]
}
