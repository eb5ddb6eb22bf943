import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Which KPI number a list stands behind.
public enum EventKPI: String, Sendable, CaseIterable {
    case reported, closed, closedOnTime, reworked, extended
}

/// The filters of the event inbox and of every KPI drill-down.
public struct EventFilter: Sendable {
    public var stage: EventStage?
    public var gridCode: String?
    public var department: String?
    public var category: String?
    public var severity: EventSeverity?
    public var channel: EventChannel?
    public var overdueOnly = false
    public var mine = false
    public var text: String?
    /// Reported in [from, to).
    public var from: Date?
    public var to: Date?
    public var kpi: EventKPI?
    public var publicOnly = false
    public init() {}

    /// Only a grid (and perhaps a stage) narrows the list: its stage counts can be read from
    /// `event_stage_counts` instead of counting events.
    var isGridOnly: Bool {
        gridCode != nil && department == nil && category == nil && severity == nil && channel == nil && !overdueOnly && !mine
            && (text ?? "").isEmpty && from == nil && to == nil && kpi == nil && !publicOnly
    }

    /// The department filter's value for events not dispatched to any department.
    public static let noDepartment = "-"

}

/// One row of an event list.
public struct EventListItem: Sendable, Encodable {
    public var id: String
    public var number: String
    public var categoryCode: String
    public var categoryName: String
    public var severity: String
    public var stage: String
    public var stageName: String
    public var description: String
    public var gridCode: String
    public var gridName: String
    public var departmentName: String?
    public var reportedAt: String
    public var deadline: String?
    public var overdue: Bool
    public var warning: Bool
    public var escalationLevel: Int
}

/// A possible duplicate of a new report.
public struct DuplicateCandidate: Sendable, Encodable {
    public var id: String
    public var number: String
    public var categoryName: String
    public var stage: String
    public var stageName: String
    public var distanceMeters: Int
    public var reportedAt: String
}

extension EventService {
    /// The WHERE clause for a caller and a filter. Scope is a range test on `events.grid_path`;
    /// a department officer sees what is dispatched to their department.
    func whereClause(_ f: EventFilter, for identity: Identity, now: Date) throws -> SQLQueryString {
        var parts: [SQLQueryString] = []
        if identity.role == .departmentOfficer {
            parts.append("department_code = \(bind: identity.department ?? "-")")
        } else if f.gridCode == nil {
            // With a grid the scope test is implied: the grid is checked to lie inside the scope below,
            // and leaving it out lets the inbox index answer alone.
            parts.append("(" + SubtreeSQL.within(identity.scope.pathRanges(), column: "grid_path")
                         + " OR reporter_username = \(bind: identity.username))")
        }
        if let code = f.gridCode {
            // A grid outside the caller's subtree answers exactly like one that does not exist.
            guard let place = grids.place(code: code), identity.scope.contains(path: place.path) else { throw Problem.notFound }
            parts.append("grid_path >= \(bind: place.path) AND grid_path < \(bind: String(place.path.dropLast()) + "0")")
        }
        if let stage = f.stage { parts.append("stage = \(bind: stage.rawValue)") }
        // `-` stands for "not yet dispatched" (the breakdown's row for events without a department).
        if let d = f.department { parts.append(d == EventFilter.noDepartment ? "department_code IS NULL" : "department_code = \(bind: d)") }
        if let c = f.category { parts.append("category_code = \(bind: c)") }
        if let s = f.severity { parts.append("severity = \(bind: s.rawValue)") }
        if let c = f.channel { parts.append("channel = \(bind: c.rawValue)") }
        if f.overdueOnly {
            parts.append("stage IN ('registered', 'dispatched', 'handling', 'verifying') AND deadline_at < \(bind: now.epochMillis)")
        }
        if f.mine {
            switch identity.role {
            case .gridWorker:
                parts.append("(reporter_username = \(bind: identity.username) OR stage = 'verifying')")
            case .departmentOfficer:
                parts.append("stage IN ('dispatched', 'handling', 'verifying')")
            default: break
            }
        }
        if let text = f.text, !text.isEmpty {
            // An event number is SJ20260625-0001 however it is typed.
            let engine = database.engine
            parts.append("(" + SubstringMatch.sql("description", text, engine: engine) + " OR " + SubstringMatch.sql("id", text, engine: engine)
                         + " OR " + SubstringMatch.sql("address", text, engine: engine) + ")")
        }
        if let from = f.from { parts.append("reported_at >= \(bind: from.epochMillis)") }
        if let to = f.to { parts.append("reported_at < \(bind: to.epochMillis)") }
        if f.publicOnly {
            let codes = reference.categories.filter(\.isPublic).map(\.code)
            parts.append("category_code IN (\(SQLList(codes.map { SQLBind($0) })))")
        }
        // Cancelled events and merged duplicates are left out of KPIs (and of the lists behind them).
        if f.kpi != nil || f.publicOnly { parts.append("stage <> 'cancelled'") }
        switch f.kpi {
        case .closed: parts.append("stage = 'closed'")
        case .closedOnTime: parts.append("stage = 'closed' AND closed_on_time = 1")
        case .reworked: parts.append("stage = 'closed' AND rework_count > 0")
        case .extended: parts.append("extension_count > 0")
        case .reported, nil: break
        }
        return parts.joined(separator: " AND ")
    }

    public struct EventPage: Sendable {
        public var total: Int
        public var stageCounts: [String: Int]
        public var items: [EventListItem]
    }

    /// The inbox: open stages by deadline (most urgent first), others newest first.
    public func list(_ f: EventFilter, limit: Int, offset: Int, for identity: Identity) async throws -> EventPage {
        try Self.requireRead(identity)
        let now = clock.now()
        let clause = try whereClause(f, for: identity, now: now)
        var countFilter = f
        countFilter.stage = nil
        let countClause = try whereClause(countFilter, for: identity, now: now)
        let openOrder = f.stage.map(\.isOpen) ?? false || f.overdueOnly
        let order: SQLQueryString = openOrder ? "CASE WHEN deadline_at IS NULL THEN 1 ELSE 0 END, deadline_at, reported_at, id"
                                              : "reported_at DESC, id DESC"
        let gridRange = f.isGridOnly && identity.role != .departmentOfficer ? f.gridCode.flatMap { grids.place(code: $0) }.map(\.path) : nil
        let (total, counts, records) = try await database.read { db -> (Int, [String: Int], [EventRecord]) in
            var counts: [String: Int] = [:]
            let countRows: [any SQLRow]
            if let path = gridRange {
                countRows = try await db.raw("""
                    SELECT stage, CAST(SUM(n) AS BIGINT) AS n FROM event_stage_counts
                    WHERE grid_path >= \(bind: path) AND grid_path < \(bind: String(path.dropLast()) + "0") GROUP BY stage
                    """).all()
            } else {
                countRows = try await db.raw("SELECT stage, COUNT(*) AS n FROM events WHERE \(countClause) GROUP BY stage").all()
            }
            for r in countRows {
                let n = Int(try r.decode(column: "n", as: Int64.self))
                if n > 0 { counts[try r.decode(column: "stage", as: String.self)] = n }
            }
            let total: Int
            if f.stage != nil { total = counts[f.stage!.rawValue] ?? 0 } else { total = counts.values.reduce(0, +) }
            // The page's ids first (on the inbox index alone), then only those rows.
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events WHERE id IN (
                    SELECT id FROM events WHERE \(clause) ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset))
                ORDER BY \(order)
                """).all().map(EventStore.record)
            return (total, counts, rows)
        }
        return EventPage(total: total, stageCounts: counts, items: records.map { listItem($0, now: now) })
    }

    func listItem(_ e: EventRecord, now: Date) -> EventListItem {
        EventListItem(id: e.id, number: e.id, categoryCode: e.categoryCode,
                      categoryName: reference.category(e.categoryCode)?.name ?? e.categoryCode,
                      severity: e.severity.rawValue, stage: e.stage.rawValue, stageName: e.stage.chineseName,
                      description: String(e.description.prefix(60)), gridCode: e.gridCode, gridName: grids.name(code: e.gridCode),
                      departmentName: e.departmentCode.map { reference.department($0)?.name ?? $0 },
                      reportedAt: time.format(e.reportedAt), deadline: e.deadline.map(time.format),
                      overdue: e.isOverdue(at: now), warning: isWarning(e, now: now), escalationLevel: e.escalationLevel)
    }

    /// Open, not yet overdue, and at most the warning share of its limit left.
    public func isWarning(_ e: EventRecord, now: Date) -> Bool {
        guard e.stage.isOpen, let deadline = e.deadline, let registered = e.registeredAt, now <= deadline else { return false }
        let calendar = reference.calendar
        let total = max(1, calendar.workingMinutes(from: registered, to: deadline, zone: time.zone))
        let left = calendar.workingMinutes(from: now, to: deadline, zone: time.zone)
        return Double(left) <= Double(total) * reference.rules.warnFraction
    }

    /// Open events of the same category within the configured radius and time window.
    func duplicateCandidates(near point: GeoPoint, category: String, excluding: String?, now: Date) async throws -> [DuplicateCandidate] {
        let rules = reference.rules
        // A box of the radius around the point narrows the rows on the index; the exact distance decides.
        let dLat7 = Int64(rules.duplicateRadiusMeters / 111_320 * 1e7) + 1
        let dLng7 = Int64(rules.duplicateRadiusMeters / (111_320 * max(0.2, cos(point.latitude * .pi / 180))) * 1e7) + 1
        let since = now.addingTimeInterval(-rules.duplicateWindowHours * 3600).epochMillis
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events
                WHERE category_code = \(bind: category) AND reported_at >= \(bind: since)
                AND stage NOT IN ('closed', 'cancelled')
                AND lat7 BETWEEN \(bind: point.lat7 - dLat7) AND \(bind: point.lat7 + dLat7)
                AND lng7 BETWEEN \(bind: point.lng7 - dLng7) AND \(bind: point.lng7 + dLng7)
                ORDER BY reported_at DESC LIMIT 50
                """).all().map(EventStore.record)
        }
        return rows.compactMap { e in
            let d = distanceMeters(point, e.point)
            guard e.id != excluding, d <= rules.duplicateRadiusMeters else { return nil }
            return DuplicateCandidate(id: e.id, number: e.id, categoryName: reference.category(e.categoryCode)?.name ?? e.categoryCode,
                                      stage: e.stage.rawValue, stageName: e.stage.chineseName, distanceMeters: Int(d.rounded()),
                                      reportedAt: time.format(e.reportedAt))
        }.sorted { $0.distanceMeters < $1.distanceMeters }
    }

    /// Possible duplicates the caller may see, for the report form.
    public func duplicates(near point: GeoPoint, category: String, for identity: Identity) async throws -> [DuplicateCandidate] {
        try Self.requireRead(identity)
        guard reference.category(category) != nil else { throw Problem.invalid("category", "未知的事件类别“\(category)”") }
        let candidates = try await duplicateCandidates(near: point, category: category, excluding: nil, now: clock.now())
        let visible = try await database.read { db in
            try await candidates.asyncFilter { c in
                guard let e = try await EventStore.event(id: c.id, on: db) else { return false }
                return Self.canSee(e, identity)
            }
        }
        return visible
    }

    // MARK: Boards

    public struct DailyZero: Sendable {
        public var date: String
        public var dueToday: Int
        public var closedToday: Int
        public var items: [EventListItem]
    }

    /// 日清零: open events whose deadline falls today, and how many due today were closed.
    public func dailyZero(gridCode: String?, for identity: Identity) async throws -> DailyZero {
        try Self.requireRead(identity)
        let now = clock.now()
        let day = time.formatDay(now)
        guard let start = time.startOfDay(day), let end = time.endOfDay(day) else { throw Problem.malformed("日期错误") }
        var f = EventFilter()
        f.gridCode = gridCode
        let clause = try whereClause(f, for: identity, now: now)
        return try await database.read { db in
            let open = try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events WHERE \(clause)
                AND stage IN ('registered', 'dispatched', 'handling', 'verifying')
                AND deadline_at >= \(bind: start.epochMillis) AND deadline_at < \(bind: end.epochMillis)
                ORDER BY deadline_at LIMIT 500
                """).all().map(EventStore.record)
            let closed = try await db.raw("""
                SELECT COUNT(*) AS n FROM events WHERE \(clause) AND stage = 'closed'
                AND deadline_at >= \(bind: start.epochMillis) AND deadline_at < \(bind: end.epochMillis)
                """).first()?.decode(column: "n", as: Int64.self) ?? 0
            return DailyZero(date: day, dueToday: open.count + Int(closed), closedToday: Int(closed),
                             items: open.map { self.listItem($0, now: now) })
        }
    }

    public struct Supervision: Sendable {
        public var overdue: Int
        public var warning: Int
        public var escalated: Int
        public var standing: Int
        public var items: [EventListItem]
    }

    /// 督办: overdue and escalated events first, then those nearing their deadline, and the standing list's size.
    public func supervision(gridCode: String?, for identity: Identity) async throws -> Supervision {
        try Self.requireRead(identity)
        let now = clock.now()
        var f = EventFilter()
        f.gridCode = gridCode
        let clause = try whereClause(f, for: identity, now: now)
        let (open, standing) = try await database.read { db -> ([EventRecord], Int) in
            let open = try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events WHERE \(clause)
                AND stage IN ('registered', 'dispatched', 'handling', 'verifying') AND deadline_at IS NOT NULL
                ORDER BY deadline_at LIMIT 2000
                """).all().map(EventStore.record)
            let standing = try await db.raw("SELECT COUNT(*) AS n FROM events WHERE \(clause) AND stage = 'standing'")
                .first()?.decode(column: "n", as: Int64.self) ?? 0
            return (open, Int(standing))
        }
        let overdue = open.filter { $0.isOverdue(at: now) }
        let warning = open.filter { isWarning($0, now: now) }
        let escalated = open.filter { $0.escalationLevel > 0 }
        return Supervision(overdue: overdue.count, warning: warning.count, escalated: escalated.count, standing: standing,
                           items: (overdue + warning).prefix(200).map { listItem($0, now: now) })
    }
}

extension Array where Element: Sendable {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var out: [Element] = []
        for e in self where try await keep(e) { out.append(e) }
        return out
    }
}
