import Foundation

/// Birth-date rules shared by resident IDs and foreigners' permanent-residence IDs: a real
/// Gregorian date, not before 1900, not after today.
enum BirthDate {
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    static func isRealDate(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// IDs are issued in China, so "today" is the calendar day in Asia/Shanghai whatever zone the
    /// server runs in: a baby born this morning in Beijing must not be "in the future" at 07:00.
    private static let chinaCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current
        return calendar
    }()

    /// `yyyymmdd` as an integer, so days compare with `<`.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int { year * 10_000 + month * 100 + day }

    static func today(asOf date: Date) -> Int {
        let c = chinaCalendar.dateComponents([.year, .month, .day], from: date)
        return dayNumber(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0)
    }

    /// Throws the Chinese message that says which rule the date breaks.
    static func validate(year: Int, month: Int, day: Int, field: String, asOf: Date?) throws {
        // Formatted only for a message: a valid date (nearly every row of an import) pays nothing.
        var text: String { String(format: "%04d%02d%02d", year, month, day) }
        guard isRealDate(year: year, month: month, day: day) else {
            throw Problem.invalid(field, "出生日期无效：\(text) 不是实际存在的日期")
        }
        guard year >= 1900 else {
            throw Problem.invalid(field, "出生日期无效：\(text) 早于 1900 年")
        }
        guard dayNumber(year: year, month: month, day: day) <= today(asOf: asOf ?? Date()) else {
            throw Problem.invalid(field, "出生日期无效：\(text) 晚于当前日期")
        }
    }
}
