import Foundation

/// Calendar days as integers (days since 1970-01-01 in China, UTC+8 without daylight saving
/// since 1991), so hundreds of thousands of birth dates cost no `Calendar` or `DateFormatter`.
enum PopulationCalendar {
    static let chinaOffsetSeconds = 8 * 3600

    /// The China calendar day holding `date`.
    static func day(of date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + chinaOffsetSeconds
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The instant `secondOfDay` seconds after midnight (China time) of `day`.
    static func date(day: Int, secondOfDay: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day * 86_400 + secondOfDay - chinaOffsetSeconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The Gregorian date of a day number (`civil_from_days`).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Completed years between `birth` and `today`.
    static func age(birth: Int, today: Int) -> Int {
        let b = civil(birth), t = civil(today)
        var years = t.year - b.year
        if (t.month, t.day) < (b.month, b.day) { years -= 1 }
        return years
    }

    /// A birth day giving exactly `age` completed years on `today`, uniform over that year of
    /// birthdays; for age 0 at least one day before `today` (an ID never carries a future date).
    static func birthDay(age: Int, today: Int, offset: Int) -> Int {
        let t = civil(today)
        // 29 February anniversaries fall on the 28th in common years.
        let dayOfMonth = (t.month == 2 && t.day == 29) ? 28 : t.day
        let anniversary = day(year: t.year - age, month: t.month, day: dayOfMonth)
        return age == 0 ? anniversary - 1 - offset % 364 : anniversary - offset % 365
    }

    /// `yyyy-MM-dd`.
    static func isoDay(_ days: Int) -> String {
        let c = civil(days)
        var bytes = [UInt8](repeating: 0x30, count: 10)
        PopulationText.writeDigits(&bytes, at: 0, value: c.year, width: 4)
        bytes[4] = 0x2D
        PopulationText.writeDigits(&bytes, at: 5, value: c.month, width: 2)
        bytes[7] = 0x2D
        PopulationText.writeDigits(&bytes, at: 8, value: c.day, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `yyyymmdd` as an integer, as written inside resident IDs.
    static func compactDay(_ days: Int) -> Int {
        let c = civil(days)
        return c.year * 10_000 + c.month * 100 + c.day
    }
}

/// Byte-level number formatting: the generator writes ~10⁶ padded numbers, and
/// `String(format:)` would dominate its run time.
enum PopulationText {
    /// Writes `value` zero-padded to `width` ASCII digits at `offset`.
    static func writeDigits(_ bytes: inout [UInt8], at offset: Int, value: Int, width: Int) {
        var v = value
        var i = offset + width - 1
        while i >= offset {
            bytes[i] = UInt8(0x30 + v % 10)
            v /= 10
            i -= 1
        }
    }

    /// `prefix` followed by `value` zero-padded to at least `width` digits: `p-000123`.
    static func code(_ prefix: String, _ value: Int, width: Int = 6) -> String {
        var digits = 1, v = value
        while v >= 10 { digits += 1; v /= 10 }
        let w = max(width, digits)
        var bytes = Array(prefix.utf8)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0x30, count: w))
        writeDigits(&bytes, at: start, value: value, width: w)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decimal digits of a non-negative integer.
    static func decimal(_ value: Int) -> String { code("", value, width: 1) }

    private static let chineseDigits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Chinese numerals for 1–99 as used for village groups: 五, 十二, 二十, 二十三.
    static func chineseNumeral(_ n: Int) -> String {
        guard n > 0, n < 100 else { return decimal(n) }
        if n < 10 { return chineseDigits[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : chineseDigits[tens]) + "十" + (ones == 0 ? "" : chineseDigits[ones])
    }
}
