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
