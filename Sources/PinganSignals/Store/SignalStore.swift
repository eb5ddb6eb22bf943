import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// An intersection as stored: its model (volumes of one period) and the path of its unit grid.
public struct StoredIntersection: Sendable, Hashable {
    /// Position is WGS 84: x = longitude, y = latitude.
    public var intersection: Intersection
    public var gridPath: String
    /// Creates one.
    public init(intersection: Intersection, gridPath: String) { self.intersection = intersection; self.gridPath = gridPath }
}

/// One version of an intersection's plan for a period.
public struct StoredPlan: Sendable, Hashable {
    public var plan: SignalPlan
    public var period: DayPeriod
    public var version: Int
    /// The arterial the plan is timed for, if any.
    public var arterialId: String?
    public var source: String
    public var changedBy: String
    public var validFrom: Int64
    public var validTo: Int64?
}

/// A coordinated plan for an arterial and period, waiting to be applied.
public struct StoredProposal: Sendable, Codable, Hashable {
    public var cycle: Double
    /// Plans over the intersections' movements, in arterial order.
    public var plans: [SignalPlan]
    public var report: BandReport
    public var optimum: BandSolution
    public var createdAt: Int64 = 0
    public var createdBy: String = ""
    public var appliedAt: Int64?
    public var appliedBy: String?
    /// The plan versions it was optimised from (`ProposalBasis`); nil for one stored before they were recorded.
    public var basis: [String: Int]?

    enum CodingKeys: String, CodingKey { case cycle, plans, report, optimum, basis }
}

/// SQL of the signals part. Writes run inside the caller's transaction.
public enum SignalStore {
    static let rowsPerStatement = 400

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// A value as the JSON text the store keeps (sorted keys).
    public static func encoded<T: Encodable>(_ value: T) throws -> String { try json(value) }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func insert(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        let perStatement = max(1, min(rowsPerStatement, 30_000 / max(1, columns.count)))
        for chunk in rows.chunked(perStatement) {
            let builder = db.insert(into: table).columns(columns)
            for row in chunk { builder.values(row.map { SQLBind($0) }) }
            try await builder.run()
        }
    }

    // MARK: Network

    /// Writes intersections (geometry; volumes go through `insertVolumes`).
    public static func insertIntersections(_ sites: [StoredIntersection], on db: any SQLDatabase) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for s in sites {
            let x = s.intersection
            let point = GeoPoint(latitude: x.position.y, longitude: x.position.x)
            let geometry = x.approaches.map { a in
                Approach(id: a.id, bearing: a.bearing, lanes: a.lanes, movements: a.movements.map { var m = $0; m.volume = 0; return m })
            }
            rows.append([x.id, x.name, point.lat7, point.lng7, x.gridCode, s.gridPath, x.pedestrianMinimumCross,
                         x.pedestrianMinimumAlong, try json(geometry)])
        }
        try await insert(db, "signal_intersections", ["id", "name", "lat7", "lng7", "grid_code", "grid_path", "pedestrian_minimum_cross",
                                                      "pedestrian_minimum_along", "approaches"], rows)
    }

    /// Writes one period's movement volumes of intersections.
    public static func insertVolumes(_ period: DayPeriod, _ intersections: [Intersection], on db: any SQLDatabase) async throws {
        let rows: [[any Encodable & Sendable]] = intersections.flatMap { x in
            x.approaches.flatMap { a in a.movements.map { [x.id, period.rawValue, $0.id, $0.volume] } }
        }
        try await insert(db, "signal_volumes", ["intersection_id", "day_period", "movement_id", "volume"], rows)
    }

    /// Writes arterials in the order given.
    public static func insertArterials(_ arterials: [Arterial], on db: any SQLDatabase) async throws {
        var rows: [[any Encodable & Sendable]] = []
        var nodes: [[any Encodable & Sendable]] = []
        for (k, a) in arterials.enumerated() {
            rows.append([a.id, a.name, k, try json(a.distances), try json(a.outboundSpeeds), try json(a.inboundSpeeds)])
            for (i, id) in a.intersectionIds.enumerated() {
                nodes.append([a.id, i, id, a.outboundApproaches[i], a.inboundApproaches[i]])
            }
        }
        try await insert(db, "signal_arterials", ["id", "name", "ordinal", "distances", "outbound_speeds", "inbound_speeds"], rows)
        try await insert(db, "signal_arterial_nodes", ["arterial_id", "ordinal", "intersection_id", "outbound_approach", "inbound_approach"], nodes)
    }

    /// Every arterial, in stored order.
    public static func arterials(on db: any SQLDatabase) async throws -> [Arterial] {
        var nodes: [String: [(String, String, String)]] = [:]
        for r in try await db.raw("""
            SELECT arterial_id, intersection_id, outbound_approach, inbound_approach FROM signal_arterial_nodes ORDER BY arterial_id, ordinal
            """).all() {
            nodes[try r.decode(column: "arterial_id", as: String.self), default: []].append((
                try r.decode(column: "intersection_id", as: String.self), try r.decode(column: "outbound_approach", as: String.self),
                try r.decode(column: "inbound_approach", as: String.self)))
        }
        return try await db.raw("SELECT * FROM signal_arterials ORDER BY ordinal, id").all().map { r in
            let id = try r.decode(column: "id", as: String.self)
            let n = nodes[id] ?? []
            return Arterial(id: id, name: try r.decode(column: "name", as: String.self), intersectionIds: n.map(\.0),
                            distances: try decode([Double].self, try r.decode(column: "distances", as: String.self)),
                            outboundSpeeds: try decode([Double].self, try r.decode(column: "outbound_speeds", as: String.self)),
                            inboundSpeeds: try decode([Double].self, try r.decode(column: "inbound_speeds", as: String.self)),
                            outboundApproaches: n.map(\.1), inboundApproaches: n.map(\.2))
        }
    }

    /// Intersections by id (all when `ids` is nil) with one period's volumes.
    public static func intersections(_ ids: [String]?, period: DayPeriod, on db: any SQLDatabase) async throws -> [String: StoredIntersection] {
        if let ids, ids.isEmpty { return [:] }
        var filter: SQLQueryString = "", volumeFilter: SQLQueryString = ""
        if let ids {
            let list = SQLList(ids.map { SQLBind($0) })
            filter = "WHERE id IN (\(list))"
            volumeFilter = "AND intersection_id IN (\(list))"
        }
        let rows = try await db.raw("SELECT * FROM signal_intersections \(filter)").all()
        var volumes: [String: [String: Double]] = [:]
        for r in try await db.raw("""
            SELECT intersection_id, movement_id, volume FROM signal_volumes WHERE day_period = \(bind: period.rawValue) \(volumeFilter)
            """).all() {
            volumes[try r.decode(column: "intersection_id", as: String.self), default: [:]][try r.decode(column: "movement_id", as: String.self)] =
                try r.decode(column: "volume", as: Double.self)
        }
        var out: [String: StoredIntersection] = [:]
        for r in rows {
            let id = try r.decode(column: "id", as: String.self)
            let v = volumes[id] ?? [:]
            let approaches = try decode([Approach].self, try r.decode(column: "approaches", as: String.self)).map { a in
                Approach(id: a.id, bearing: a.bearing, lanes: a.lanes, movements: a.movements.map { var m = $0; m.volume = v[m.id] ?? 0; return m })
            }
            let point = GeoPoint(lat7: try r.decode(column: "lat7", as: Int64.self), lng7: try r.decode(column: "lng7", as: Int64.self))
            let x = Intersection(id: id, name: try r.decode(column: "name", as: String.self),
                                 position: Position(x: point.longitude, y: point.latitude),
                                 gridCode: try r.decode(column: "grid_code", as: String.self), approaches: approaches,
                                 pedestrianMinimumCross: try r.decode(column: "pedestrian_minimum_cross", as: Double.self),
                                 pedestrianMinimumAlong: try r.decode(column: "pedestrian_minimum_along", as: Double.self))
            out[id] = StoredIntersection(intersection: x, gridPath: try r.decode(column: "grid_path", as: String.self))
        }
        return out
    }

    /// Every period's volumes of one intersection: movement → period → veh/h.
    public static func volumes(of id: String, on db: any SQLDatabase) async throws -> [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        for r in try await db.raw("SELECT day_period, movement_id, volume FROM signal_volumes WHERE intersection_id = \(bind: id)").all() {
            out[try r.decode(column: "movement_id", as: String.self), default: [:]][try r.decode(column: "day_period", as: String.self)] =
                try r.decode(column: "volume", as: Double.self)
        }
        return out
    }

    /// Intersection id → ids of the arterials through it.
    public static func arterialsThrough(_ ids: [String]?, on db: any SQLDatabase) async throws -> [String: [String]] {
        if let ids, ids.isEmpty { return [:] }
        var filter: SQLQueryString = ""
        if let ids { filter = "WHERE n.intersection_id IN (\(SQLList(ids.map { SQLBind($0) })))" }
        var out: [String: [String]] = [:]
        for r in try await db.raw("""
            SELECT n.intersection_id, n.arterial_id FROM signal_arterial_nodes n JOIN signal_arterials a ON a.id = n.arterial_id
            \(filter) ORDER BY a.ordinal, a.id
            """).all() {
            out[try r.decode(column: "intersection_id", as: String.self), default: []].append(try r.decode(column: "arterial_id", as: String.self))
        }
        return out
    }

    // MARK: Plans

    static func storedPlan(_ r: any SQLRow) throws -> StoredPlan? {
        guard let period = DayPeriod(rawValue: try r.decode(column: "day_period", as: String.self)) else { return nil }
        let id = try r.decode(column: "intersection_id", as: String.self)
        let phases = try decode([SignalPhase].self, try r.decode(column: "phases", as: String.self))
        return StoredPlan(plan: SignalPlan(intersectionId: id, cycle: try r.decode(column: "cycle", as: Double.self),
                                           offset: try r.decode(column: "offset_s", as: Double.self), phases: phases),
                          period: period, version: try r.decode(column: "version", as: Int.self),
                          arterialId: try r.decode(column: "arterial_id", as: String?.self), source: try r.decode(column: "source", as: String.self),
                          changedBy: try r.decode(column: "changed_by", as: String.self), validFrom: try r.decode(column: "valid_from", as: Int64.self),
                          validTo: try r.decode(column: "valid_to", as: Int64?.self))
    }

    /// The current plans of intersections, per intersection and period (every period when `period` is nil).
    public static func currentPlans(_ ids: [String], period: DayPeriod?, on db: any SQLDatabase) async throws -> [String: [DayPeriod: StoredPlan]] {
        guard !ids.isEmpty else { return [:] }
        var periodFilter: SQLQueryString = ""
        if let period { periodFilter = "AND day_period = \(bind: period.rawValue)" }
        var out: [String: [DayPeriod: StoredPlan]] = [:]
        for r in try await db.raw("""
            SELECT * FROM signal_plans WHERE valid_to IS NULL AND intersection_id IN (\(SQLList(ids.map { SQLBind($0) }))) \(periodFilter)
            """).all() {
            guard let p = try storedPlan(r) else { continue }
            out[p.plan.intersectionId, default: [:]][p.period] = p
        }
        return out
    }

    /// Every version of an intersection's plans, the latest change first.
    public static func planHistory(_ id: String, limit: Int, on db: any SQLDatabase) async throws -> [StoredPlan] {
        try await db.raw("""
            SELECT * FROM signal_plans WHERE intersection_id = \(bind: id) ORDER BY valid_from DESC, version DESC LIMIT \(unsafeRaw: String(limit))
            """).all().compactMap(storedPlan)
    }

    /// Makes `plan` the current plan of its intersection for `period`; the previous one is closed, not deleted.
    public static func replacePlan(_ plan: SignalPlan, period: DayPeriod, arterialId: String?, source: String, by username: String,
                                   at: Int64, on db: any SQLDatabase) async throws {
        let id = plan.intersectionId
        let last = try await db.raw("""
            SELECT MAX(version) AS v FROM signal_plans WHERE intersection_id = \(bind: id) AND day_period = \(bind: period.rawValue)
            """).first()?.decode(column: "v", as: Int?.self) ?? 0
        try await db.raw("""
            UPDATE signal_plans SET valid_to = \(bind: at)
            WHERE intersection_id = \(bind: id) AND day_period = \(bind: period.rawValue) AND valid_to IS NULL
            """).run()
        try await insertPlans([(plan, period, arterialId)], version: last + 1, source: source, by: username, at: at, on: db)
    }

    /// Writes first versions (or the given version) of plans without closing anything: the demo's initial plans.
    public static func insertPlans(_ plans: [(plan: SignalPlan, period: DayPeriod, arterialId: String?)], version: Int = 1, source: String,
                                   by username: String, at: Int64, on db: any SQLDatabase) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for p in plans {
            rows.append([p.plan.intersectionId, p.period.rawValue, version, p.plan.cycle, p.plan.offset, try json(p.plan.phases),
                         p.arterialId, source, username, at, Optional<Int64>.none])
        }
        try await insert(db, "signal_plans", ["intersection_id", "day_period", "version", "cycle", "offset_s", "phases", "arterial_id",
                                              "source", "changed_by", "valid_from", "valid_to"], rows)
    }

    // MARK: Proposals

    /// The stored proposal of an arterial and period.
    public static func proposal(_ arterialId: String, _ period: DayPeriod, on db: any SQLDatabase) async throws -> StoredProposal? {
        guard let r = try await db.raw("""
            SELECT * FROM signal_proposals WHERE arterial_id = \(bind: arterialId) AND day_period = \(bind: period.rawValue)
            """).first() else { return nil }
        var p = try decode(StoredProposal.self, try r.decode(column: "body", as: String.self))
        p.createdAt = try r.decode(column: "created_at", as: Int64.self)
        p.createdBy = try r.decode(column: "created_by", as: String.self)
        p.appliedAt = try r.decode(column: "applied_at", as: Int64?.self)
        p.appliedBy = try r.decode(column: "applied_by", as: String?.self)
        return p
    }

    /// Replaces the proposal of an arterial and period.
    public static func saveProposal(_ p: StoredProposal, arterialId: String, period: DayPeriod, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM signal_proposals WHERE arterial_id = \(bind: arterialId) AND day_period = \(bind: period.rawValue)").run()
        try await insert(db, "signal_proposals", ["arterial_id", "day_period", "created_at", "created_by", "applied_at", "applied_by", "body"],
                         [[arterialId, period.rawValue, p.createdAt, p.createdBy, p.appliedAt, p.appliedBy, try json(p)]])
    }


    // MARK: Evaluations

    /// Records an evaluation (its JSON as given). `seq` orders them even when two share a millisecond.
    public static func insertEvaluation(id: String, body: String, by username: String, at: Int64, on db: any SQLDatabase) async throws {
        let last = try await db.raw("SELECT MAX(seq) AS s FROM signal_evaluations").first()?.decode(column: "s", as: Int64?.self) ?? 0
        try await insert(db, "signal_evaluations", ["id", "seq", "recorded_at", "recorded_by", "body"], [[id, last + 1, at, username, body]])
    }

    /// The most recently recorded evaluation, with who recorded it and when.
    public static func latestEvaluation(on db: any SQLDatabase) async throws -> (body: String, at: Int64, by: String)? {
        guard let r = try await db.raw("SELECT * FROM signal_evaluations ORDER BY seq DESC LIMIT 1").first() else { return nil }
        return (try r.decode(column: "body", as: String.self), try r.decode(column: "recorded_at", as: Int64.self),
                try r.decode(column: "recorded_by", as: String.self))
    }
}
