import Foundation
import PinganKernel

/// A unit grid the demo may report events in: where, and who works there.
public struct DemoUnitGrid: Sendable {
    public var place: GridPlace
    public var box: BoundingBox
    public var anchor: GeoPoint
    public var workerUsername: String
    public var workerName: String
    /// The village centre that registers, dispatches and closes its events.
    public var centreUsername: String
    public var centreName: String

    public init(place: GridPlace, box: BoundingBox, anchor: GeoPoint, workerUsername: String, workerName: String,
                centreUsername: String, centreName: String) {
        self.place = place
        self.box = box
        self.anchor = anchor
        self.workerUsername = workerUsername
        self.workerName = workerName
        self.centreUsername = centreUsername
        self.centreName = centreName
    }
}

/// A believable history of grid events for the demo county: reports spread over the period
/// with fewer on weekends, every step taken by the account that would take it, times counted
/// on the working calendar, and the rates the district reports (≈ 98–99 % closed, a few late,
/// reworked, extended, sent back or set aside). Events whose steps lie after `now` stop where
/// `now` finds them, so today's boards have open work. Deterministic for a seed and `now`.
public struct DemoEventHistory: Sendable {
    public var seed: UInt64
    public var now: Date
    public var days: Int
    public var count: Int
    public var grids: [DemoUnitGrid]
    public var categories: [EventCategory]
    public var departments: [Department]
    public var calendar: WorkingCalendar
    public var zone: TimeZone
    /// Whether a point lies in the unit grid (the demo keeps only points its locate agrees with).
    public var locate: @Sendable (GeoPoint) -> String?

    public init(seed: UInt64, now: Date, days: Int, count: Int, grids: [DemoUnitGrid], categories: [EventCategory],
                departments: [Department], calendar: WorkingCalendar, zone: TimeZone, locate: @escaping @Sendable (GeoPoint) -> String?) {
        self.seed = seed
        self.now = now
        self.days = days
        self.count = count
        self.grids = grids
        self.categories = categories
        self.departments = departments
        self.calendar = calendar
        self.zone = zone
        self.locate = locate
    }

    public struct Event: Sendable {
        public var record: EventRecord
        public var history: [EventHistoryEntry]
    }

    /// How often each category is reported (city-management kinds dominate, as in the district's figures).
    static func weight(_ c: EventCategory) -> Int {
        switch c.code.prefix(2) {
        case "01", "04": 10
        case "02", "03", "06": 6
        case "07", "08", "10": 5
        case "05", "09": 2
        default: 1
        }
    }

    static let scenes = ["路口", "小区门口", "菜市场旁", "学校周边", "河堤", "公交站", "村道", "广场", "背街小巷", "商铺门前", "停车场", "桥下"]
    static let details = ["影响居民出行，请尽快处理。", "群众多次反映。", "已现场拍照取证。", "存在安全隐患。", "周边商户意见较大。", "需相关部门到场处置。"]

    public func generate() -> [Event] {
        guard !grids.isEmpty, !categories.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed).fork("events")
        let weighted = categories.flatMap { c in Array(repeating: c, count: Self.weight(c)) }
        let start = now.addingTimeInterval(-Double(days) * 86400)
        var perDay: [String: Int] = [:]
        var out: [Event] = []
        out.reserveCapacity(count)
        // Reports per day follow the working week: a weekend day gets about half.
        var slots: [Date] = []
        var weights: [Double] = []
        var t = start
        while t < now {
            let day = CountyTimeFormatting.day(t, zone: zone)
            weights.append(calendar.isWorkingDay(day) ? 1.0 : 0.5)
            slots.append(t)
            t = t.addingTimeInterval(86400)
        }
        let totalWeight = weights.reduce(0, +)
        for i in 0..<count {
            var pick = Double(rng.next() % 1_000_000) / 1_000_000 * totalWeight
            var dayIndex = 0
            while dayIndex < weights.count - 1 && pick > weights[dayIndex] { pick -= weights[dayIndex]; dayIndex += 1 }
            // 07:00–21:00 local, mostly in working hours.
            let dayStart = Self.startOfLocalDay(slots[dayIndex], zone: zone)
            let minute = 420 + Int(rng.next() % 840)
            var reported = dayStart.addingTimeInterval(Double(minute * 60 + Int(rng.next() % 60)))
            if reported >= now { reported = now.addingTimeInterval(-Double(60 + i % 3000)) }
            let grid = grids[Int(rng.next() % UInt64(grids.count))]
            let category = weighted[Int(rng.next() % UInt64(weighted.count))]
            let day = CountyTimeFormatting.day(reported, zone: zone).replacingOccurrences(of: "-", with: "")
            let n = (perDay[day] ?? 0) + 1
            perDay[day] = n
            let id = String(format: "SJ%@-%04d", day, n)
            out.append(simulate(id: id, reported: reported, grid: grid, category: category, rng: &rng))
        }
        return out.sorted { $0.record.reportedAt < $1.record.reportedAt }
    }

    static func startOfLocalDay(_ d: Date, zone: TimeZone) -> Date {
        let offset = Double(zone.secondsFromGMT(for: d))
        let local = d.timeIntervalSince1970 + offset
        return Date(timeIntervalSince1970: (local / 86400).rounded(.down) * 86400 - offset)
    }

    func point(in grid: DemoUnitGrid, rng: inout SeededGenerator) -> GeoPoint {
        for _ in 0..<8 {
            let lat = grid.box.minLat7 + Int64(rng.next() % UInt64(max(1, grid.box.maxLat7 - grid.box.minLat7)))
            let lng = grid.box.minLng7 + Int64(rng.next() % UInt64(max(1, grid.box.maxLng7 - grid.box.minLng7)))
            let p = GeoPoint(lat7: lat, lng7: lng)
            if locate(p) == grid.place.code { return p }
        }
        return grid.anchor
    }

    /// Walks one event through the workflow with the rates above, stopping at `now`.
    func simulate(id: String, reported: Date, grid: DemoUnitGrid, category: EventCategory, rng: inout SeededGenerator) -> Event {
        func chance(_ p: Double) -> Bool { Double(rng.next() % 100_000) / 100_000 < p }
        func minutes(_ lo: Int, _ hi: Int) -> Double { Double(lo + Int(rng.next() % UInt64(max(1, hi - lo)))) * 60 }
        let severity: EventSeverity = chance(0.12) ? .urgent : .normal
        let scene = Self.scenes[Int(rng.next() % UInt64(Self.scenes.count))]
        let detail = Self.details[Int(rng.next() % UInt64(Self.details.count))]
        var e = EventRecord(id: id, categoryCode: category.code, severity: severity, channel: chance(0.85) ? .grid : .hotline,
                            description: "\(grid.place.name)\(scene)发现\(category.name)问题，\(detail)", address: "\(grid.place.name)\(scene)",
                            point: point(in: grid, rng: &rng), gridCode: grid.place.code, gridPath: grid.place.path,
                            reporterUsername: grid.workerUsername, reporterName: grid.workerName, reporterPhone: nil,
                            reportedAt: reported, limitMinutes: category.limitMinutes(for: severity))
        if e.channel == .hotline { e.reporterUsername = nil; e.reporterName = "热线来电群众" }
        var history: [EventHistoryEntry] = []
        var stopped = false
        func step(_ at: Date, _ action: EventAction, by user: (String, String, String), to stage: EventStage, note: String? = nil,
                  detail: [String: JSONValue] = [:], isPublic: Bool = false, change: (inout EventRecord) -> Void = { _ in }) -> Bool {
            guard !stopped, at <= now else { stopped = true; return false }
            let from = history.isEmpty ? nil : e.stage
            e.stage = stage
            change(&e)
            e.historyCount += 1
            e.updatedAt = at
            if isPublic, let note { e.publicNote = note }
            history.append(EventHistoryEntry(seq: e.historyCount, at: at, action: action, actorUsername: user.0, actorName: user.1,
                                             actorRole: user.2, fromStage: from, toStage: stage, note: note, detail: detail, isPublic: isPublic))
            return true
        }
        let reporter = e.reporterUsername.map { ($0, grid.workerName, "grid-worker") } ?? (grid.centreUsername, grid.centreName, "village-operator")
        let centre = (grid.centreUsername, grid.centreName, "village-operator")
        let system = ("system", "系统", "system")
        _ = step(reported, .report, by: reporter, to: .received, note: e.description, detail: ["channel": .string(e.channel.rawValue)])
        var t = reported.addingTimeInterval(minutes(5, 60))
        if chance(0.004) {
            _ = step(t, .cancel, by: centre, to: .cancelled, note: "经核实不属于网格事件受理范围") { $0.cancelledAt = t }
            return Event(record: e, history: history)
        }
        guard step(t, .register, by: centre, to: .registered, note: "已立案", isPublic: true, change: { ev in
            ev.registeredAt = t
            ev.deadline = calendar.adding(minutes: ev.limitMinutes, to: t, zone: zone)
        }) else { return Event(record: e, history: history) }
        var department = category.departmentCode
        t = t.addingTimeInterval(minutes(10, 90))
        guard step(t, .dispatch, by: centre, to: .dispatched, detail: ["department": .string(department)],
                   change: { $0.dispatchedAt = t; $0.departmentCode = department }) else { return Event(record: e, history: history) }
        func officer(_ code: String) -> (String, String, String) {
            ("dept-\(code)", departments.first { $0.code == code }?.name ?? code, "department-officer")
        }
        if chance(0.02), let other = departments.filter({ $0.code != department }).randomElement(using: &rng) {
            t = t.addingTimeInterval(minutes(30, 240))
            guard step(t, .sendBack, by: officer(department), to: .registered, note: "不属本部门职责，请改派",
                       detail: ["department": .string(department)], change: { $0.departmentCode = nil; $0.dispatchedAt = nil; $0.sendBackCount += 1 })
            else { return Event(record: e, history: history) }
            department = other.code
            t = t.addingTimeInterval(minutes(10, 60))
            guard step(t, .dispatch, by: centre, to: .dispatched, detail: ["department": .string(department)],
                       change: { $0.dispatchedAt = t; $0.departmentCode = department }) else { return Event(record: e, history: history) }
        }
        let handler = officer(department)
        t = calendar.adding(minutes: max(5, min(Int(minutes(20, 240) / 60), e.limitMinutes / 8)), to: t, zone: zone)
        guard step(t, .accept, by: handler, to: .handling) else { return Event(record: e, history: history) }
        if chance(0.004) {
            t = t.addingTimeInterval(minutes(60, 600))
            _ = step(t, .stand, by: centre, to: .standing, note: "涉及规划调整，暂时无法解决，列入挂账督办", isPublic: true)
            return Event(record: e, history: history)
        }
        let late = chance(0.03)
        if chance(0.045) {
            let extra = [420, 840, 1260][Int(rng.next() % 3)]
            let askAt = calendar.adding(minutes: max(30, e.limitMinutes / 3), to: t, zone: zone)
            guard step(askAt, .requestExtension, by: handler, to: .handling, note: "需协调多个部门，申请延期", detail: ["minutes": .int(Int64(extra))],
                       change: { $0.extensionMinutes = extra; $0.extensionReason = "需协调多个部门，申请延期" }) else { return Event(record: e, history: history) }
            let approveAt = askAt.addingTimeInterval(minutes(20, 180))
            guard step(approveAt, .approveExtension, by: centre, to: .handling, detail: ["minutes": .int(Int64(extra))], change: { ev in
                ev.deadline = calendar.adding(minutes: extra, to: ev.deadline ?? approveAt, zone: zone)
                ev.extensionCount += 1
                ev.extensionMinutes = nil
                ev.extensionReason = nil
            }) else { return Event(record: e, history: history) }
            t = approveAt
        }
        // Handling takes a share of the working limit left; a late one runs past its deadline.
        let deadline = e.deadline ?? t
        let left = max(30, calendar.workingMinutes(from: t, to: deadline, zone: zone))
        let share = late ? 1.15 + Double(rng.next() % 100) / 100 : 0.2 + Double(rng.next() % 55) / 100
        var feedbackAt = calendar.adding(minutes: max(15, Int(Double(left) * share)), to: t, zone: zone)
        if late {
            let warnAt = calendar.adding(minutes: Int(Double(left) * 0.85), to: t, zone: zone)
            guard step(warnAt, .warn, by: system, to: .handling, note: "距处置时限不足 \(left * 15 / 100) 个工作分钟",
                       change: { $0.warnedAt = warnAt }) else { return Event(record: e, history: history) }
            let escalateAt = deadline.addingTimeInterval(60)
            guard step(escalateAt, .escalate, by: system, to: .handling, note: "已超过处置时限，升级至镇（街道）综治中心督办",
                       detail: ["escalationLevel": 1], change: { $0.escalationLevel = 1 }) else { return Event(record: e, history: history) }
            feedbackAt = max(feedbackAt, escalateAt.addingTimeInterval(600))
        }
        var rounds = chance(0.035) ? 2 : 1
        while rounds > 0 {
            rounds -= 1
            guard step(feedbackAt, .feedback, by: handler, to: .verifying, note: "已现场处置完毕，附处置后照片。", isPublic: true,
                       change: { $0.verifiedAt = nil }) else { return Event(record: e, history: history) }
            // Verification and closing fit in what is left before the deadline (unless the event is late anyway).
            let remaining = max(2, calendar.workingMinutes(from: feedbackAt, to: e.deadline ?? feedbackAt, zone: zone))
            let checkMinutes = late ? Int(minutes(20, 300) / 60) : min(Int(minutes(20, 300) / 60), remaining / 2)
            let checkAt = calendar.adding(minutes: max(1, checkMinutes), to: feedbackAt, zone: zone)
            if rounds > 0 {
                guard step(checkAt, .rework, by: reporter, to: .handling, note: "现场复核仍未整改到位", change: { $0.reworkCount += 1 })
                else { return Event(record: e, history: history) }
                let left = calendar.workingMinutes(from: checkAt, to: e.deadline ?? checkAt, zone: zone)
                feedbackAt = calendar.adding(minutes: max(30, min(Int(minutes(60, 420) / 60), left / 3)), to: checkAt, zone: zone)
            } else {
                guard step(checkAt, .verify, by: reporter, to: .verifying, change: { $0.verifiedAt = checkAt })
                else { return Event(record: e, history: history) }
                let closeMinutes = late ? Int(minutes(10, 120) / 60) : min(Int(minutes(10, 120) / 60), max(1, remaining / 2 - 1))
                let closeAt = calendar.adding(minutes: max(1, closeMinutes), to: checkAt, zone: zone)
                _ = step(closeAt, .close, by: centre, to: .closed, note: "已办结", isPublic: true, change: { ev in
                    ev.closedAt = closeAt
                    ev.closedOnTime = ev.deadline.map { closeAt <= $0 } ?? true
                })
            }
        }
        return Event(record: e, history: history)
    }
}

/// Calendar-day text without a formatter (the demo formats hundreds of thousands of times).
enum CountyTimeFormatting {
    static func day(_ d: Date, zone: TimeZone) -> String {
        let local = Int64((d.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: d))).rounded(.down))
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        // Civil-from-days (H. Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dd = doy - (153 * mp + 2) / 5 + 1
        let mm = mp < 10 ? mp + 3 : mp - 9
        let yy = yoe + era * 400 + (mm <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", Int(yy), Int(mm), Int(dd))
    }
}
