import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// SQL for events, their history and photos. Every function runs on the connection it is given,
/// so the service decides what shares a transaction.
public enum EventStore {
    static let columns = """
        id, category_code, severity, stage, channel, description, address, lat7, lng7, grid_code, grid_path,
        reporter_username, reporter_name, reporter_phone, reported_at, registered_at, dispatched_at, department_code,
        limit_minutes, deadline_at, warned_at, escalation_level, extension_count, extension_minutes, extension_reason,
        rework_count, send_back_count, verified_at, closed_at, closed_on_time, cancelled_at, duplicate_of, public_note,
        history_count, updated_at, open311_token
        """

    static func ms(_ d: Date?) -> Int64? { d.map { $0.epochMillis } }
    static func date(_ v: Int64?) -> Date? { v.map { Date(epochMillis: $0) } }

    public static func insert(_ e: EventRecord, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO events (\(unsafeRaw: columns)) VALUES (
            \(bind: e.id), \(bind: e.categoryCode), \(bind: e.severity.rawValue), \(bind: e.stage.rawValue), \(bind: e.channel.rawValue),
            \(bind: e.description), \(bind: e.address), \(bind: e.point.lat7), \(bind: e.point.lng7), \(bind: e.gridCode), \(bind: e.gridPath),
            \(bind: e.reporterUsername), \(bind: e.reporterName), \(bind: e.reporterPhone), \(bind: e.reportedAt.epochMillis),
            \(bind: ms(e.registeredAt)), \(bind: ms(e.dispatchedAt)), \(bind: e.departmentCode), \(bind: e.limitMinutes),
            \(bind: ms(e.deadline)), \(bind: ms(e.warnedAt)), \(bind: e.escalationLevel), \(bind: e.extensionCount),
            \(bind: e.extensionMinutes), \(bind: e.extensionReason), \(bind: e.reworkCount), \(bind: e.sendBackCount),
            \(bind: ms(e.verifiedAt)), \(bind: ms(e.closedAt)), \(bind: e.closedOnTime.map { $0 ? 1 : 0 }), \(bind: ms(e.cancelledAt)),
            \(bind: e.duplicateOf), \(bind: e.publicNote), \(bind: e.historyCount), \(bind: e.updatedAt.epochMillis), \(bind: e.open311Token))
            """).run()
        try await countStages([StageKey(gridPath: e.gridPath, stage: e.stage.rawValue): 1], on: db)
    }

    struct StageKey: Hashable { var gridPath: String; var stage: String }

    /// Adds to the per-grid stage counts (`event_stage_counts`) in the caller's transaction, so they
    /// always agree with `events`.
    static func countStages(_ deltas: [StageKey: Int], on db: any SQLDatabase) async throws {
        for (key, n) in deltas where n != 0 {
            try await db.raw("""
                INSERT INTO event_stage_counts (grid_path, stage, n) VALUES (\(bind: key.gridPath), \(bind: key.stage), \(bind: n))
                ON CONFLICT (grid_path, stage) DO UPDATE SET n = event_stage_counts.n + \(bind: n)
                """).run()
        }
    }

    /// Inserts many events (with their history) in multi-row statements: the demo and the
    /// benchmark write tens of thousands.
    public static func insertMany(_ events: [(EventRecord, [EventHistoryEntry])], on db: any SQLDatabase) async throws {
        for chunk in events.chunked(100) {
            let values = chunk.map { (e, _) -> SQLQueryString in
                """
                (\(bind: e.id), \(bind: e.categoryCode), \(bind: e.severity.rawValue), \(bind: e.stage.rawValue), \(bind: e.channel.rawValue),
                \(bind: e.description), \(bind: e.address), \(bind: e.point.lat7), \(bind: e.point.lng7), \(bind: e.gridCode), \(bind: e.gridPath),
                \(bind: e.reporterUsername), \(bind: e.reporterName), \(bind: e.reporterPhone), \(bind: e.reportedAt.epochMillis),
                \(bind: ms(e.registeredAt)), \(bind: ms(e.dispatchedAt)), \(bind: e.departmentCode), \(bind: e.limitMinutes),
                \(bind: ms(e.deadline)), \(bind: ms(e.warnedAt)), \(bind: e.escalationLevel), \(bind: e.extensionCount),
                \(bind: e.extensionMinutes), \(bind: e.extensionReason), \(bind: e.reworkCount), \(bind: e.sendBackCount),
                \(bind: ms(e.verifiedAt)), \(bind: ms(e.closedAt)), \(bind: e.closedOnTime.map { $0 ? 1 : 0 }), \(bind: ms(e.cancelledAt)),
                \(bind: e.duplicateOf), \(bind: e.publicNote), \(bind: e.historyCount), \(bind: e.updatedAt.epochMillis), \(bind: e.open311Token))
                """
            }
            try await db.raw("INSERT INTO events (\(unsafeRaw: columns)) VALUES \(SQLList(values))").run()
        }
        var deltas: [StageKey: Int] = [:]
        for (e, _) in events { deltas[StageKey(gridPath: e.gridPath, stage: e.stage.rawValue), default: 0] += 1 }
        try await countStages(deltas, on: db)
        try await appendHistory(events.flatMap { (e, h) in h.map { (e.id, $0) } }, on: db)
    }

    /// Writes back the workflow's summary fields.
    public static func update(_ e: EventRecord, on db: any SQLDatabase) async throws {
        // The stage as stored, to move the event between the stage counts when it changes.
        let before = try await db.raw("SELECT grid_path, stage FROM events WHERE id = \(bind: e.id)").first().map {
            StageKey(gridPath: try $0.decode(column: "grid_path", as: String.self), stage: try $0.decode(column: "stage", as: String.self))
        }
        if let before, before.stage != e.stage.rawValue {
            try await countStages([before: -1, StageKey(gridPath: before.gridPath, stage: e.stage.rawValue): 1], on: db)
        }
        try await db.raw("""
            UPDATE events SET stage = \(bind: e.stage.rawValue), registered_at = \(bind: ms(e.registeredAt)),
            dispatched_at = \(bind: ms(e.dispatchedAt)), department_code = \(bind: e.departmentCode), deadline_at = \(bind: ms(e.deadline)),
            warned_at = \(bind: ms(e.warnedAt)), escalation_level = \(bind: e.escalationLevel), extension_count = \(bind: e.extensionCount),
            extension_minutes = \(bind: e.extensionMinutes), extension_reason = \(bind: e.extensionReason), rework_count = \(bind: e.reworkCount),
            send_back_count = \(bind: e.sendBackCount), verified_at = \(bind: ms(e.verifiedAt)), closed_at = \(bind: ms(e.closedAt)),
            closed_on_time = \(bind: e.closedOnTime.map { $0 ? 1 : 0 }), cancelled_at = \(bind: ms(e.cancelledAt)),
            duplicate_of = \(bind: e.duplicateOf), public_note = \(bind: e.publicNote), history_count = \(bind: e.historyCount),
            updated_at = \(bind: e.updatedAt.epochMillis)
            WHERE id = \(bind: e.id)
            """).run()
    }

    public static func event(id: String, on db: any SQLDatabase) async throws -> EventRecord? {
        guard id.count <= 64 else { return nil }
        return try await db.raw("SELECT \(unsafeRaw: columns) FROM events WHERE id = \(bind: id)").first().map(record)
    }

    static func record(_ r: any SQLRow) throws -> EventRecord {
        func s(_ c: String) throws -> String { try r.decode(column: c, as: String.self) }
        func os(_ c: String) throws -> String? { try r.decode(column: c, as: String?.self) }
        func i(_ c: String) throws -> Int64 { try r.decode(column: c, as: Int64.self) }
        func oi(_ c: String) throws -> Int64? { try r.decode(column: c, as: Int64?.self) }
        var e = EventRecord(
            id: try s("id"), categoryCode: try s("category_code"), severity: EventSeverity(rawValue: try s("severity")) ?? .normal,
            channel: EventChannel(rawValue: try s("channel")) ?? .grid, description: try s("description"), address: try os("address"),
            point: GeoPoint(lat7: try i("lat7"), lng7: try i("lng7")), gridCode: try s("grid_code"), gridPath: try s("grid_path"),
            reporterUsername: try os("reporter_username"), reporterName: try os("reporter_name"), reporterPhone: try os("reporter_phone"),
            reportedAt: Date(epochMillis: try i("reported_at")), limitMinutes: Int(try i("limit_minutes")))
        e.stage = EventStage(rawValue: try s("stage")) ?? .received
        e.registeredAt = date(try oi("registered_at"))
        e.dispatchedAt = date(try oi("dispatched_at"))
        e.departmentCode = try os("department_code")
        e.deadline = date(try oi("deadline_at"))
        e.warnedAt = date(try oi("warned_at"))
        e.escalationLevel = Int(try i("escalation_level"))
        e.extensionCount = Int(try i("extension_count"))
        e.extensionMinutes = try oi("extension_minutes").map { Int($0) }
        e.extensionReason = try os("extension_reason")
        e.reworkCount = Int(try i("rework_count"))
        e.sendBackCount = Int(try i("send_back_count"))
        e.verifiedAt = date(try oi("verified_at"))
        e.closedAt = date(try oi("closed_at"))
        e.closedOnTime = try oi("closed_on_time").map { $0 != 0 }
        e.cancelledAt = date(try oi("cancelled_at"))
        e.duplicateOf = try os("duplicate_of")
        e.publicNote = try os("public_note")
        e.historyCount = Int(try i("history_count"))
        e.updatedAt = Date(epochMillis: try i("updated_at"))
        e.open311Token = try os("open311_token")
        return e
    }

    public static func appendHistory(_ h: EventHistoryEntry, eventID: String, on db: any SQLDatabase) async throws {
        try await appendHistory([(eventID, h)], on: db)
    }

    /// Appends history rows in multi-row statements (the demo writes tens of thousands).
    public static func appendHistory(_ rows: [(String, EventHistoryEntry)], on db: any SQLDatabase) async throws {
        for chunk in rows.chunked(200) {
            let values = chunk.map { (id, h) -> SQLQueryString in
                let detail = h.detail.isEmpty && h.photoIDs.isEmpty ? nil
                    : JSONValue.object(h.detail.merging(h.photoIDs.isEmpty ? [:] : ["photos": .array(h.photoIDs.map(JSONValue.string))],
                                                            uniquingKeysWith: { a, _ in a })).canonical
                return """
                    (\(bind: id), \(bind: h.seq), \(bind: h.at.epochMillis), \(bind: h.action.rawValue), \(bind: h.actorUsername),
                    \(bind: h.actorName), \(bind: h.actorRole), \(bind: h.fromStage?.rawValue), \(bind: h.toStage.rawValue),
                    \(bind: h.note), \(bind: detail), \(bind: h.isPublic ? 1 : 0))
                    """
            }
            try await db.raw("""
                INSERT INTO event_history (event_id, seq, at, action, actor_username, actor_name, actor_role, from_stage, to_stage,
                note, detail, public) VALUES \(SQLList(values))
                """).run()
        }
    }

    public static func history(eventID: String, on db: any SQLDatabase) async throws -> [EventHistoryEntry] {
        try await db.raw("SELECT * FROM event_history WHERE event_id = \(bind: eventID) ORDER BY seq").all().map { r in
            var detail: [String: JSONValue] = [:]
            var photos: [String] = []
            if let text = try r.decode(column: "detail", as: String?.self),
               case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
                if case .array(let ids)? = object.removeValue(forKey: "photos") {
                    photos = ids.compactMap { if case .string(let s) = $0 { s } else { nil } }
                }
                detail = object
            }
            return EventHistoryEntry(
                seq: Int(try r.decode(column: "seq", as: Int64.self)), at: Date(epochMillis: try r.decode(column: "at", as: Int64.self)),
                action: EventAction(rawValue: try r.decode(column: "action", as: String.self)) ?? .report,
                actorUsername: try r.decode(column: "actor_username", as: String.self),
                actorName: try r.decode(column: "actor_name", as: String.self), actorRole: try r.decode(column: "actor_role", as: String.self),
                fromStage: try r.decode(column: "from_stage", as: String?.self).flatMap(EventStage.init(rawValue:)),
                toStage: EventStage(rawValue: try r.decode(column: "to_stage", as: String.self)) ?? .received,
                note: try r.decode(column: "note", as: String?.self), detail: detail,
                isPublic: try r.decode(column: "public", as: Int64.self) != 0, photoIDs: photos)
        }
    }

    /// Next number of a named daily counter (`SJ20261124` → 1, 2, …), atomically on both engines.
    public static func nextNumber(_ name: String, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("""
            INSERT INTO case_counters (name, n) VALUES (\(bind: name), 1)
            ON CONFLICT (name) DO UPDATE SET n = case_counters.n + 1 RETURNING n
            """).first()
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 1)
    }

    /// The record an earlier request with the same idempotency key created, if any. The key
    /// used for a different body, or for another kind of record, is 422 (rows stored before
    /// request hashes were kept match any body).
    public static func idempotent(username: String, key: IdempotencyKey, kind: String, on db: any SQLDatabase) async throws -> String? {
        guard let row = try await db.raw("""
            SELECT record_id, kind, request_hash FROM idempotency_keys WHERE username = \(bind: username) AND key = \(bind: key.key)
            """).first() else { return nil }
        let stored = try row.decodeNil(column: "request_hash") ? nil : row.decode(column: "request_hash", as: String.self)
        guard try row.decode(column: "kind", as: String.self) == kind, stored == nil || stored == key.requestHash else { throw key.reused }
        return try row.decode(column: "record_id", as: String.self)
    }

    public static func rememberIdempotent(username: String, key: IdempotencyKey, kind: String, recordID: String, at: Date,
                                          on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO idempotency_keys (username, key, kind, record_id, created_at, request_hash)
            VALUES (\(bind: username), \(bind: key.key), \(bind: kind), \(bind: recordID), \(bind: at.epochMillis), \(bind: key.requestHash))
            """).run()
    }
}
