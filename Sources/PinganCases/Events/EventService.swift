import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// A new report as the service receives it (photos still undecoded bytes).
public struct ReportInput: Sendable {
    public var category: String
    public var severity: EventSeverity
    public var description: String
    public var point: GeoPoint
    public var address: String?
    public var channel: EventChannel?
    public var reporterName: String?
    public var reporterPhone: String?
    public var photos: [[UInt8]]

    public init(category: String, severity: EventSeverity, description: String, point: GeoPoint, address: String? = nil,
                channel: EventChannel? = nil, reporterName: String? = nil, reporterPhone: String? = nil, photos: [[UInt8]] = []) {
        self.category = category
        self.severity = severity
        self.description = description
        self.point = point
        self.address = address
        self.channel = channel
        self.reporterName = reporterName
        self.reporterPhone = reporterPhone
        self.photos = photos
    }
}

/// A stored photo of an event.
public struct EventPhoto: Sendable {
    public var id: String
    public var seq: Int
    public var contentType: String
    public var sha256: String
    public var file: String
}

/// An event with everything its page shows.
public struct EventDetail: Sendable {
    public var record: EventRecord
    public var history: [EventHistoryEntry]
    public var photos: [EventPhoto]
    public var allowedActions: [EventAction]
}

/// Grid events from report to closure. Every read is limited to what the caller may see: their
/// subtree (or, for a department officer, what is dispatched to their department); anything
/// else answers 404 exactly like a missing event.
public final class EventService: Sendable {
    let database: Database
    public let reference: CaseReference
    let grids: any CaseGrids
    let photos: PhotoStore
    public let feed: EventFeed
    let clock: any PinganClock
    let time: CountyTime
    let audit: AuditLog

    public init(database: Database, reference: CaseReference, grids: any CaseGrids, photos: PhotoStore, feed: EventFeed,
                clock: any PinganClock, time: CountyTime, audit: AuditLog) {
        self.database = database
        self.reference = reference
        self.grids = grids
        self.photos = photos
        self.feed = feed
        self.clock = clock
        self.time = time
        self.audit = audit
    }

    // MARK: Who sees what

    static let reporterRoles: Set<Role> = [.districtOperator, .townOperator, .villageOperator, .gridWorker]

    /// Whether the caller may read the event at all (the 404 rule).
    public static func canSee(_ e: EventRecord, _ identity: Identity) -> Bool {
        guard identity.can(.eventsRead) || identity.can(.dashboardsRead) else { return false }
        if identity.role == .departmentOfficer {
            return identity.department != nil && e.departmentCode == identity.department
        }
        return identity.scope.contains(path: e.gridPath) || (e.reporterUsername != nil && e.reporterUsername == identity.username)
    }

    static func requireRead(_ identity: Identity) throws {
        guard identity.can(.eventsRead) || identity.can(.dashboardsRead) else { throw Problem.forbidden() }
    }

    // MARK: Report

    public struct ReportOutcome: Sendable {
        public var record: EventRecord
        public var created: Bool
        public var duplicates: [DuplicateCandidate]
    }

    /// Files a report. The point must lie in the county's grid; photos are checked by content
    /// and a bad one refuses the whole report. With an idempotency key, a retry returns the
    /// event the first attempt filed.
    public func report(_ input: ReportInput, by identity: Identity, idempotencyKey: IdempotencyKey? = nil, client: String = "api") async throws -> ReportOutcome {
        let outcome = try await fileReport(input, by: identity, idempotencyKey: idempotencyKey)
        // A new record is a data change: audited (and committed) before the caller sees it. A retry
        // that returns the first attempt's event is recorded too, marked as a replay.
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.create",
                                                 target: "event:\(outcome.record.id)", client: client,
                                                 detail: ["category": .string(outcome.record.categoryCode),
                                                          "channel": .string(outcome.record.channel.rawValue), "replay": .bool(!outcome.created)]))
        return outcome
    }

    /// Files a report and answers with the event as its reporter now sees it (no separate read entry:
    /// the `events.create` entry covers what the reporter is shown).
    public func reportAndShow(_ input: ReportInput, by identity: Identity, idempotencyKey: IdempotencyKey? = nil,
                              client: String = "api") async throws -> (ReportOutcome, EventDetail) {
        let outcome = try await report(input, by: identity, idempotencyKey: idempotencyKey, client: client)
        let record = outcome.record
        let detail = try await database.read { db in
            EventDetail(record: record, history: try await EventStore.history(eventID: record.id, on: db),
                        photos: try await Self.photos(of: record.id, on: db),
                        allowedActions: Self.canSee(record, identity) && identity.can(.eventsWrite) ? EventWorkflow.allowedActions(record, for: identity) : [])
        }
        return (outcome, detail)
    }

    private func fileReport(_ input: ReportInput, by identity: Identity, idempotencyKey: IdempotencyKey?) async throws -> ReportOutcome {
        try identity.require(.eventsWrite)
        guard Self.reporterRoles.contains(identity.role) else { throw Problem.forbidden("部门人员不能直接上报事件，请通过综治中心受理。") }
        if let key = idempotencyKey, let earlier = try await database.read({ db in
            try await EventStore.idempotent(username: identity.username, key: key, kind: "event", on: db)
        }), let record = try await database.read({ db in try await EventStore.event(id: earlier, on: db) }) {
            return ReportOutcome(record: record, created: false, duplicates: [])
        }
        let channel = input.channel ?? (identity.role == .gridWorker ? .grid : .hotline)
        guard channel == .grid || channel == .hotline else { throw Problem.invalid("channel", "渠道须为 grid 或 hotline") }
        let reporterName = channel == .hotline ? EventWorkflow.trimmed(input.reporterName) : identity.displayName
        let reporterPhone: String?
        if channel == .hotline, let phone = EventWorkflow.trimmed(input.reporterPhone) {
            reporterPhone = try PhoneNumber.parse(phone, field: "reporterPhone")
        } else {
            reporterPhone = nil
        }
        // A centre files events in its own subtree; a grid worker may report what they see
        // next door too (and keeps seeing it as its reporter). Out of scope reads like out of county.
        if identity.role != .gridWorker, let place = grids.locate(input.point), !identity.scope.contains(path: place.path) {
            throw Problem.invalid("lat", "该位置不在本辖区的网格范围内")
        }
        let outcome = try await file(input, channel: channel, reporterUsername: identity.username, reporterName: reporterName,
                                     reporterPhone: reporterPhone, actorName: identity.displayName, actorRole: identity.role.rawValue,
                                     idempotency: idempotencyKey.map { (identity.username, $0) })
        return outcome
    }

    /// Files a report from the public (Open311): no account; the reporter's fields stay private.
    public func reportPublic(_ input: ReportInput, device: String, token: String, idempotencyKey: IdempotencyKey?, client: String = "open311") async throws -> EventRecord {
        if let key = idempotencyKey, let earlier = try await database.read({ db in
            try await EventStore.idempotent(username: "open311:" + device, key: key, kind: "event", on: db)
        }), let record = try await database.read({ db in try await EventStore.event(id: earlier, on: db) }) {
            return record
        }
        let record = try await file(input, channel: .publicReport, reporterUsername: nil, reporterName: input.reporterName,
                                    reporterPhone: input.reporterPhone, actorName: "群众（Open311）", actorRole: "public",
                                    idempotency: idempotencyKey.map { ("open311:" + device, $0) }, token: token).record
        // A public report is a data change like any other; the device stands for the (anonymous) user.
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: "open311:" + device, action: "open311.create",
                                                 target: "event:\(record.id)", client: client,
                                                 detail: ["category": .string(record.categoryCode)]))
        return record
    }

    func file(_ input: ReportInput, channel: EventChannel, reporterUsername: String?, reporterName: String?, reporterPhone: String?,
              actorName: String, actorRole: String, idempotency: (String, IdempotencyKey)?, token: String? = nil) async throws -> ReportOutcome {
        guard let category = reference.category(input.category) else { throw Problem.invalid("category", "未知的事件类别“\(input.category)”") }
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else { throw Problem.invalid("description", "请描述事件情况") }
        guard description.count <= 2000 else { throw Problem.invalid("description", "描述不能超过 2000 字") }
        if let address = input.address, address.count > 200 { throw Problem.invalid("address", "地址不能超过 200 字") }
        guard let grid = grids.locate(input.point) else { throw Problem.invalid("lat", "该位置不在本辖区的网格范围内") }
        let saved = try photos.save(input.photos)
        let now = clock.now()
        let duplicates = try await duplicateCandidates(near: input.point, category: category.code, excluding: nil, now: now)
        let record = try await database.write { db -> EventRecord in
            let day = self.time.formatDay(now).replacingOccurrences(of: "-", with: "")
            let n = try await EventStore.nextNumber("SJ" + day, on: db)
            var e = EventRecord(id: String(format: "SJ%@-%04d", day, n), categoryCode: category.code, severity: input.severity,
                                channel: channel, description: description, address: EventWorkflow.trimmed(input.address),
                                point: input.point, gridCode: grid.code, gridPath: grid.path, reporterUsername: reporterUsername,
                                reporterName: reporterName, reporterPhone: reporterPhone, reportedAt: now,
                                limitMinutes: category.limitMinutes(for: input.severity))
            e.open311Token = token
            e.historyCount = 1
            try await EventStore.insert(e, on: db)
            let photoIDs = try await Self.insertPhotos(saved, eventID: e.id, seq: 1, at: now, on: db)
            try await EventStore.appendHistory(EventHistoryEntry(
                seq: 1, at: now, action: .report, actorUsername: reporterUsername ?? "open311", actorName: actorName, actorRole: actorRole,
                fromStage: nil, toStage: .received, note: description, detail: ["channel": .string(channel.rawValue)], photoIDs: photoIDs),
                eventID: e.id, on: db)
            if let (user, key) = idempotency {
                try await EventStore.rememberIdempotent(username: user, key: key, kind: "event", recordID: e.id, at: now, on: db)
            }
            return e
        }
        publish("created", record)
        return ReportOutcome(record: record, created: true, duplicates: duplicates)
    }

    static func insertPhotos(_ saved: [PhotoStore.Saved], eventID: String, seq: Int, at: Date, on db: any SQLDatabase) async throws -> [String] {
        var ids: [String] = []
        for (i, p) in saved.enumerated() {
            let id = "\(eventID)-\(seq)-\(i + 1)"
            try await db.raw("""
                INSERT INTO event_photos (id, event_id, seq, sha256, content_type, size, width, height, file, created_at)
                VALUES (\(bind: id), \(bind: eventID), \(bind: seq), \(bind: p.sha256), \(bind: p.info.contentType), \(bind: p.size),
                \(bind: p.info.width), \(bind: p.info.height), \(bind: p.file), \(bind: at.epochMillis))
                """).run()
            ids.append(id)
        }
        return ids
    }

    // MARK: Workflow steps

    /// Takes one step. The event is read and written in one transaction, so two people
    /// pressing buttons at once cannot both move it.
    public func act(id: String, _ request: EventStepRequest, photos: [[UInt8]] = [], by identity: Identity, client: String = "api") async throws -> EventRecord {
        try identity.require(.eventsWrite)
        let saved = try self.photos.save(photos)
        let now = clock.now()
        let calendar = reference.calendar
        let departments = Set(reference.departments.map(\.code))
        let zone = time.zone
        if request.action == .merge, let into = request.into {
            let target = try await database.read { db in try await EventStore.event(id: into, on: db) }
            guard let target, Self.canSee(target, identity), target.stage != .cancelled else {
                throw Problem.invalid("into", "要合并到的事件不存在或已作废")
            }
        }
        let (record, entry) = try await database.write { db -> (EventRecord, EventHistoryEntry) in
            guard var e = try await EventStore.event(id: id, on: db), Self.canSee(e, identity) else { throw Problem.notFound }
            var entry = try EventWorkflow.apply(request, to: &e, actor: identity, now: now, calendar: calendar, zone: zone,
                                                departments: departments)
            entry.photoIDs = try await Self.insertPhotos(saved, eventID: e.id, seq: entry.seq, at: now, on: db)
            try await EventStore.update(e, on: db)
            try await EventStore.appendHistory(entry, eventID: e.id, on: db)
            return (e, entry)
        }
        // Each workflow step is its own entry, named after the step (`events.dispatch`, `events.close`, …).
        try await audit.recordAndWait(AuditEntry(at: now, username: identity.username, action: "events.\(request.action.rawValue)",
                                                 target: "event:\(id)", client: client,
                                                 detail: ["from": entry.fromStage.map { .string($0.rawValue) } ?? .null,
                                                          "to": .string(entry.toStage.rawValue)]))
        publish("stage", record)
        return record
    }

    /// Takes one step and answers with the event as the caller now sees it. A department that
    /// sends an event back no longer reads it afterwards, but still gets the result of its step.
    public func actAndShow(id: String, _ request: EventStepRequest, photos: [[UInt8]] = [], by identity: Identity,
                           client: String = "api") async throws -> EventDetail {
        let record = try await act(id: id, request, photos: photos, by: identity, client: client)
        return try await database.read { db in
            EventDetail(record: record, history: try await EventStore.history(eventID: id, on: db),
                        photos: try await Self.photos(of: id, on: db),
                        allowedActions: Self.canSee(record, identity) ? EventWorkflow.allowedActions(record, for: identity) : [])
        }
    }

    static func photos(of id: String, on db: any SQLDatabase) async throws -> [EventPhoto] {
        try await db.raw("SELECT id, seq, content_type, sha256, file FROM event_photos WHERE event_id = \(bind: id) ORDER BY seq, id")
            .all().map { r in
                EventPhoto(id: try r.decode(column: "id", as: String.self), seq: Int(try r.decode(column: "seq", as: Int64.self)),
                           contentType: try r.decode(column: "content_type", as: String.self),
                           sha256: try r.decode(column: "sha256", as: String.self), file: try r.decode(column: "file", as: String.self))
            }
    }

    // MARK: Reads

    public func detail(id: String, for identity: Identity, client: String = "api") async throws -> EventDetail {
        try Self.requireRead(identity)
        let detail = try await database.read { db -> EventDetail in
            guard let e = try await EventStore.event(id: id, on: db), Self.canSee(e, identity) else { throw Problem.notFound }
            let history = try await EventStore.history(eventID: id, on: db)
            let photos = try await Self.photos(of: id, on: db)
            let allowed = identity.can(.eventsWrite) ? EventWorkflow.allowedActions(e, for: identity) : []
            return EventDetail(record: e, history: history, photos: photos, allowedActions: allowed)
        }
        // Opening an event shows the reporter's name and location: audited like a record page.
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.read", target: "event:\(id)",
                                                 client: client))
        return detail
    }

    public func photo(eventID: String, photoID: String, for identity: Identity, client: String = "api") async throws -> (Data, String) {
        try Self.requireRead(identity)
        let (file, sha, type) = try await database.read { db -> (String, String, String) in
            guard let e = try await EventStore.event(id: eventID, on: db), Self.canSee(e, identity),
                  let r = try await db.raw("""
                      SELECT file, sha256, content_type FROM event_photos WHERE id = \(bind: photoID) AND event_id = \(bind: eventID)
                      """).first()
            else { throw Problem.notFound }
            return (try r.decode(column: "file", as: String.self), try r.decode(column: "sha256", as: String.self),
                    try r.decode(column: "content_type", as: String.self))
        }
        let data = try photos.read(file: file, sha256: sha)
        // A photo is part of the record (faces, plates, the reporter's door): audited like opening it.
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "events.photo",
                                                 target: "event:\(eventID)", client: client, detail: ["photo": .string(photoID)]))
        return (data, type)
    }

    func publish(_ kind: String, _ e: EventRecord) {
        feed.publish(EventNotice(kind: kind, id: e.id, stage: e.stage.rawValue, categoryName: reference.category(e.categoryCode)?.name ?? e.categoryCode,
                                 gridName: grids.name(code: e.gridCode), escalationLevel: e.escalationLevel, gridPath: e.gridPath,
                                 departmentCode: e.departmentCode))
    }
}
