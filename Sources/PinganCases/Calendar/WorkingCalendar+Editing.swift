import PinganKernel

extension WorkingCalendar {
    /// One year's holidays and make-up working days, each sorted (what `GET /events/calendar` shows).
    public func days(ofYear year: Int) -> (holidays: [String], workdays: [String]) {
        func inYear(_ days: Set<String>) -> [String] {
            days.filter { CivilDay($0)?.civil.year == year }.sorted()
        }
        return (inYear(holidays), inYear(workdays))
    }

    /// Replaces one year's arrangement (an upload). Every day must be a real date of that year,
    /// no day may be both, and a make-up working day must be a Saturday or Sunday (a weekday is
    /// worked anyway). Nothing changes when a day is refused.
    public mutating func replaceYear(_ year: Int, holidays newHolidays: [String], workdays newWorkdays: [String]) throws {
        func parse(_ texts: [String], field: String) throws -> [CivilDay] {
            try texts.map { text in
                guard let day = CivilDay(text) else {
                    throw Problem.invalid(field, "“\(text)”不是有效日期（格式应为 yyyy-MM-dd）")
                }
                guard day.civil.year == year else {
                    throw Problem.invalid(field, "“\(text)”不属于 \(year) 年")
                }
                return day
            }
        }
        let offDays = try parse(newHolidays, field: "holidays")
        let workDays = try parse(newWorkdays, field: "workdays")
        let off = Set(offDays)
        for day in workDays {
            if off.contains(day) {
                throw Problem.invalid("workdays", "“\(day.text)”不能既是节假日又是调休上班日")
            }
            if !day.isWeekend {
                throw Problem.invalid("workdays", "“\(day.text)”是\(day.chineseWeekday)，调休上班日只能是周六或周日")
            }
        }
        let otherYears = { (days: Set<String>) in days.filter { CivilDay($0)?.civil.year != year } }
        // Assign both at once so the day index is rebuilt from a consistent pair.
        var updated = self
        updated.holidays = otherYears(holidays).union(offDays.map(\.text))
        updated.workdays = otherYears(workdays).union(workDays.map(\.text))
        self = updated
    }

    /// Parses `("08:30", "12:00")` pairs: `H:mm` or `HH:mm` up to `24:00`, each period ending
    /// after it starts, in order and not overlapping (touching is fine), at least one.
    public static func parsePeriods(_ texts: [(start: String, end: String)]) throws -> [Period] {
        guard !texts.isEmpty else { throw Problem.invalid("periods", "至少需要一个工作时段") }
        var periods: [Period] = []
        for (start, end) in texts {
            guard let s = minutes(start) else { throw Problem.invalid("periods", "“\(start)”不是有效时间（格式应为 HH:mm）") }
            guard let e = minutes(end) else { throw Problem.invalid("periods", "“\(end)”不是有效时间（格式应为 HH:mm）") }
            guard e > s else { throw Problem.invalid("periods", "时段 \(start)–\(end) 的结束时间必须晚于开始时间") }
            if let last = periods.last, s < last.end {
                throw Problem.invalid("periods", "时段 \(start)–\(end) 与前一时段重叠或顺序颠倒，须按时间先后排列")
            }
            periods.append(Period(start: s, end: e))
        }
        return periods
    }

    /// `8:30` / `08:30` → 510; `24:00` is the end of the day; anything else → nil.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(parts[0]), let m = Int(parts[1]), m < 60 else { return nil }
        let total = h * 60 + m
        return total <= 24 * 60 ? total : nil
    }
}
