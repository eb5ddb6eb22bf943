import Foundation
import PinganGovernance
import PinganKernel

/// Invariants every demo population must hold, at any scale. Each returns the violations found
/// (empty when all is well), so a failing test names the records at fault.
enum DemoPopulationChecks {
    typealias Grid = DemoPopulation.Grid

    /// Identity documents parse, are unique and agree with sex and birth date; division codes
    /// follow residency (old county code, district code from 2019, elsewhere for floating people).
    static func identities(_ population: DemoPopulation, now: Date) -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for p in population.people {
            guard let number = p.documentNumber else {
                let age = DemoPopulationFixture.age(p.birthDate, now: now) ?? 99
                if p.documentType != .none || age > 0 { problems.append("\(p.id): no number but type \(p.documentType), age \(age)") }
                continue
            }
            if !seen.insert(number).inserted { problems.append("\(p.id): duplicate number") }
            guard let document = try? PersonDocument.parse(type: p.documentType, number: number, field: "n", asOf: now) else {
                problems.append("\(p.id): \(p.documentType) \(number) does not parse"); continue
            }
            if document.number != number { problems.append("\(p.id): not normalised") }
            let digits = Array(number)
            let birth = String(digits[6..<10]) + "-" + String(digits[10..<12]) + "-" + String(digits[12..<14])
            if birth != p.birthDate { problems.append("\(p.id): birth \(p.birthDate ?? "nil") vs number \(birth)") }
            let male = (Int(String(digits[16])) ?? 0) % 2 == 1
            if male != (p.sex == .male) { problems.append("\(p.id): sex \(String(describing: p.sex)) vs sequence") }
            guard p.documentType == .residentId, let id = try? ResidentID.parse(number, asOf: now) else { continue }
            let year = Int(birth.prefix(4)) ?? 0
            switch p.residency {
            case .registered, .away:
                if id.divisionCode == "430212", year < 2019 { problems.append("\(p.id): new code before 2019") }
                if year >= 2019, id.divisionCode != "430212" { problems.append("\(p.id): born \(year) under \(id.divisionCode)") }
                if p.relationToHead != "配偶", p.relationToHead != "儿媳", !["430212", "430221"].contains(id.divisionCode) {
                    problems.append("\(p.id): registered native under \(id.divisionCode)")
                }
            case .floating:
                if ["430212", "430221"].contains(id.divisionCode) { problems.append("\(p.id): floating person with a local code") }
            }
        }
        return problems
    }

    /// Phones are valid mobiles, unique.
    static func phones(_ population: DemoPopulation) -> [String] {
        var problems: [String] = [], seen = Set<String>()
        for p in population.people {
            guard let phone = p.phone else { continue }
            if (try? PhoneNumber.parse(phone)) != phone || phone.count != 11 { problems.append("\(p.id): bad phone \(phone)") }
            if !seen.insert(phone).inserted { problems.append("\(p.id): duplicate phone") }
        }
        return problems
    }

    /// Houses lie in their grid; every resident who is not away lives in a house of their own
    /// grid; away residents say where and why; owners are household heads.
    static func housing(_ population: DemoPopulation, grids: [Grid]) -> [String] {
        var problems: [String] = []
        let gridByCode = Dictionary(grids.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var houseGrid: [String: String] = [:]
        for h in population.houses {
            houseGrid[h.id] = h.gridCode
            guard let grid = gridByCode[h.gridCode] else { problems.append("\(h.id): unknown grid"); continue }
            if h.gridPath != grid.path { problems.append("\(h.id): path") }
            if !grid.boundary.contains(h.point) { problems.append("\(h.id): point outside its grid") }
            let town = grid.townName, village = grid.villageName
            if !h.address.hasPrefix(town + village) || !h.address.hasSuffix("号") { problems.append("\(h.id): address \(h.address)") }
        }
        let heads = Set(population.households.compactMap(\.headPersonID))
        for h in population.houses where h.ownerPersonID != nil && !heads.contains(h.ownerPersonID ?? "") {
            problems.append("\(h.id): owner is not a household head")
        }
        for p in population.people {
            if p.residency == .away {
                if p.awayPlace == nil || !["务工", "求学", "经商"].contains(p.awayReason ?? "") { problems.append("\(p.id): away without place/reason") }
                continue
            }
            guard let house = p.houseID, let grid = houseGrid[house] else { problems.append("\(p.id): no house"); continue }
            if grid != p.gridCode { problems.append("\(p.id): house in another grid") }
        }
        return problems
    }

    /// Heads exist and belong to their household; sizes 1–6; relations agree with ages.
    static func households(_ population: DemoPopulation, now: Date) -> [String] {
        var problems: [String] = []
        let index = Dictionary(uniqueKeysWithValues: population.people.map { ($0.id, $0) })
        var members: [String: [PersonRecord]] = [:]
        for p in population.people { members[p.householdID ?? "", default: []].append(p) }
        for h in population.households {
            guard let headID = h.headPersonID, let head = index[headID] else { problems.append("\(h.id): no head"); continue }
            if head.householdID != h.id || head.relationToHead != "户主" { problems.append("\(h.id): head \(headID) not its 户主") }
            if head.gridCode != h.gridCode || head.houseID != h.houseID { problems.append("\(h.id): head elsewhere") }
            let list = members[h.id] ?? []
            if !(1...6).contains(list.count) { problems.append("\(h.id): \(list.count) members") }
            if list.filter({ $0.relationToHead == "户主" }).count != 1 { problems.append("\(h.id): not one 户主") }
            guard let headAge = DemoPopulationFixture.age(head.birthDate, now: now) else { continue }
            for m in list {
                guard let age = DemoPopulationFixture.age(m.birthDate, now: now) else { continue }
                let gap = headAge - age
                switch m.relationToHead ?? "" {
                case "子", "女": if gap < 16 { problems.append("\(m.id): child only \(gap) years younger than head") }
                case "孙子", "孙女": if gap < 34 { problems.append("\(m.id): grandchild only \(gap) years younger") }
                case "父亲", "母亲": if gap > -16 { problems.append("\(m.id): parent only \(-gap) years older") }
                case "配偶", "儿媳": if age < 18 { problems.append("\(m.id): spouse aged \(age)") }
                case "户主": break
                default: problems.append("\(m.id): relation \(m.relationToHead ?? "nil")")
                }
            }
        }
        return problems
    }

    /// Credit codes parse and are unique; representatives are people of the grid; houses and
    /// workplaces resolve.
    static func organisations(_ population: DemoPopulation) -> [String] {
        var problems: [String] = [], codes = Set<String>(), names = Set<String>()
        var namesByGrid: [String: Set<String>] = [:]
        for p in population.people { namesByGrid[p.gridCode, default: []].insert(p.name) }
        let houses = Dictionary(uniqueKeysWithValues: population.houses.map { ($0.id, $0) })
        for o in population.organisations {
            if let code = o.creditCode {
                if let parsed = try? CreditCode.parse(code) {
                    if !["430212", "430221"].contains(parsed.divisionCode) { problems.append("\(o.id): division \(parsed.divisionCode)") }
                } else {
                    problems.append("\(o.id): credit code \(code) does not parse")
                }
                if !codes.insert(code).inserted { problems.append("\(o.id): duplicate code") }
            } else {
                problems.append("\(o.id): no credit code")
            }
            if !names.insert(o.name).inserted { problems.append("\(o.id): duplicate name \(o.name)") }
            if let rep = o.legalRepresentative, !(namesByGrid[o.gridCode]?.contains(rep) ?? false) {
                problems.append("\(o.id): representative \(rep) not in the grid")
            }
            guard let house = o.houseID.flatMap({ houses[$0] }) else { problems.append("\(o.id): no house"); continue }
            if house.gridCode != o.gridCode || house.point != o.point || house.address != o.address { problems.append("\(o.id): house mismatch") }
            if house.use == .residential { problems.append("\(o.id): in a purely residential house") }
        }
        let ids = Set(population.organisations.map(\.id))
        for p in population.people where p.workplaceOrganisationID != nil && !ids.contains(p.workplaceOrganisationID ?? "") {
            problems.append("\(p.id): unknown workplace")
        }
        return problems
    }

    /// Tags fit their group (left-behind children ≤ 16 with both parents away, elderly alone
    /// ≥ 70 in a one-person household); each tag has exactly one open visit.
    static func specialGroups(_ population: DemoPopulation, grids: [Grid], now: Date) -> [String] {
        var problems: [String] = []
        let index = Dictionary(uniqueKeysWithValues: population.people.map { ($0.id, $0) })
        var members: [String: [PersonRecord]] = [:]
        for p in population.people { members[p.householdID ?? "", default: []].append(p) }
        let workers = Dictionary(grids.map { ($0.code, $0.workerUsername) }, uniquingKeysWith: { a, _ in a })
        for t in population.tags {
            guard let p = index[t.personID] else { problems.append("\(t.id): unknown person"); continue }
            let age = DemoPopulationFixture.age(p.birthDate, now: now) ?? -1
            let household = members[p.householdID ?? ""] ?? []
            if p.residency == .away { problems.append("\(t.id): person is away") }
            if t.gridCode != p.gridCode || t.responsibleWorker != workers[p.gridCode] ?? nil { problems.append("\(t.id): grid/worker") }
            if t.validFrom > now { problems.append("\(t.id): starts in the future") }
            switch t.group {
            case .leftBehindChild:
                let awayParents = household.filter { $0.residency == .away && ["子", "儿媳"].contains($0.relationToHead ?? "") }
                if age > 16 || awayParents.count < 2 { problems.append("\(t.id): left-behind child aged \(age), \(awayParents.count) parents away") }
            case .elderlyAlone:
                if age < 70 || household.count != 1 { problems.append("\(t.id): elderly alone aged \(age) in household of \(household.count)") }
            default:
                if age < 18 { problems.append("\(t.id): \(t.group) aged \(age)") }
            }
        }
        var open: [String: Int] = [:]
        let tagStart = Dictionary(uniqueKeysWithValues: population.tags.map { ($0.id, $0.validFrom) })
        for v in population.visits {
            guard let start = tagStart[v.tagID] else { problems.append("\(v.id): unknown tag"); continue }
            if v.dueAt <= start { problems.append("\(v.id): due before its tag starts") }
            if let done = v.doneAt {
                if done > now || done < start { problems.append("\(v.id): done at an impossible time") }
            } else {
                open[v.tagID, default: 0] += 1
            }
        }
        for t in population.tags where open[t.id] != 1 { problems.append("\(t.id): \(open[t.id] ?? 0) open visits") }
        return problems
    }

    /// Named places lie in their grid and have unique names.
    static func places(_ population: DemoPopulation, grids: [Grid]) -> [String] {
        var problems: [String] = [], names = Set<String>()
        let gridByCode = Dictionary(grids.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for place in population.places {
            if !names.insert(place.name).inserted { problems.append("\(place.id): duplicate \(place.name)") }
            if !(gridByCode[place.gridCode]?.boundary.contains(place.point) ?? false) { problems.append("\(place.id): outside its grid") }
        }
        return problems
    }

    /// Share of tags whose open visit was due before `now`.
    static func overdueShare(_ population: DemoPopulation, now: Date) -> Double {
        let overdue = population.visits.filter { $0.doneAt == nil && $0.dueAt < now }.count
        return Double(overdue) / Double(max(1, population.tags.count))
    }

    /// Shares of registered, floating and away people.
    static func residencyShares(_ population: DemoPopulation) -> [Residency: Double] {
        var counts: [Residency: Int] = [:]
        for p in population.people { counts[p.residency, default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(max(1, population.people.count)) }
    }
}
