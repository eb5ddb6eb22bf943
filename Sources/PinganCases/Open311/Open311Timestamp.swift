import Foundation

/// Reads the W3C-note subset of ISO 8601 that GeoReport v2 uses for `start_date` / `end_date` and
/// `datetime` attributes: `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.s]]` followed by `Z` or `±hh:mm`.
/// Two leniencies keep real clients working: no offset means the county's zone (the project's
/// rule for all input), and a space where the offset's `+` belongs is read as `+` (an unencoded
/// `+08:00` in a query string arrives as ` 08:00`).
enum Open311Timestamp {
    enum Parsed: Equatable {
        /// A date and time.
        case instant(Date)
        /// A date only: the county-zone day from `start` up to (not including) `next`.
        case day(start: Date, next: Date)
    }

    static func parse(_ text: String, zone: TimeZone) -> Parsed? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"),
              let day = scanner.digits(2) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        if scanner.atEnd {
            guard let start = date(components, zone: zone),
                  let next = calendar(zone).date(byAdding: .day, value: 1, to: start) else { return nil }
            return .day(start: start, next: next)
        }
        guard scanner.take("T") || scanner.take("t") || scanner.take(" "),
              let hour = scanner.digits(2), hour < 24, scanner.take(":"),
              let minute = scanner.digits(2), minute < 60 else { return nil }
        components.hour = hour
        components.minute = minute
        var fraction = 0.0
        if scanner.take(":") {
            guard let second = scanner.digits(2), second < 60 else { return nil }
            components.second = second
            if scanner.take(".") {
                guard let digits = scanner.digitRun(), let value = Double("0." + digits) else { return nil }
                fraction = value
            }
        }
        guard let offsetZone = scanner.offset(defaultZone: zone), scanner.atEnd,
              let base = date(components, zone: offsetZone) else { return nil }
        return .instant(base.addingTimeInterval(fraction))
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Nil for dates that do not exist (2025-02-30).
    private static func date(_ components: DateComponents, zone: TimeZone) -> Date? {
        let calendar = calendar(zone)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` ASCII digits as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// One or more digits as text.
        mutating func digitRun() -> String? {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// `Z`, `±hh:mm`, `±hhmm`, `±hh` (a space standing for `+`), or nothing → `defaultZone`.
        mutating func offset(defaultZone: TimeZone) -> TimeZone? {
            if atEnd { return defaultZone }
            if take("Z") || take("z") { return TimeZone(secondsFromGMT: 0) }
            let sign: Int
            if take("+") || take(" ") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), hours <= 14 else { return nil }
            var minutes = 0
            if !atEnd {
                _ = take(":")
                guard let m = digits(2), m < 60 else { return nil }
                minutes = m
            }
            return TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
        }
    }
}
