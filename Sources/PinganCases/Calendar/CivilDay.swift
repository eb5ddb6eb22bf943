/// A calendar day as a count of days since 1970-01-01 (proleptic Gregorian), with the
/// conversions the working calendar needs. Deadlines are computed ~100,000 times in the demo,
/// so this does civil-date math by hand (H. Hinnant's algorithms) instead of going through
/// `Calendar`/`DateFormatter` on every step.
struct CivilDay: Hashable, Comparable, Sendable {
    var number: Int

    init(number: Int) { self.number = number }

    init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }

    /// Strict `yyyy-MM-dd` (four-digit year, two-digit month and day, a real date), else nil.
    init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                value = value * 10 + Int(u[i] - 48)
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1...12).contains(m), d >= 1, d <= CivilDay.daysInMonth(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var civil: (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    var weekday: Int { ((number % 7) + 7 + 4) % 7 }

    var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// `yyyy-MM-dd`, built byte by byte (fits Swift's small-string storage: no allocation).
    var text: String {
        let (y, m, d) = civil
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        for divisor in [1000, 100, 10, 1] { bytes.append(UInt8(48 + (abs(y) / divisor) % 10)) }
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + m / 10)); bytes.append(UInt8(48 + m % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + d / 10)); bytes.append(UInt8(48 + d % 10))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 周一 … 周日, for messages.
    var chineseWeekday: String { ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][weekday] }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func < (a: CivilDay, b: CivilDay) -> Bool { a.number < b.number }
}
