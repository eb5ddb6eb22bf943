import Foundation
import PinganKernel

/// Special groups (特殊人群) at the rates grid workers report per 10,000 people, each with a risk
/// level, the grid's worker as responsible, and visits: done ones in the last half year, then
/// one open visit per tag — due later for most, already overdue for about 5 %.
extension PopulationBuilder {
    private struct GroupRule {
        var group: SpecialGroup
        var perTenThousand: Double
        var ages: ClosedRange<Int>
        var maleShare: Double?
        /// Low / medium / high weights.
        var risk: [Double]
        /// How far back the tag may start, in days.
        var maxHistoryDays: Int
    }

    private static let rules: [GroupRule] = [
        GroupRule(group: .communityCorrection, perTenThousand: 5, ages: 18...65, maleShare: 0.85, risk: [30, 50, 20], maxHistoryDays: 700),
        GroupRule(group: .releasedPrisoner, perTenThousand: 10, ages: 20...70, maleShare: 0.9, risk: [60, 30, 10], maxHistoryDays: 1800),
        GroupRule(group: .drugRehabilitation, perTenThousand: 4, ages: 18...55, maleShare: 0.85, risk: [30, 50, 20], maxHistoryDays: 1000),
        GroupRule(group: .severeMentalDisorder, perTenThousand: 40, ages: 18...90, maleShare: nil, risk: [55, 35, 10], maxHistoryDays: 3000),
        GroupRule(group: .leftBehindChild, perTenThousand: 120, ages: 0...16, maleShare: nil, risk: [85, 15, 0], maxHistoryDays: 1000),
        GroupRule(group: .elderlyAlone, perTenThousand: 150, ages: 70...120, maleShare: nil, risk: [70, 25, 5], maxHistoryDays: 2000),
        GroupRule(group: .petition, perTenThousand: 3, ages: 30...80, maleShare: nil, risk: [20, 50, 30], maxHistoryDays: 1000),
    ]

    /// Share of tags whose open visit is overdue at `now`.
    static let overdueShare = 0.05
    /// Done visits are kept for this many days back.
    static let visitHistoryDays = 182

    mutating func addSpecialGroups(dice: inout PopulationDice) {
        let ages = people.indices.map { age(of: $0) }
        var selected: [(person: Int, rule: GroupRule)] = []
        for rule in Self.rules {
            let target = Int((Double(people.count) * rule.perTenThousand / 10_000).rounded())
            var male: [Int] = [], female: [Int] = []
            for i in people.indices where people[i].residency != .away && rule.ages.contains(ages[i]) && eligible(i, rule.group) {
                if people[i].sex == .male { male.append(i) } else { female.append(i) }
            }
            var picks: [Int]
            if let share = rule.maleShare {
                let men = min(male.count, Int((Double(target) * share).rounded()))
                picks = dice.sample(men, of: male.count).map { male[$0] }
                picks += dice.sample(target - men, of: female.count).map { female[$0] }
            } else {
                let pool = male + female
                picks = dice.sample(target, of: pool.count).map { pool[$0] }
            }
            selected += picks.sorted().map { ($0, rule) }
        }
        for (person, rule) in selected {
            addTag(person: person, rule: rule, age: ages[person], dice: &dice)
        }
        markOverdue(dice: &dice)
    }

    private func eligible(_ i: Int, _ group: SpecialGroup) -> Bool {
        switch group {
        case .leftBehindChild: facts[i].parentsAway
        case .elderlyAlone: facts[i].householdSize == 1
        default: true
        }
    }

    private mutating func addTag(person: Int, rule: GroupRule, age: Int, dice: inout PopulationDice) {
        let lived = today - Int(facts[person].birthDay)
        // A tag starts after birth (children) or after the 70th birthday (elderly alone).
        let limit = switch rule.group {
        case .leftBehindChild: lived - 1
        case .elderlyAlone: lived - Int(70 * 365.2425)
        default: rule.maxHistoryDays
        }
        let back = dice.int(1...max(1, min(rule.maxHistoryDays, limit)))
        let startDay = today - back
        let context = contexts[Int(facts[person].grid)]
        let worker = context.grid.workerUsername
        let tagID = PopulationText.code("t-", tags.count + 1)
        tags.append(TagRecord(id: tagID, personID: people[person].id, group: rule.group,
                              risk: RiskLevel.allCases[dice.weighted(rule.risk)], responsibleWorker: worker,
                              validFrom: PopulationCalendar.date(day: startDay, secondOfDay: dice.int(8 * 3600...17 * 3600)),
                              gridCode: context.grid.code, gridPath: context.grid.path))
        // Visits fall due every interval from the start; those due by now are done.
        let interval = rule.group.visitIntervalDays
        var k = 1
        while true {
            let dueDay = startDay + k * interval
            let due = PopulationCalendar.date(day: dueDay, secondOfDay: Self.dueSecond)
            if due > now {
                visits.append(VisitRecord(id: PopulationText.code("v-", visits.count + 1), tagID: tagID, personID: people[person].id,
                                          dueAt: due, doneAt: nil, worker: worker, note: nil, gridPath: context.grid.path))
                break
            }
            if dueDay >= today - Self.visitHistoryDays {
                let done = doneDate(dueDay: dueDay, startDay: startDay, interval: interval, dice: &dice)
                visits.append(VisitRecord(id: PopulationText.code("v-", visits.count + 1), tagID: tagID, personID: people[person].id,
                                          dueAt: due, doneAt: done, worker: worker, note: dice.pick(Self.notes(rule.group)),
                                          gridPath: context.grid.path))
            }
            k += 1
        }
    }

    /// Visits are due by 17:30 on their day.
    static let dueSecond = 17 * 3600 + 30 * 60

    /// Usually a few days before the due day, sometimes a little late; never after `now`.
    private func doneDate(dueDay: Int, startDay: Int, interval: Int, dice: inout PopulationDice) -> Date {
        var day = dueDay - dice.int(0...min(10, interval - 1))
        if dice.chance(0.08) { day = dueDay + dice.int(1...3) }
        day = max(startDay + 1, min(day, today))
        let done = PopulationCalendar.date(day: day, secondOfDay: dice.int(8 * 3600 + 1800...18 * 3600))
        return min(done, now.addingTimeInterval(-60))
    }

    /// Turns the last done visit of ~5 % of tags (those with one) into an open, overdue one: the
    /// worker has not been yet, so the visit after it is not scheduled either.
    private mutating func markOverdue(dice: inout PopulationDice) {
        // Index of each tag's open visit; the visit before it (same tag) is its last done one.
        var candidates: [Int] = []
        for v in visits.indices where visits[v].doneAt == nil {
            if v > 0, visits[v - 1].tagID == visits[v].tagID { candidates.append(v) }
        }
        let target = Int((Double(tags.count) * Self.overdueShare).rounded())
        var drop = Set<Int>()
        for pick in dice.sample(target, of: candidates.count) {
            let open = candidates[pick]
            visits[open - 1].doneAt = nil
            visits[open - 1].note = nil
            drop.insert(open)
        }
        guard !drop.isEmpty else { return }
        visits = visits.indices.filter { !drop.contains($0) }.map { visits[$0] }
        for v in visits.indices { visits[v].id = PopulationText.code("v-", v + 1) }
    }

    private static func notes(_ group: SpecialGroup) -> [String] {
        switch group {
        case .communityCorrection: ["按时报到，思想稳定", "遵守矫正规定，无异常", "已开展集中教育学习"]
        case .releasedPrisoner: ["已就业，生活稳定", "帮教谈话，表现良好", "家庭关系和睦"]
        case .drugRehabilitation: ["尿检阴性，状态稳定", "按期报到，康复良好", "已落实帮扶措施"]
        case .severeMentalDisorder: ["按时服药，病情稳定", "监护人在家，情况正常", "已落实以奖代补政策"]
        case .leftBehindChild: ["学习生活正常，祖辈照料", "已联系父母视频通话", "已送学习用品"]
        case .elderlyAlone: ["身体状况良好", "已检查用电用气安全", "帮助购买生活用品", "子女定期电话联系"]
        case .petition: ["情绪平稳，诉求已答复", "已开展稳控谈话", "正在协调解决诉求"]
        }
    }

    /// A handful of Hong Kong / Macau / Taiwan residents and foreign spouses (Vietnamese brides
    /// are common in Hunan villages), with their own documents.
    mutating func assignOtherDocuments(scale: DemoPopulation.Scale, gridCount: Int, dice: inout PopulationDice) {
        let factor = Double(gridCount) / PopulationPlan.districtGrids / (scale == .small ? PopulationPlan.smallDivisor : 1)
        let permits = max(1, Int((12 * factor).rounded())), foreigners = max(1, Int((6 * factor).rounded()))
        var permitPool: [Int] = [], spousePool: [Int] = []
        for i in people.indices where people[i].documentType == .residentId {
            let age = age(of: i)
            let grid = contexts[Int(facts[i].grid)].grid
            if people[i].residency == .floating, people[i].relationToHead == "户主", (25...60).contains(age), grid.isCommunity {
                permitPool.append(i)
            } else if people[i].residency == .registered, facts[i].marriedIn, people[i].sex == .female, (22...50).contains(age),
                      !grid.isCommunity {
                spousePool.append(i)
            }
        }
        for pick in dice.sample(permits, of: permitPool.count) {
            let i = permitPool[pick]
            let division = [830_000, 830_000, 810_000, 810_000, 820_000][dice.below(5)]
            people[i].documentType = .hkMacaoTaiwanPermit
            people[i].documentNumber = identity.residentNumber(division: division, birthDay: Int(facts[i].birthDay),
                                                               male: people[i].sex == .male, dice: &dice)
        }
        for pick in dice.sample(foreigners, of: spousePool.count) {
            let i = spousePool[pick]
            // 9 + issuing province 43 (Hunan) + nationality 704 (Viet Nam, GB/T 2659).
            people[i].documentType = .foreignPermanentResident
            people[i].documentNumber = identity.residentNumber(division: 943_704, birthDay: Int(facts[i].birthDay), male: false, dice: &dice)
            people[i].name = dice.pick(PopulationNames.vietnameseWomen)
            people[i].residency = .floating
        }
    }
}
