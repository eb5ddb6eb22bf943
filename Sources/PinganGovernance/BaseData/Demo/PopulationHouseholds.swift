import PinganKernel

/// One member of a household before it becomes a `PersonRecord`: relation, sex, age and
/// surname are decided together so that relations and ages agree (a 孙女 is 20–36 years younger
/// than her mother, a 户主's 父亲 older than him).
struct MemberDraft {
    var relation: String
    var male: Bool
    var age: Int
    var surname: String
    /// Away residents: (place, reason).
    var away: (place: String, reason: String)?
    /// A spouse who married in (may carry a neighbouring county's ID code).
    var marriedIn = false
    /// A child of 16 or less whose parents both work away (留守儿童).
    var parentsAway = false
}

/// Household compositions of registered and floating households, with rural and urban mixes.
/// Weights are tuned so that a household averages ~2.76 people and ~8 % of people are away.
enum PopulationHouseholds {
    private enum Kind: CaseIterable {
        case elderlyAlone, elderlyCouple, emptyNest, nuclear, threeGenerations, skippedGeneration, single, youngCouple
    }

    /// Relative frequencies: villages have more old people and more children left with them.
    private static let villageWeights: [Double] = [9, 14, 15, 19, 15, 8, 8, 4]
    private static let communityWeights: [Double] = [6, 11, 12, 33, 12, 3, 10, 8]

    /// A registered household (户籍家庭户): the head first.
    static func registered(isCommunity: Bool, dice: inout PopulationDice) -> [MemberDraft] {
        let kind = Kind.allCases[dice.weighted(isCommunity ? communityWeights : villageWeights)]
        let surname = PopulationNames.surnames.draw(&dice)
        switch kind {
        case .elderlyAlone:
            // Mostly widows; one in ten is under 70 (not yet counted as 独居老人).
            let age = dice.chance(0.1) ? dice.int(60...69) : min(99, 70 + Int(abs(dice.gaussian()) * 10))
            return [MemberDraft(relation: "户主", male: dice.chance(0.35), age: age, surname: surname)]
        case .elderlyCouple:
            let age = min(97, 62 + Int(abs(dice.gaussian()) * 11))
            return couple(headAge: age, surname: surname, dice: &dice)
        case .emptyNest:
            var members = couple(headAge: dice.int(45...64), surname: surname, dice: &dice)
            addChildren(&members, motherAge: members[1].age, count: dice.int(0...2), surname: surname, dice: &dice)
            return members
        case .nuclear:
            var members = couple(headAge: dice.int(26...52), surname: surname, dice: &dice)
            let count = dice.weighted([0, 45, 50, 5])
            addChildren(&members, motherAge: members[1].age, count: count, surname: surname, dice: &dice)
            return members
        case .threeGenerations:
            return dice.chance(0.5) ? headWithParents(surname: surname, dice: &dice) : grandfatherHead(surname: surname, dice: &dice)
        case .skippedGeneration:
            return skippedGeneration(surname: surname, dice: &dice)
        case .single:
            let male = dice.chance(0.7)
            return [MemberDraft(relation: "户主", male: male, age: dice.int(22...69), surname: surname)]
        case .youngCouple:
            return couple(headAge: dice.int(23...35), surname: surname, dice: &dice)
        }
    }

    /// A floating household (流动人口): workers renting here, alone, as a couple or with children.
    static func floating(dice: inout PopulationDice) -> [MemberDraft] {
        let surname = PopulationNames.surnames.draw(&dice)
        switch dice.weighted([50, 22, 28]) {
        case 0:
            return [MemberDraft(relation: "户主", male: dice.chance(0.6), age: min(60, 19 + Int(abs(dice.gaussian()) * 14)), surname: surname)]
        case 1:
            return couple(headAge: dice.int(22...50), surname: surname, dice: &dice)
        default:
            var members = couple(headAge: dice.int(26...45), surname: surname, dice: &dice)
            addChildren(&members, motherAge: members[1].age, count: dice.int(1...2), surname: surname, dice: &dice, maxAge: 16)
            return members
        }
    }

    /// Husband as head and his wife (usually younger by 0–6 years).
    private static func couple(headAge: Int, surname: String, dice: inout PopulationDice) -> [MemberDraft] {
        let wifeAge = max(20, min(99, headAge - dice.int(-2...6)))
        return [MemberDraft(relation: "户主", male: true, age: headAge, surname: surname),
                MemberDraft(relation: "配偶", male: false, age: wifeAge, surname: PopulationNames.surnames.draw(&dice), marriedIn: true)]
    }

    /// Children born to a mother aged 21–35; adult children are often away studying or working.
    private static func addChildren(_ members: inout [MemberDraft], motherAge: Int, count: Int, surname: String,
                                    dice: inout PopulationDice, maxAge: Int = 99, sonRelation: String = "子",
                                    daughterRelation: String = "女") {
        // Households stay within six people.
        for _ in 0..<min(count, 6 - members.count) {
            let age = motherAge - dice.int(21...35)
            guard age >= 0, age <= maxAge else { continue }
            let male = dice.chance(0.53)
            var child = MemberDraft(relation: male ? sonRelation : daughterRelation, male: male, age: age, surname: surname)
            if age >= 18, dice.chance(age <= 24 ? 0.45 : 0.32) { child.away = awayPlace(age: age, dice: &dice) }
            members.append(child)
        }
    }

    /// Three generations, the middle-aged man as head with his parents (父亲 / 母亲).
    private static func headWithParents(surname: String, dice: inout PopulationDice) -> [MemberDraft] {
        var members = couple(headAge: dice.int(28...52), surname: surname, dice: &dice)
        addChildren(&members, motherAge: members[1].age, count: dice.weighted([0, 50, 45, 5]), surname: surname, dice: &dice)
        let fatherAge = members[0].age + dice.int(22...32)
        let motherAge = fatherAge - dice.int(0...5)
        let father = fatherAge <= 98 && members.count < 6 && dice.chance(0.7)
        if father { members.append(MemberDraft(relation: "父亲", male: true, age: fatherAge, surname: surname)) }
        if motherAge <= 98, members.count < 6, !father || dice.chance(0.85) {
            members.append(MemberDraft(relation: "母亲", male: false, age: motherAge, surname: PopulationNames.surnames.draw(&dice)))
        }
        return members
    }

    /// Three generations, the grandfather as head: his son (子), daughter-in-law (儿媳) and
    /// grandchildren (孙子 / 孙女); sometimes one of the young couple works away.
    private static func grandfatherHead(surname: String, dice: inout PopulationDice) -> [MemberDraft] {
        var members = couple(headAge: dice.int(56...80), surname: surname, dice: &dice)
        let sonAge = members[1].age - dice.int(22...32)
        var son = MemberDraft(relation: "子", male: true, age: max(20, sonAge), surname: surname)
        var wife = MemberDraft(relation: "儿媳", male: false, age: max(20, son.age - dice.int(-2...5)),
                               surname: PopulationNames.surnames.draw(&dice), marriedIn: true)
        if dice.chance(0.2) {
            if dice.chance(0.7) { son.away = awayPlace(age: son.age, dice: &dice) } else { wife.away = awayPlace(age: wife.age, dice: &dice) }
        }
        members += [son, wife]
        addChildren(&members, motherAge: wife.age, count: dice.weighted([0, 50, 45, 5]), surname: surname, dice: &dice,
                    sonRelation: "孙子", daughterRelation: "孙女")
        return members
    }

    /// Grandparents keeping grandchildren of 0–16 while both parents work away (留守儿童):
    /// built from the youngest up so every age gap is plausible.
    private static func skippedGeneration(surname: String, dice: inout PopulationDice) -> [MemberDraft] {
        let firstChild = dice.int(0...16)
        let motherAge = firstChild + dice.int(21...32)
        let sonAge = motherAge + dice.int(-2...5)
        let grandmotherAge = max(sonAge, motherAge) + dice.int(22...30)
        let grandfatherAge = grandmotherAge + dice.int(0...5)
        var members: [MemberDraft]
        if dice.chance(0.75) {
            members = [MemberDraft(relation: "户主", male: true, age: min(98, grandfatherAge), surname: surname),
                       MemberDraft(relation: "配偶", male: false, age: min(98, grandmotherAge),
                                   surname: PopulationNames.surnames.draw(&dice), marriedIn: true)]
        } else {
            members = [MemberDraft(relation: "户主", male: false, age: min(98, grandmotherAge), surname: PopulationNames.surnames.draw(&dice))]
        }
        let work = "务工"
        members.append(MemberDraft(relation: "子", male: true, age: sonAge, surname: surname,
                                   away: (weightedAwayPlace(&dice), work)))
        members.append(MemberDraft(relation: "儿媳", male: false, age: motherAge, surname: PopulationNames.surnames.draw(&dice),
                                   away: (weightedAwayPlace(&dice), work), marriedIn: true))
        var childAges = [firstChild]
        if dice.chance(0.45) {
            let second = firstChild + (dice.chance(0.5) ? 1 : -1) * dice.int(1...6)
            if (0...16).contains(second), motherAge - second >= 20 { childAges.append(second) }
        }
        for age in childAges {
            let male = dice.chance(0.53)
            members.append(MemberDraft(relation: male ? "孙子" : "孙女", male: male, age: age, surname: surname, parentsAway: true))
        }
        return members
    }

    /// Where an away resident is and why: students 18–24 at college, the rest at work or trade.
    static func awayPlace(age: Int, dice: inout PopulationDice) -> (place: String, reason: String) {
        if age <= 24, dice.chance(0.5) { return (dice.pick(PopulationPlaces.studyPlaces), "求学") }
        if age >= 30, dice.chance(0.12) { return (weightedAwayPlace(&dice), "经商") }
        return (weightedAwayPlace(&dice), "务工")
    }

    private static let awayWeights = PopulationPlaces.awayPlaces.map(\.1)

    private static func weightedAwayPlace(_ dice: inout PopulationDice) -> String {
        PopulationPlaces.awayPlaces[dice.weighted(awayWeights)].0
    }
}
