/// China's official holiday arrangements (国务院办公厅关于部分节假日安排的通知), transcribed
/// span by span as the notices word them. Holidays list every day of a span, weekend days
/// included, as the notice announces it; workdays are the make-up days (调休上班).
/// Later years are uploaded through the calendar API when their notice appears.
enum ChinaHolidays {
    private struct Span {
        var first: String
        var last: String
    }

    /// 国办发明电〔2024〕12号 (2024-11-12), the first year with 除夕 and 5月2日 as statutory holidays.
    private static let spans2025 = [
        Span(first: "2025-01-01", last: "2025-01-01"),  // 元旦, 不调休
        Span(first: "2025-01-28", last: "2025-02-04"),  // 春节, 除夕至正月初七
        Span(first: "2025-04-04", last: "2025-04-06"),  // 清明节
        Span(first: "2025-05-01", last: "2025-05-05"),  // 劳动节
        Span(first: "2025-05-31", last: "2025-06-02"),  // 端午节
        Span(first: "2025-10-01", last: "2025-10-08"),  // 国庆节、中秋节
    ]
    private static let workdays2025 = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]

    /// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
    private static let spans2026 = [
        Span(first: "2026-01-01", last: "2026-01-03"),  // 元旦
        Span(first: "2026-02-15", last: "2026-02-23"),  // 春节, 腊月二十八至正月初七
        Span(first: "2026-04-04", last: "2026-04-06"),  // 清明节
        Span(first: "2026-05-01", last: "2026-05-05"),  // 劳动节
        Span(first: "2026-06-19", last: "2026-06-21"),  // 端午节
        Span(first: "2026-09-25", last: "2026-09-27"),  // 中秋节
        Span(first: "2026-10-01", last: "2026-10-07"),  // 国庆节
    ]
    private static let workdays2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]

    static var holidays: Set<String> {
        var days: Set<String> = []
        for span in spans2025 + spans2026 {
            guard let first = CivilDay(span.first), let last = CivilDay(span.last) else { continue }
            for n in first.number...last.number { days.insert(CivilDay(number: n).text) }
        }
        return days
    }

    static var workdays: Set<String> { Set(workdays2025 + workdays2026) }
}
