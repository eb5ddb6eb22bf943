import Foundation

extension WorkingCalendar {
    /// The deadline `minutes` working minutes after `start`. A start outside working hours counts
    /// from the next period start; a deadline that exactly fills a period falls on its end
    /// (12:00, not 14:00); `minutes <= 0` answers `start`. Walks period by period and jumps whole
    /// plain weeks, never per minute.
    public func adding(minutes: Int, to start: Date, zone: TimeZone) -> Date {
        guard minutes > 0 else { return start }
        let daily = Double(dailyMinutes) * 60
        guard daily > 0 else { return .distantFuture }
        let week = 5 * daily
        // Past ~2,000 years there is no meaningful deadline (and day numbers could overflow).
        guard Double(minutes) * 60 / week < 100_000 else { return .distantFuture }
        let clock = ZoneClock(zone: zone, from: start)
        let cursor = start.timeIntervalSince1970
        var remaining = Double(minutes) * 60
        var day = clock.day(of: start)
        while true {
            let midnight = clock.midnight(of: day)
            if cursor <= midnight {
                // Leave (0, week] seconds for the walk, so an exact fit still ends on a period end.
                let wanted = Int((remaining / week).rounded(.up)) - 1
                let weeks = index.plainWeeks(from: day, wanted: wanted)
                if weeks > 0 {
                    remaining -= Double(weeks) * week
                    day.number += 7 * weeks
                    continue
                }
            }
            if index.isWorkingDay(day) {
                for period in periods where period.end > period.start {
                    let periodEnd = midnight + Double(period.end) * 60
                    guard cursor < periodEnd else { continue }
                    let from = max(cursor, midnight + Double(period.start) * 60)
                    let available = periodEnd - from
                    if remaining <= available { return Date(timeIntervalSince1970: from + remaining) }
                    remaining -= available
                }
            }
            day.number += 1
        }
    }

    /// Working minutes in `[from, to)`, rounded down (0 if `to <= from`). A millisecond of slack
    /// absorbs floating-point noise, so `workingMinutes(from: s, to: adding(minutes: m, to: s))`
    /// is exactly `m`.
    public func workingMinutes(from: Date, to: Date, zone: TimeZone) -> Int {
        guard to > from else { return 0 }
        let daily = Double(dailyMinutes) * 60
        guard daily > 0 else { return 0 }
        let clock = ZoneClock(zone: zone, from: from)
        let lower = from.timeIntervalSince1970, upper = to.timeIntervalSince1970
        var day = clock.day(of: from)
        let lastDay = clock.day(of: to)
        var total = 0.0
        while day <= lastDay {
            let midnight = clock.midnight(of: day)
            if lower <= midnight {
                let weeks = index.plainWeeks(from: day, wanted: (lastDay.number - day.number) / 7)
                if weeks > 0 {
                    total += Double(weeks) * 5 * daily
                    day.number += 7 * weeks
                    continue
                }
            }
            if index.isWorkingDay(day) {
                for period in periods where period.end > period.start {
                    let low = max(lower, midnight + Double(period.start) * 60)
                    let high = min(upper, midnight + Double(period.end) * 60)
                    if high > low { total += high - low }
                }
            }
            day.number += 1
        }
        return Int(((total + 0.001) / 60).rounded(.down))
    }
}
