import Foundation
import PinganKernel
import PinganStorage
import SQLKit
import Synchronization

/// Categories, departments, the working calendar and the tunable rules, held in memory and
/// written through to the database. They are data: a site edits them without a release. An
/// empty database gets the default catalogue and China's official holiday calendar.
public final class CaseReference: Sendable {
    public struct Rules: Sendable, Codable, Equatable {
        /// A new report this close to an open one of the same category is offered as a duplicate.
        public var duplicateRadiusMeters: Double = 150
        public var duplicateWindowHours: Double = 72
        /// Warn the handler when at most this share of the working limit is left.
        public var warnFraction: Double = 0.2
        public init() {}
    }

    struct Snapshot: Sendable {
        var categories: [String: EventCategory] = [:]
        var departments: [String: Department] = [:]
        var calendar = WorkingCalendar.china
        var rules = Rules()
    }

    let database: Database
    private let state = Mutex(Snapshot())

    public init(database: Database) { self.database = database }

    public var categories: [EventCategory] { state.withLock { Array($0.categories.values) }.sorted { $0.code < $1.code } }
    public var departments: [Department] { state.withLock { Array($0.departments.values) }.sorted { $0.code < $1.code } }
    public var calendar: WorkingCalendar { state.withLock { $0.calendar } }
    public var rules: Rules { state.withLock { $0.rules } }
    public func category(_ code: String) -> EventCategory? { state.withLock { $0.categories[code] } }
    public func department(_ code: String) -> Department? { state.withLock { $0.departments[code] } }

    /// Loads everything, first writing the defaults into an empty database.
    public func load() async throws {
        let snapshot = try await database.write { db -> Snapshot in
            if try await db.raw("SELECT COUNT(*) AS n FROM event_categories").first()?.decode(column: "n", as: Int64.self) == 0 {
                try await Self.writeDefaults(on: db)
            }
            var s = Snapshot()
            for r in try await db.raw("SELECT code, name FROM departments").all() {
                let d = Department(code: try r.decode(column: "code", as: String.self), name: try r.decode(column: "name", as: String.self))
                s.departments[d.code] = d
            }
            for r in try await db.raw("SELECT * FROM event_categories").all() {
                let c = EventCategory(
                    code: try r.decode(column: "code", as: String.self), name: try r.decode(column: "name", as: String.self),
                    group: try r.decode(column: "grp", as: String.self), departmentCode: try r.decode(column: "department_code", as: String.self),
                    isPublic: try r.decode(column: "public", as: Int64.self) != 0,
                    normalLimitMinutes: Int(try r.decode(column: "normal_limit", as: Int64.self)),
                    urgentLimitMinutes: Int(try r.decode(column: "urgent_limit", as: Int64.self)),
                    description: try r.decode(column: "description", as: String.self))
                s.categories[c.code] = c
            }
            var holidays: Set<String> = [], workdays: Set<String> = []
            for r in try await db.raw("SELECT day, kind FROM working_days").all() {
                let day = try r.decode(column: "day", as: String.self)
                if try r.decode(column: "kind", as: String.self) == "workday" { workdays.insert(day) } else { holidays.insert(day) }
            }
            var periods = WorkingCalendar.standardPeriods
            for r in try await db.raw("SELECT name, value FROM case_settings").all() {
                let value = Data(try r.decode(column: "value", as: String.self).utf8)
                switch try r.decode(column: "name", as: String.self) {
                case "periods": periods = (try? JSONDecoder().decode([WorkingCalendar.Period].self, from: value)) ?? periods
                case "rules": s.rules = (try? JSONDecoder().decode(Rules.self, from: value)) ?? s.rules
                default: break
                }
            }
            s.calendar = WorkingCalendar(periods: periods, holidays: holidays, workdays: workdays)
            return s
        }
        state.withLock { $0 = snapshot }
    }

    static func writeDefaults(on db: any SQLDatabase) async throws {
        for d in DefaultCatalogue.departments {
            try await db.raw("INSERT INTO departments (code, name) VALUES (\(bind: d.code), \(bind: d.name))").run()
        }
        for c in DefaultCatalogue.categories {
            try await db.raw("""
                INSERT INTO event_categories (code, name, grp, department_code, public, normal_limit, urgent_limit, description)
                VALUES (\(bind: c.code), \(bind: c.name), \(bind: c.group), \(bind: c.departmentCode), \(bind: c.isPublic ? 1 : 0),
                \(bind: c.normalLimitMinutes), \(bind: c.urgentLimitMinutes), \(bind: c.description))
                """).run()
        }
        let calendar = WorkingCalendar.china
        for day in calendar.holidays.sorted() {
            try await db.raw("INSERT INTO working_days (day, kind) VALUES (\(bind: day), 'holiday')").run()
        }
        for day in calendar.workdays.sorted() {
            try await db.raw("INSERT INTO working_days (day, kind) VALUES (\(bind: day), 'workday')").run()
        }
    }

    /// Changes a category: its responsible department, whether it is public (Open311), its time
    /// limits. 治安 and 矛盾纠纷 stay private whatever is asked.
    public func updateCategory(_ code: String, departmentCode: String?, isPublic: Bool?, normalLimitMinutes: Int?,
                               urgentLimitMinutes: Int?) async throws -> EventCategory {
        guard var c = category(code) else { throw Problem.notFound }
        if let d = departmentCode {
            guard department(d) != nil else { throw Problem.invalid("departmentCode", "未知的部门“\(d)”") }
            c.departmentCode = d
        }
        if let p = isPublic {
            if p, DefaultCatalogue.privateGroups.contains(String(code.prefix(2))) {
                throw Problem.invalid("public", "治安、矛盾纠纷类事件涉及个人隐私，不能对外公开")
            }
            c.isPublic = p
        }
        for (field, value) in [("normalLimitMinutes", normalLimitMinutes), ("urgentLimitMinutes", urgentLimitMinutes)] {
            if let v = value, !(30...(60 * 420)).contains(v) { throw Problem.invalid(field, "时限须为 30 至 25200 个工作分钟（60 个工作日）") }
        }
        if let v = normalLimitMinutes { c.normalLimitMinutes = v }
        if let v = urgentLimitMinutes { c.urgentLimitMinutes = v }
        let updated = c
        try await database.write { db in
            try await db.raw("""
                UPDATE event_categories SET department_code = \(bind: updated.departmentCode), public = \(bind: updated.isPublic ? 1 : 0),
                normal_limit = \(bind: updated.normalLimitMinutes), urgent_limit = \(bind: updated.urgentLimitMinutes) WHERE code = \(bind: code)
                """).run()
        }
        state.withLock { $0.categories[code] = updated }
        return updated
    }

    /// Changes the duplicate radius and window and the warning share.
    public func updateRules(_ rules: Rules) async throws {
        guard (10...5000).contains(rules.duplicateRadiusMeters) else { throw Problem.invalid("duplicateRadiusMeters", "须为 10–5000 米") }
        guard (1...720).contains(rules.duplicateWindowHours) else { throw Problem.invalid("duplicateWindowHours", "须为 1–720 小时") }
        guard (0.01...0.9).contains(rules.warnFraction) else { throw Problem.invalid("warnFraction", "须为 0.01–0.9") }
        let text = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try await database.write { db in
            try await db.raw("""
                INSERT INTO case_settings (name, value) VALUES ('rules', \(bind: text))
                ON CONFLICT (name) DO UPDATE SET value = \(bind: text)
                """).run()
        }
        state.withLock { $0.rules = rules }
    }

    /// Replaces one year's holidays and make-up working days (an uploaded calendar).
    public func replaceCalendarYear(_ year: Int, holidays: [String], workdays: [String]) async throws {
        var calendar = self.calendar
        try calendar.replaceYear(year, holidays: holidays, workdays: workdays)
        let prefix = String(format: "%04d-", year)
        try await database.write { db in
            try await db.raw("DELETE FROM working_days WHERE day >= \(bind: prefix + "01-01") AND day <= \(bind: prefix + "12-31")").run()
            for day in holidays { try await db.raw("INSERT INTO working_days (day, kind) VALUES (\(bind: day), 'holiday')").run() }
            for day in workdays { try await db.raw("INSERT INTO working_days (day, kind) VALUES (\(bind: day), 'workday')").run() }
        }
        state.withLock { $0.calendar = calendar }
    }
}
