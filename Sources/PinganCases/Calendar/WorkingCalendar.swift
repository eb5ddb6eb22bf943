import Foundation

/// The working calendar deadlines are counted on: daily working periods, weekdays off
/// (statutory holidays) and weekend days worked (调休). It is data: the centre uploads each
/// year's arrangement once the State Council publishes it.
public struct WorkingCalendar: Sendable, Codable, Equatable {
    /// One working period, in minutes after local midnight (`start` inclusive, `end` exclusive).
    public struct Period: Sendable, Codable, Equatable, Hashable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// `08:30`
        public var startText: String { Self.clock(start) }
        /// `17:30`
        public var endText: String { Self.clock(end) }

        static func clock(_ minutes: Int) -> String {
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
        }
    }

    /// Working periods of a working day, ordered and non-overlapping.
    public var periods: [Period]
    /// `yyyy-MM-dd` days off (statutory holidays; weekend days inside a holiday span may be listed too).
    public var holidays: Set<String> { didSet { index = DayIndex(holidays: holidays, workdays: workdays) } }
    /// `yyyy-MM-dd` weekend days that are working days (调休).
    public var workdays: Set<String> { didSet { index = DayIndex(holidays: holidays, workdays: workdays) } }

    /// The same days as integers, rebuilt whenever the sets change, so the hot loops never
    /// format or hash date strings.
    var index: DayIndex

    public init(periods: [Period] = WorkingCalendar.standardPeriods, holidays: Set<String> = [], workdays: Set<String> = []) {
        self.periods = periods
        self.holidays = holidays
        self.workdays = workdays
        index = DayIndex(holidays: holidays, workdays: workdays)
    }

    /// 08:30–12:00 and 14:00–17:30: 420 working minutes a day.
    public static let standardPeriods: [Period] = [Period(start: 510, end: 720), Period(start: 840, end: 1050)]

    /// Standard periods with the State Council's 2025 and 2026 holiday arrangements.
    public static let china = WorkingCalendar(holidays: ChinaHolidays.holidays, workdays: ChinaHolidays.workdays)

    /// Working minutes in one working day.
    public var dailyMinutes: Int { periods.reduce(0) { $0 + max(0, $1.end - $1.start) } }

    /// Whether `day` (`yyyy-MM-dd`) is a working day; false for text that is not a date.
    public func isWorkingDay(_ day: String) -> Bool {
        guard let civil = CivilDay(day) else { return false }
        return index.isWorkingDay(civil)
    }

    public static func == (a: WorkingCalendar, b: WorkingCalendar) -> Bool {
        a.periods == b.periods && a.holidays == b.holidays && a.workdays == b.workdays
    }

    private enum CodingKeys: String, CodingKey { case periods, holidays, workdays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(periods: try c.decode([Period].self, forKey: .periods),
                  holidays: try c.decodeIfPresent(Set<String>.self, forKey: .holidays) ?? [],
                  workdays: try c.decodeIfPresent(Set<String>.self, forKey: .workdays) ?? [])
    }

    /// Days are written sorted so the same calendar always encodes to the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(periods, forKey: .periods)
        try c.encode(holidays.sorted(), forKey: .holidays)
        try c.encode(workdays.sorted(), forKey: .workdays)
    }
}

/// Holidays and make-up days as day numbers, plus the span they cover: outside that span every
/// week has exactly five working days, which lets long counts jump week by week.
struct DayIndex: Sendable {
    let holidays: Set<Int>
    let workdays: Set<Int>
    /// First and last day with an override (`Int.max`/`Int.min` when there are none).
    let lowest: Int
    let highest: Int

    init(holidays: Set<String>, workdays: Set<String>) {
        self.holidays = Set(holidays.compactMap { CivilDay($0)?.number })
        self.workdays = Set(workdays.compactMap { CivilDay($0)?.number })
        let all = self.holidays.union(self.workdays)
        lowest = all.min() ?? Int.max
        highest = all.max() ?? Int.min
    }

    /// A listed holiday wins over a listed workday; otherwise Monday to Friday work.
    func isWorkingDay(_ day: CivilDay) -> Bool {
        if holidays.contains(day.number) { return false }
        if workdays.contains(day.number) { return true }
        return !day.isWeekend
    }

    /// How many whole weeks starting at `day` contain no override, at most `wanted`.
    func plainWeeks(from day: CivilDay, wanted: Int) -> Int {
        if day.number > highest { return wanted }
        return min(wanted, max(0, (lowest - day.number) / 7))
    }
}
