import Foundation
import PinganKernel
import Testing
@testable import PinganCases

/// Wall-clock helpers built on Foundation's Calendar/DateFormatter, independent of the code under test.
private struct Wall {
    let zone: TimeZone
    private let formatter: DateFormatter
    private let calendar: Calendar

    init(_ identifier: String) {
        zone = TimeZone(identifier: identifier)!
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// `2026-11-24 10:00` or `2026-11-24 10:00:30`
    func at(_ text: String) -> Date { formatter.date(from: text.count == 16 ? text + ":00" : text)! }
    func show(_ date: Date) -> String { String(formatter.string(from: date).dropLast(3)) }
    func showSeconds(_ date: Date) -> String { formatter.string(from: date) }
    func day(_ date: Date) -> String { String(formatter.string(from: date).prefix(10)) }
    func weekday(_ date: Date) -> Int { calendar.component(.weekday, from: date) }  // 1 = Sunday
    /// Seconds after local midnight.
    func secondOfDay(_ date: Date) -> Double { date.timeIntervalSince(calendar.startOfDay(for: date)) }
    func nextDay(_ date: Date) -> Date { calendar.date(byAdding: .day, value: 1, to: date)! }
}

private let shanghai = Wall("Asia/Shanghai")
private let china = WorkingCalendar.china

@Suite("Working calendar")
struct WorkingCalendarTests {
    // MARK: hand-checked deadlines (Asia/Shanghai, 08:30–12:00 and 14:00–17:30)

    @Test(arguments: [
        ("2026-11-24 10:00", 60, "2026-11-24 11:00"),   // Tuesday, inside the morning
        ("2026-11-24 11:30", 60, "2026-11-24 14:30"),   // runs over lunch
        ("2026-11-24 12:30", 30, "2026-11-24 14:30"),   // starts at lunch
        ("2026-11-24 07:00", 10, "2026-11-24 08:40"),   // starts before hours
        ("2026-11-24 08:30", 210, "2026-11-24 12:00"),  // exact fit ends at the period end, not 14:00
        ("2026-11-24 08:30", 420, "2026-11-24 17:30"),  // one working day
        ("2026-11-24 18:00", 1, "2026-11-25 08:31"),    // after hours
        ("2026-11-24 16:00", 240, "2026-11-25 11:00"),  // urgent limit spanning the night
        ("2026-11-27 17:00", 60, "2026-11-30 09:00"),   // Friday → Monday
        ("2026-11-28 10:00", 60, "2026-11-30 09:30"),   // reported on a Saturday
        ("2026-10-09 17:00", 60, "2026-10-10 09:00"),   // 调休 Saturday 10-10 is worked
        ("2026-10-10 17:00", 60, "2026-10-12 09:00"),   // …the Sunday after is not
        ("2026-09-19 10:00", 30, "2026-09-20 09:00"),   // 调休 Sunday 09-20
        ("2026-09-30 17:00", 60, "2026-10-08 09:00"),   // 国庆 10-01..10-07
        ("2025-09-30 17:00", 60, "2025-10-09 09:00"),   // 2025 国庆+中秋 10-01..10-08
        ("2025-12-31 17:00", 60, "2026-01-04 09:00"),   // year boundary, 元旦 01-01..03, Sunday 01-04 worked
        ("2026-02-13 17:00", 840, "2026-02-24 17:00"),  // 30 min Fri + 420 on 调休 Sat 02-14 + 春节 02-15..23 + 390
        ("2025-01-24 17:00", 60, "2025-01-26 09:00"),   // 2025 春节 make-up Sunday 01-26
    ])
    func deadline(start: String, minutes: Int, expected: String) {
        let deadline = china.adding(minutes: minutes, to: shanghai.at(start), zone: shanghai.zone)
        #expect(shanghai.show(deadline) == expected)
        #expect(china.workingMinutes(from: shanghai.at(start), to: deadline, zone: shanghai.zone) == minutes)
    }

    @Test func secondsAndZeroMinutesArePreserved() {
        let start = shanghai.at("2026-11-24 10:00:30")
        #expect(shanghai.showSeconds(china.adding(minutes: 1, to: start, zone: shanghai.zone)) == "2026-11-24 10:01:30")
        #expect(china.adding(minutes: 0, to: start, zone: shanghai.zone) == start)
        #expect(china.adding(minutes: -5, to: start, zone: shanghai.zone) == start)
    }

    @Test(arguments: [
        ("2026-11-27 16:00", "2026-11-30 10:00", 180),
        ("2026-09-28 08:30", "2026-10-12 08:30", 6 * 420),   // Mon–Wed, 国庆, Thu, Fri, 调休 Sat
        ("2026-11-24 12:10", "2026-11-24 13:50", 0),         // lunch only
        ("2026-11-24 11:59:30", "2026-11-24 14:00:30", 1),   // 30 s + 30 s
        ("2026-11-24 11:59:31", "2026-11-24 14:00:30", 0),   // 59 s rounds down
        ("2026-11-24 10:00", "2026-11-24 10:00", 0),
        ("2026-11-24 11:00", "2026-11-24 10:00", 0),         // reversed
        ("2026-01-01 00:00", "2027-01-01 00:00", 248 * 420), // 2026: 365 − 104 weekend days − 13 statutory days
        ("2025-01-01 00:00", "2026-01-01 00:00", 248 * 420), // 2025 likewise
        ("2025-12-31 08:30", "2026-01-05 08:30", 2 * 420),   // Wed 12-31 and 调休 Sun 01-04
    ])
    func workingMinutes(from: String, to: String, expected: Int) {
        #expect(china.workingMinutes(from: shanghai.at(from), to: shanghai.at(to), zone: shanghai.zone) == expected)
    }

    // MARK: the 2025 and 2026 arrangements

    @Test func chinaWorkingDayCountsMatchTheStatutoryTotal() {
        // 365 days − 104 weekend days − 13 statutory holidays (since 2025) = 248 working days.
        for year in [2025, 2026] {
            var day = shanghai.at("\(year)-01-01 12:00"), count = 0
            while shanghai.day(day).hasPrefix("\(year)") {
                if china.isWorkingDay(shanghai.day(day)) { count += 1 }
                day = shanghai.nextDay(day)
            }
            #expect(count == 248, "\(year)")
        }
    }

    @Test func chinaMakeUpDaysFollowTheNotices() {
        #expect(china.days(ofYear: 2026).workdays == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        #expect(china.days(ofYear: 2025).workdays == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"])
        // 2026 spans: 元旦 3, 春节 9, 清明 3, 劳动 5, 端午 3, 中秋 3, 国庆 7; 2025: 1, 8, 3, 5, 3, 8.
        #expect(china.days(ofYear: 2026).holidays.count == 33)
        #expect(china.days(ofYear: 2025).holidays.count == 28)
        for day in ["2026-10-01", "2026-10-07", "2026-02-15", "2026-02-23", "2026-06-19", "2026-09-25", "2025-01-28", "2025-10-08"] {
            #expect(!china.isWorkingDay(day), "\(day)")
        }
        for day in ["2026-10-08", "2026-10-10", "2026-02-14", "2026-02-24", "2025-02-08", "2025-10-09", "2026-11-24"] {
            #expect(china.isWorkingDay(day), "\(day)")
        }
        for day in china.workdays {
            let weekday = shanghai.weekday(shanghai.at(day + " 12:00"))
            #expect(weekday == 1 || weekday == 7, "\(day)")
        }
        #expect(!china.isWorkingDay("2026-11-28"))  // an ordinary Saturday
        #expect(!china.isWorkingDay("2026-13-01"))
        #expect(!china.isWorkingDay("nonsense"))
    }

    @Test func daysOfYearAreSortedAndLimitedToTheYear() {
        let days = china.days(ofYear: 2026)
        #expect(days.holidays == days.holidays.sorted())
        #expect(days.holidays.allSatisfy { $0.hasPrefix("2026-") })
        #expect(days.holidays.contains("2026-10-03"))  // a Saturday inside 国庆 is listed as the notice words it
        #expect(china.days(ofYear: 2030) == ([], []))
    }

    // MARK: editing

    @Test func replaceYearChangesOnlyThatYear() throws {
        var calendar = china
        try calendar.replaceYear(2027, holidays: ["2027-01-01", "2027-01-03"], workdays: ["2027-01-09"])
        #expect(calendar.days(ofYear: 2027) == (["2027-01-01", "2027-01-03"], ["2027-01-09"]))
        #expect(calendar.days(ofYear: 2026) == china.days(ofYear: 2026))
        #expect(calendar.isWorkingDay("2027-01-09") && !calendar.isWorkingDay("2027-01-01"))

        try calendar.replaceYear(2026, holidays: [], workdays: [])
        #expect(calendar.days(ofYear: 2026) == ([], []))
        #expect(calendar.days(ofYear: 2025) == china.days(ofYear: 2025))
        // The day index follows the edit: 国庆 is gone, the 调休 Saturday is an ordinary Saturday again.
        let start = shanghai.at("2026-09-30 17:00")
        #expect(shanghai.show(calendar.adding(minutes: 60, to: start, zone: shanghai.zone)) == "2026-10-01 09:00")
        #expect(!calendar.isWorkingDay("2026-10-10"))
    }

    @Test(arguments: [
        (["2026-02-30"], [String](), "holidays", "2026-02-30"),
        (["2025-10-01"], [], "holidays", "2025-10-01"),
        (["2026-1-01"], [], "holidays", "2026-1-01"),
        ([], ["2026-10-12"], "workdays", "2026-10-12"),    // a Monday
        (["2026-10-10"], ["2026-10-10"], "workdays", "2026-10-10"),
        ([], ["2027-01-02"], "workdays", "2027-01-02"),
    ])
    func replaceYearRefusesBadDays(holidays: [String], workdays: [String], field: String, named: String) {
        var calendar = china
        do {
            try calendar.replaceYear(2026, holidays: holidays, workdays: workdays)
            Issue.record("accepted \(holidays) \(workdays)")
        } catch let problem as Problem {
            #expect(problem.status == 400)
            #expect(problem.errors.first?.field == field)
            #expect(problem.errors.first?.message.contains(named) == true, "\(problem)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(calendar == china)  // nothing changed
    }

    @Test func parsePeriodsAcceptsOrderedClockTimes() throws {
        #expect(try WorkingCalendar.parsePeriods([("08:30", "12:00"), ("14:00", "17:30")]) == WorkingCalendar.standardPeriods)
        #expect(try WorkingCalendar.parsePeriods([("8:30", "12:00"), ("12:00", "24:00")])
                == [.init(start: 510, end: 720), .init(start: 720, end: 1440)])
        #expect(WorkingCalendar.standardPeriods.map(\.startText) == ["08:30", "14:00"])
        #expect(WorkingCalendar.standardPeriods.map(\.endText) == ["12:00", "17:30"])
    }

    @Test(arguments: [
        [("08:00", "12:00"), ("11:00", "13:00")],  // overlap
        [("14:00", "17:30"), ("08:30", "12:00")],  // out of order
        [("12:00", "12:00")], [("13:00", "12:00")], [("25:00", "26:00")], [("08:60", "09:00")],
        [("0830", "1200")], [("", "12:00")], [("08:30", "24:01")], [("８:30", "12:00")], [],
    ] as [[(String, String)]])
    func parsePeriodsRefusesBadInput(texts: [(String, String)]) {
        #expect {
            try WorkingCalendar.parsePeriods(texts.map { (start: $0.0, end: $0.1) })
        } throws: { ($0 as? Problem)?.errors.first?.field == "periods" }
    }

    @Test func codableRoundTripRebuildsTheDayIndex() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(china)
        let decoded = try JSONDecoder().decode(WorkingCalendar.self, from: data)
        #expect(decoded == china)
        #expect(decoded.isWorkingDay("2026-10-10") && !decoded.isWorkingDay("2026-10-01"))
        #expect(try encoder.encode(decoded) == data)  // days are written sorted: stable bytes
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let holidays = try #require(object["holidays"] as? [String])
        #expect(holidays == holidays.sorted())
        let periods = try #require(object["periods"] as? [[String: Int]])
        #expect(periods == [["start": 510, "end": 720], ["start": 840, "end": 1050]])

        var changed = china
        changed.holidays.insert("2026-11-24")
        #expect(changed != china)
        #expect(!changed.isWorkingDay("2026-11-24"))  // in-place edits rebuild the index too
    }

    // MARK: other zones and periods

    @Test func otherZonesAndPeriods() {
        let utc = Wall("UTC")
        #expect(utc.show(china.adding(minutes: 60, to: utc.at("2026-11-24 10:00"), zone: utc.zone)) == "2026-11-24 11:00")
        // New York switches to daylight time on Sunday 2026-03-08: Friday 17:00 EST + 60 → Monday 09:00 EDT.
        let ny = Wall("America/New_York")
        let deadline = WorkingCalendar().adding(minutes: 60, to: ny.at("2026-03-06 17:00"), zone: ny.zone)
        #expect(ny.show(deadline) == "2026-03-09 09:00")
        #expect(deadline.timeIntervalSince(ny.at("2026-03-06 17:00")) == (2 * 86_400 + 16 * 3600 - 3600))
        // One long period, no holidays.
        let single = WorkingCalendar(periods: [.init(start: 540, end: 1020)])
        #expect(single.dailyMinutes == 480)
        #expect(shanghai.show(single.adding(minutes: 480 * 10, to: shanghai.at("2026-11-24 09:00"), zone: shanghai.zone))
                == "2026-12-07 17:00")  // ten working days: Tue 11-24 … Mon 12-07
        #expect(WorkingCalendar(periods: []).adding(minutes: 1, to: Date(), zone: shanghai.zone) == .distantFuture)
        #expect(WorkingCalendar(periods: []).workingMinutes(from: .distantPast, to: .distantFuture, zone: shanghai.zone) == 0)
    }

    @Test func longSpansJumpWeeksWithoutChangingTheAnswer() {
        // 1,000 working days from Monday 2029-01-01 (no overrides): exactly 200 weeks later, Friday 17:30.
        let start = shanghai.at("2029-01-01 08:30")
        let deadline = china.adding(minutes: 1000 * 420, to: start, zone: shanghai.zone)
        #expect(shanghai.show(deadline) == "2032-10-29 17:30")
        // Across the overrides: the walk must agree with the day count (248 per year for 2025 and 2026).
        let from = shanghai.at("2024-12-31 17:30"), to = shanghai.at("2027-01-01 00:00")
        #expect(china.workingMinutes(from: from, to: to, zone: shanghai.zone) == 2 * 248 * 420)
        #expect(shanghai.show(china.adding(minutes: 2 * 248 * 420, to: from, zone: shanghai.zone)) == "2026-12-31 17:30")
        #expect(china.adding(minutes: Int.max, to: start, zone: shanghai.zone) == .distantFuture)
    }

    // MARK: properties over many random instants

    @Test(arguments: ["Asia/Shanghai", "UTC", "America/New_York"])
    func addingAndWorkingMinutesAreInverse(zoneID: String) {
        let wall = Wall(zoneID)
        var random = SeededGenerator(seed: 20_261_124)
        let base = wall.at("2024-06-01 00:00").timeIntervalSince1970
        for _ in 0..<3000 {
            let start = Date(timeIntervalSince1970: base + Double.random(in: 0..<(3 * 365 * 86_400), using: &random))
            let minutes = Int.random(in: 0...6000, using: &random)
            let deadline = china.adding(minutes: minutes, to: start, zone: wall.zone)
            #expect(china.workingMinutes(from: start, to: deadline, zone: wall.zone) == minutes, "\(start) + \(minutes)")
            #expect(china.adding(minutes: minutes + 1, to: start, zone: wall.zone) > deadline)
            guard minutes > 0 else { #expect(deadline == start); continue }
            // A deadline lies on a working day, inside a period or on its end.
            let onWorkingDay = china.isWorkingDay(wall.day(deadline))
            #expect(onWorkingDay, "\(wall.showSeconds(deadline))")
            let second = wall.secondOfDay(deadline)
            #expect((510 * 60 + 0.0001...720 * 60).contains(second) || (840 * 60 + 0.0001...1050 * 60).contains(second),
                    "\(wall.showSeconds(deadline))")
        }
    }

    @Test func workingMinutesIsTheLargestCountThatFits() {
        var random = SeededGenerator(seed: 42)
        let base = shanghai.at("2024-12-01 00:00").timeIntervalSince1970
        for _ in 0..<3000 {
            let a = Date(timeIntervalSince1970: base + Double(Int.random(in: 0..<(2 * 365 * 86_400), using: &random)))
            let b = a.addingTimeInterval(Double(Int.random(in: 0..<(40 * 86_400), using: &random)))
            let m = china.workingMinutes(from: a, to: b, zone: shanghai.zone)
            #expect(china.adding(minutes: m, to: a, zone: shanghai.zone) <= b)
            #expect(china.adding(minutes: m + 1, to: a, zone: shanghai.zone) > b)
        }
    }

    /// A deliberately naive oracle: step minute by minute, with Foundation deciding the days.
    private func naiveDeadline(from start: Date, minutes: Int) -> Date {
        var minuteOfDay = Int(shanghai.secondOfDay(start) / 60)
        var day = shanghai.day(start), weekday = shanghai.weekday(start)
        func working(_ day: String, _ weekday: Int) -> Bool {
            if china.holidays.contains(day) { return false }
            return china.workdays.contains(day) || (2...6).contains(weekday)
        }
        var isWorking = working(day, weekday)
        var t = start, left = minutes
        while true {
            if isWorking && ((510..<720).contains(minuteOfDay) || (840..<1050).contains(minuteOfDay)) {
                left -= 1
                if left == 0 { return t.addingTimeInterval(60) }
            }
            t = t.addingTimeInterval(60)
            minuteOfDay += 1
            if minuteOfDay == 1440 {
                minuteOfDay = 0
                day = shanghai.day(t)
                weekday = shanghai.weekday(t)
                isWorking = working(day, weekday)
            }
        }
    }

    @Test func agreesWithANaiveMinuteByMinuteCount() {
        var random = SeededGenerator(seed: 7)
        let base = shanghai.at("2024-12-20 00:00").timeIntervalSince1970
        for _ in 0..<60 {
            let start = Date(timeIntervalSince1970: base + 60 * Double(Int.random(in: 0..<(750 * 1440), using: &random)))
            let minutes = Int.random(in: 1...2500, using: &random)
            let fast = china.adding(minutes: minutes, to: start, zone: shanghai.zone)
            #expect(fast == naiveDeadline(from: start, minutes: minutes), "\(shanghai.show(start)) + \(minutes)")
        }
    }

    @Test func oneHundredThousandDeadlinesAreQuick() {
        var random = SeededGenerator(seed: 1)
        let base = shanghai.at("2025-01-01 00:00").timeIntervalSince1970
        let limits = DefaultCatalogue.categories.flatMap { [$0.normalLimitMinutes, $0.urgentLimitMinutes] }
        let clock = ContinuousClock()
        var checksum = 0.0
        let elapsed = clock.measure {
            for _ in 0..<100_000 {
                let start = Date(timeIntervalSince1970: base + Double.random(in: 0..<(2 * 365 * 86_400), using: &random))
                checksum += china.adding(minutes: limits.randomElement(using: &random)!, to: start, zone: shanghai.zone).timeIntervalSince1970
            }
        }
        #expect(checksum > 0)
        // A per-minute loop needs ~10^8 steps here; period-by-period takes well under this even in debug.
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}
