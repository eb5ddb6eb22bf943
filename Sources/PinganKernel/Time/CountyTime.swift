import Foundation

/// Timestamps leave the API as ISO 8601 with the county's offset (Asia/Shanghai unless
/// configured); date-only parameters are calendar days in that zone.
public struct CountyTime: Sendable {
    public let zone: TimeZone

    public static let shanghai = CountyTime(zone: TimeZone(identifier: "Asia/Shanghai")!)

    public init(zone: TimeZone) { self.zone = zone }

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `2026-11-24T16:05:09+08:00`
    public func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let abs = Swift.abs(offset)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d",
                      c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, sign, abs / 3600, (abs % 3600) / 60)
    }

    /// `2026-11-24`
    public func formatDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Accepts ISO 8601 with an offset or `Z`, with or without fractional seconds. A timestamp
    /// without an offset is taken in the county's zone.
    public func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let d = full.date(from: text) { return d }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: text) { return d }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = zone
        local.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return local.date(from: text)
    }

    /// Start of the calendar day `yyyy-MM-dd` in the county's zone.
    public func startOfDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        let components = DateComponents(year: y, month: m, day: d)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// The end (exclusive) of the inclusive date `to`: the start of the next day.
    public func endOfDay(_ text: String) -> Date? {
        startOfDay(text).flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
    }
}
