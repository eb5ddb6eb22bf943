import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// The centre's headline figures for a node, period, category or department, computed from
/// the events themselves: `reported` counts the events reported in the period, `closed` those
/// of them closed by now (as the district counts "8,912 reported, 8,805 closed").
public struct EventKPIFigures: Sendable, Encodable, Equatable {
    public var reported: Int
    public var closed: Int
    public var closedOnTime: Int
    public var reworked: Int
    public var extended: Int
    public var averageHandlingHours: Double?

    /// closed / reported (0–1).
    public var closureRate: Double { reported > 0 ? Double(closed) / Double(reported) : 0 }
    /// Closed by the (extended) deadline / reported.
    public var onTimeClosureRate: Double { reported > 0 ? Double(closedOnTime) / Double(reported) : 0 }
    /// Reworked at least once / closed.
    public var reworkRate: Double { closed > 0 ? Double(reworked) / Double(closed) : 0 }
    /// Extended / reported.
    public var extensionRate: Double { reported > 0 ? Double(extended) / Double(reported) : 0 }
}

extension EventService {
    static let kpiSelect: SQLQueryString = """
        COUNT(*) AS reported,
        SUM(CASE WHEN stage = 'closed' THEN 1 ELSE 0 END) AS closed,
        SUM(CASE WHEN stage = 'closed' AND closed_on_time = 1 THEN 1 ELSE 0 END) AS on_time,
        SUM(CASE WHEN stage = 'closed' AND rework_count > 0 THEN 1 ELSE 0 END) AS reworked,
        SUM(CASE WHEN extension_count > 0 THEN 1 ELSE 0 END) AS extended,
        CAST(AVG(CASE WHEN stage = 'closed' THEN closed_at - reported_at END) AS DOUBLE PRECISION) AS handling_ms
        """

    static func figures(_ r: any SQLRow) throws -> EventKPIFigures {
        func n(_ c: String) throws -> Int { Int(try r.decode(column: c, as: Int64?.self) ?? 0) }
        let handling = try r.decode(column: "handling_ms", as: Double?.self)
        return EventKPIFigures(reported: try n("reported"), closed: try n("closed"), closedOnTime: try n("on_time"),
                               reworked: try n("reworked"), extended: try n("extended"),
                               averageHandlingHours: handling.map { ($0 / 3_600_000 * 10).rounded() / 10 })
    }

    func kpiFilter(_ f: EventFilter) -> EventFilter {
        var f = f
        f.kpi = .reported
        return f
    }

    /// The figures for one filter (grid, period, category, department).
    public func kpis(_ f: EventFilter, for identity: Identity) async throws -> EventKPIFigures {
        try Self.requireRead(identity)
        let clause = try whereClause(kpiFilter(f), for: identity, now: clock.now())
        return try await database.read { db in
            guard let row = try await db.raw("SELECT \(Self.kpiSelect) FROM events WHERE \(clause)").first() else {
                return EventKPIFigures(reported: 0, closed: 0, closedOnTime: 0, reworked: 0, extended: 0)
            }
            return try Self.figures(row)
        }
    }

    public enum Breakdown: String, Sendable, CaseIterable { case grid, department, category, month }

    public struct BreakdownRow: Sendable {
        public var key: String
        public var name: String
        public var figures: EventKPIFigures
    }

    /// The same figures split by the grid's children, department, category or calendar month.
    public func breakdown(_ f: EventFilter, by: Breakdown, for identity: Identity) async throws -> [BreakdownRow] {
        try Self.requireRead(identity)
        let clause = try whereClause(kpiFilter(f), for: identity, now: clock.now())
        switch by {
        case .grid:
            let parent = f.gridCode ?? identity.scope.roots(in: "governance").first?.code ?? ""
            var rows: [BreakdownRow] = []
            for child in grids.children(of: parent) {
                var cf = f
                cf.gridCode = child.code
                let childClause = try whereClause(kpiFilter(cf), for: identity, now: clock.now())
                let figures = try await database.read { db in
                    try await db.raw("SELECT \(Self.kpiSelect) FROM events WHERE \(childClause)").first().map(Self.figures)
                }
                if let figures { rows.append(BreakdownRow(key: child.code, name: child.name, figures: figures)) }
            }
            return rows
        case .department, .category:
            let column: SQLQueryString = by == .department ? "department_code" : "category_code"
            return try await database.read { db in
                try await db.raw("SELECT \(column) AS k, \(Self.kpiSelect) FROM events WHERE \(clause) GROUP BY \(column) ORDER BY \(column)")
                    .all().map { r in
                        let key = try r.decode(column: "k", as: String?.self) ?? (by == .department ? EventFilter.noDepartment : "")
                        let name = by == .department ? (self.reference.department(key)?.name ?? (key == EventFilter.noDepartment ? "未派遣" : key))
                                                     : (self.reference.category(key)?.name ?? key)
                        return BreakdownRow(key: key, name: name, figures: try Self.figures(r))
                    }
            }
        case .month:
            // Months in the county's zone: group in memory over the period's rows' report times.
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT reported_at, stage, closed_on_time, rework_count, extension_count, closed_at FROM events WHERE \(clause)
                    """).all()
            }
            var months: [String: (Int, Int, Int, Int, Int, Double, Int)] = [:]
            for r in rows {
                let at = Date(epochMillis: try r.decode(column: "reported_at", as: Int64.self))
                let key = String(time.formatDay(at).prefix(7))
                let closed = try r.decode(column: "stage", as: String.self) == "closed"
                var m = months[key] ?? (0, 0, 0, 0, 0, 0, 0)
                m.0 += 1
                if closed {
                    m.1 += 1
                    if try r.decode(column: "closed_on_time", as: Int64?.self) == 1 { m.2 += 1 }
                    if try r.decode(column: "rework_count", as: Int64.self) > 0 { m.3 += 1 }
                    if let c = try r.decode(column: "closed_at", as: Int64?.self) { m.5 += Double(c - at.epochMillis); m.6 += 1 }
                }
                if try r.decode(column: "extension_count", as: Int64.self) > 0 { m.4 += 1 }
                months[key] = m
            }
            return months.keys.sorted().map { k in
                let m = months[k]!
                return BreakdownRow(key: k, name: k, figures: EventKPIFigures(
                    reported: m.0, closed: m.1, closedOnTime: m.2, reworked: m.3, extended: m.4,
                    averageHandlingHours: m.6 > 0 ? (m.5 / Double(m.6) / 3_600_000 * 10).rounded() / 10 : nil))
            }
        }
    }
}
