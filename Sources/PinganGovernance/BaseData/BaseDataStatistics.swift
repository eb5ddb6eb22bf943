import Foundation
import PinganAccess
import PinganKernel
import PinganStorage
import SQLKit

/// Population statistics for any node and date, and the records behind every number: a count
/// and its list are the same query over `search_index`, so they cannot disagree.
public struct BaseDataStatistics: Sendable {
    public enum Metric: String, Sendable, CaseIterable {
        case registered, floating, away, households, houses, organisations, specialGroups, overdueVisits
    }

    public struct Totals: Sendable, Codable { public var values: [String: Int] }
    public struct NodeStats: Sendable, Codable {
        public var code: String
        public var name: String
        public var level: Int
        public var totals: [String: Int]
    }

    let records: BaseDataRecords
    var database: Database { records.database }

    public init(records: BaseDataRecords) { self.records = records }

    /// (kind, join, condition) selecting the records a metric counts, as of `at`.
    static func selection(_ metric: Metric, at: Date) -> (RecordKind, SQLQueryString, SQLQueryString) {
        let ms = at.epochMillis
        switch metric {
        case .registered, .floating, .away:
            return (.person, "JOIN people p ON p.id = s.id", "p.residency = \(bind: metric.rawValue)")
        case .households: return (.household, "", "1 = 1")
        case .houses: return (.house, "", "1 = 1")
        case .organisations: return (.organisation, "", "1 = 1")
        case .specialGroups:
            return (.person, "", """
                s.id IN (SELECT person_id FROM person_tags WHERE valid_from <= \(bind: ms) AND (valid_to IS NULL OR valid_to > \(bind: ms)))
                """)
        case .overdueVisits:
            return (.person, "", """
                s.id IN (SELECT person_id FROM visits WHERE due_at < \(bind: ms) AND (done_at IS NULL OR done_at > \(bind: ms)))
                """)
        }
    }

    func visibleMetrics(_ identity: Identity) -> [Metric] {
        Metric.allCases.filter { identity.can(.specialGroupsRead) || ($0 != .specialGroups && $0 != .overdueVisits) }
    }

    /// `date` is a calendar day in the county's zone; figures are as of the end of that day.
    func instant(_ date: String?) throws -> Date {
        guard let date, !date.isEmpty else { return records.clock.now() }
        guard let end = records.time.endOfDay(date) else { throw Problem.invalid("date", "日期格式应为 YYYY-MM-DD") }
        return min(end.addingTimeInterval(-0.001), records.clock.now())
    }

    public func population(grid code: String, date: String?, for identity: Identity) async throws -> (node: NodeStats, date: String, children: [NodeStats]) {
        guard identity.can(.peopleRead) || identity.can(.dashboardsRead) else { throw Problem.forbidden() }
        let at = try instant(date)
        guard let node = try await records.grids.summaries(layer: .governance, codes: [code], at: at).first,
              identity.scope.contains(path: node.path) else { throw Problem.notFound }
        let children = try await records.grids.children(layer: .governance, code: code, at: at)
        var nodeTotals: [String: Int] = [:]
        var childTotals: [String: [String: Int]] = [:]
        // Children's paths all have the same length: one GROUP BY on the path prefix per metric.
        let childPathLength = children.first.map { $0.path.count } ?? 0
        for metric in visibleMetrics(identity) {
            let (kind, join, condition) = Self.selection(metric, at: at)
            let range: SQLQueryString = "s.grid_path >= \(bind: node.path) AND s.grid_path < \(bind: String(node.path.dropLast()) + "0")"
            let groups = try await database.read { db in
                try await db.raw("SELECT substr(s.grid_path, 1, \(unsafeRaw: String(max(1, childPathLength)))) AS k, COUNT(*) AS n FROM search_index s "
                                 + join + " WHERE s.kind = \(bind: kind.rawValue) AND " + range + " AND " + condition + " GROUP BY 1").all()
            }
            var total = 0
            for g in groups {
                let n = try g.decode(column: "n", as: Int.self)
                total += n
                childTotals[try g.decode(column: "k", as: String.self), default: [:]][metric.rawValue] = n
            }
            nodeTotals[metric.rawValue] = total
        }
        let metrics = visibleMetrics(identity).map(\.rawValue)
        let childStats = children.map { c in
            NodeStats(code: c.code, name: c.name, level: c.level,
                      totals: Dictionary(uniqueKeysWithValues: metrics.map { ($0, childTotals[c.path]?[$0] ?? 0) }))
        }
        return (NodeStats(code: node.code, name: node.name, level: node.level, totals: nodeTotals), records.time.formatDay(at), childStats)
    }

    public func records(grid code: String, metric text: String, date: String?, limit: Int, offset: Int, for identity: Identity) async throws -> (total: Int, items: [SearchItem]) {
        try identity.require(.peopleRead)
        guard let metric = Metric(rawValue: text) else {
            throw Problem.invalid("metric", "指标须为 \(Metric.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        guard visibleMetrics(identity).contains(metric) else { throw Problem.forbidden() }
        let at = try instant(date)
        guard let node = try await records.grids.summaries(layer: .governance, codes: [code], at: at).first,
              identity.scope.contains(path: node.path) else { throw Problem.notFound }
        let (kind, join, condition) = Self.selection(metric, at: at)
        return try await records.listSearchRows(
            kind: kind, where: "s.grid_path >= \(bind: node.path) AND s.grid_path < \(bind: String(node.path.dropLast()) + "0") AND " + condition,
            join: join, limit: limit, offset: offset)
    }

    public struct RosterRow: Sendable, Codable {
        public var personId: String
        public var name: String
        public var residentId: String?
        public var group: String
        public var groupName: String
        public var risk: String
        public var riskName: String
        public var minor: Bool
        public var responsibleWorker: String?
        public var responsibleWorkerName: String?
        public var nextDue: String?
        public var overdue: Bool
    }

    /// The one "N合一" roster: tagged people of the subtree, soonest visit first. A row is a tag, so a person
    /// with two tags has two rows: `total` counts rows, `people` the people on them.
    public func roster(grid code: String?, group: String?, overdueOnly: Bool, limit: Int, offset: Int,
                       for identity: Identity) async throws -> (total: Int, people: Int, items: [RosterRow]) {
        try identity.require(.specialGroupsRead)
        let now = records.clock.now()
        var ranges = identity.scope.pathRanges()
        if let code {
            guard let node = try await records.grids.summaries(layer: .governance, codes: [code], at: now).first,
                  identity.scope.contains(path: node.path) else { throw Problem.notFound }
            ranges = [(node.path, String(node.path.dropLast()) + "0")]
        }
        var filter: SQLQueryString = BaseDataSearch.scopeSQL(ranges, column: "t.grid_path") + " AND t.valid_to IS NULL"
        if let group, !group.isEmpty {
            guard SpecialGroup(rawValue: group) != nil else { throw Problem.invalid("group", "未知的人群类别 \(group)") }
            filter += " AND t.grp = \(bind: group)"
        }
        let inner: SQLQueryString = """
            SELECT t.id, t.person_id, t.grp, t.risk, t.worker, p.name, p.doc_number, p.birth_date,
            (SELECT MIN(v.due_at) FROM visits v WHERE v.tag_id = t.id AND v.done_at IS NULL) AS next_due,
            (SELECT MIN(w.display_name) FROM grid_workers w WHERE w.username = t.worker) AS worker_name
            FROM person_tags t JOIN people p ON p.id = t.person_id WHERE
            """ + filter
        let overdue: SQLQueryString = overdueOnly ? "WHERE next_due < \(bind: now.epochMillis)" : ""
        let time = records.time
        return try await database.read { db in
            let counts = try await db.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT person_id) AS people FROM (" + inner + ") r " + overdue).first()
            let total = try counts?.decode(column: "n", as: Int.self) ?? 0
            let people = try counts?.decode(column: "people", as: Int.self) ?? 0
            let rows = try await db.raw("SELECT * FROM (" + inner + ") r " + overdue
                                        + " ORDER BY next_due, id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))").all()
            let items = try rows.map { r in
                let group = SpecialGroup(rawValue: try r.decode(column: "grp", as: String.self)) ?? .petition
                let risk = RiskLevel(rawValue: try r.decode(column: "risk", as: String.self)) ?? .low
                let next = try r.decode(column: "next_due", as: Int64?.self)
                let age = records.age(birthDate: try r.decode(column: "birth_date", as: String?.self), at: now)
                return RosterRow(personId: try r.decode(column: "person_id", as: String.self), name: try r.decode(column: "name", as: String.self),
                                 residentId: try r.decode(column: "doc_number", as: String?.self).map(Masking.documentNumber),
                                 group: group.rawValue, groupName: group.chineseName, risk: risk.rawValue, riskName: risk.chineseName,
                                 minor: (age ?? 99) < 14, responsibleWorker: try r.decode(column: "worker", as: String?.self),
                                 responsibleWorkerName: try r.decode(column: "worker_name", as: String?.self),
                                 nextDue: next.map { time.format(Date(epochMillis: $0)) }, overdue: next.map { $0 < now.epochMillis } ?? false)
            }
            return (total, people, items)
        }
    }
}
