import Foundation

/// Maps civil days of one zone to UTC instants. Asking `TimeZone` for an offset is the slow
/// part of a deadline computation, so a zone without upcoming transitions (Asia/Shanghai has had
/// none since 1991) is asked once; otherwise each day is asked at local noon, which keeps a
/// day's working periods on one offset (DST switches happen at night, outside working hours).
struct ZoneClock {
    let zone: TimeZone
    private let fixedOffset: Int?

    init(zone: TimeZone, from start: Date) {
        self.zone = zone
        fixedOffset = zone.nextDaylightSavingTimeTransition(after: start) == nil
            ? zone.secondsFromGMT(for: start) : nil
    }

    /// The civil day an instant falls on.
    func day(of date: Date) -> CivilDay {
        let offset = fixedOffset ?? zone.secondsFromGMT(for: date)
        let local = date.timeIntervalSince1970 + Double(offset)
        return CivilDay(number: Int((local / 86_400).rounded(.down)))
    }

    /// The UTC instant (seconds since 1970) of local midnight starting `day`.
    func midnight(of day: CivilDay) -> Double {
        Double(day.number) * 86_400 - Double(offset(on: day))
    }

    private func offset(on day: CivilDay) -> Int {
        if let fixedOffset { return fixedOffset }
        let noon = Double(day.number) * 86_400 + 43_200
        let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: noon))
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: noon - Double(guess)))
    }
}
