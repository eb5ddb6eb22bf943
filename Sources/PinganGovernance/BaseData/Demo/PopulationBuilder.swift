import Foundation
import PinganKernel

/// What the later passes (organisations, tags) need to know about a person beyond the record.
struct PersonFacts {
    var birthDay: Int32
    var grid: Int32
    var householdSize: UInt8
    /// A child of 16 or less whose parents both work away.
    var parentsAway: Bool
    /// A spouse who married into the household.
    var marriedIn: Bool
}

/// A grid with the names and shape the generator uses.
struct PopulationGridContext {
    let grid: DemoPopulation.Grid
    let site: PopulationSite
    /// Full names: `渌口镇`, `石塘村`.
    let town: String
    let village: String
    /// Town + village: grids of one village share group numbers and streets.
    let villageKey: String
}

/// Accumulates the records grid by grid; identities, phones and names stay unique across grids.
struct PopulationBuilder {
    let now: Date
    let today: Int
    let contexts: [PopulationGridContext]
    var identity = PopulationIdentity()

    var people: [PersonRecord] = []
    var facts: [PersonFacts] = []
    var households: [HouseholdRecord] = []
    var houses: [HouseRecord] = []
    var organisations: [OrganisationRecord] = []
    var places: [PlaceRecord] = []
    var tags: [TagRecord] = []
    var visits: [VisitRecord] = []

    /// Person indices of each grid, in grid order.
    var gridPeople: [Range<Int>] = []
    /// Address state shared by the grids of one village or community.
    var addressBook = PopulationAddressBook()
    var organisationNames = Set<String>()
    /// Person index of each house's owner, by house index.
    var houseOwners: [Int: Int] = [:]
    private var registeredHouseholds = 0

    init(now: Date, grids: [DemoPopulation.Grid]) {
        self.now = now
        today = PopulationCalendar.day(of: now)
        contexts = grids.map { grid in
            let town = PopulationNaming.townName(grid.townName)
            let village = PopulationNaming.villageName(grid.villageName, isCommunity: grid.isCommunity)
            return PopulationGridContext(grid: grid, site: PopulationSite(boundary: grid.boundary), town: town,
                                         village: village, villageKey: town + village)
        }
        let expected = Int(Double(grids.count) * 1_200)
        people.reserveCapacity(expected)
        facts.reserveCapacity(expected)
    }

    /// Households, their people and houses, then the grid's organisations.
    mutating func populate(gridIndex: Int, quota: GridQuota, dice: inout PopulationDice) {
        let context = contexts[gridIndex]
        let isCommunity = context.grid.isCommunity
        let registeredCount = quota.households - quota.floatingHouseholds
        var drafts: [(members: [MemberDraft], origin: Int?)] = []
        drafts.reserveCapacity(quota.households)
        for i in 0..<quota.households {
            if i < registeredCount {
                drafts.append((PopulationHouseholds.registered(isCommunity: isCommunity, dice: &dice), nil))
            } else {
                let origin = PopulationPlaces.floatingOrigins[dice.weighted(Self.originWeights)].code
                drafts.append((PopulationHouseholds.floating(dice: &dice), origin))
            }
        }
        let organisationDrafts = PopulationOrganisations.drafts(count: quota.organisations, isCommunity: isCommunity, dice: &dice)
        let standalone = organisationDrafts.count { $0.use != .mixed }
        let residential = max(quota.households > 0 ? 1 : 0, quota.houses - standalone)

        let firstHouse = houses.count
        addHouses(context: context, gridIndex: gridIndex, residential: residential,
                  standaloneUses: organisationDrafts.map(\.use).filter { $0 != .mixed }, dice: &dice)

        let firstPerson = people.count
        var registeredHeads: [Int] = []
        for (i, draft) in drafts.enumerated() {
            let house = residential > 0 ? firstHouse + i % residential : nil
            let head = addHousehold(draft.members, origin: draft.origin, context: context, gridIndex: gridIndex,
                                    houseIndex: house, dice: &dice)
            if draft.origin == nil {
                registeredHeads.append(head)
                // The first registered household in a house owns it.
                if let house, houses[house].ownerPersonID == nil { setOwner(house: house, person: head) }
            }
        }
        gridPeople.append(firstPerson..<people.count)
        // Houses let to floating households or standing empty belong to a registered head of the grid.
        for house in firstHouse..<(firstHouse + residential) where houses[house].ownerPersonID == nil && !registeredHeads.isEmpty {
            setOwner(house: house, person: registeredHeads[dice.below(registeredHeads.count)])
        }
        addOrganisations(organisationDrafts, context: context, gridIndex: gridIndex, firstHouse: firstHouse,
                         residential: residential, registeredHeads: registeredHeads, dice: &dice)
    }

    private static let originWeights = PopulationPlaces.floatingOrigins.map(\.weight)

    mutating func setOwner(house: Int, person: Int) {
        houseOwners[house] = person
        houses[house].ownerPersonID = people[person].id
        houses[house].ownerName = people[person].name
    }

    /// Appends one household and its members; returns the head's person index.
    private mutating func addHousehold(_ members: [MemberDraft], origin: Int?, context: PopulationGridContext, gridIndex: Int,
                                       houseIndex: Int?, dice: inout PopulationDice) -> Int {
        let householdID = PopulationText.code("hh-", households.count + 1)
        let houseID = houseIndex.map { houses[$0].id }
        let headIndex = people.count
        for member in members {
            addPerson(member, origin: origin, householdID: householdID, householdSize: members.count, houseID: houseID,
                      context: context, gridIndex: gridIndex, dice: &dice)
        }
        var number: String?
        if origin == nil {
            registeredHouseholds += 1
            number = PopulationText.code("", 430_221_000_000 + registeredHouseholds, width: 12)
        }
        households.append(HouseholdRecord(id: householdID, number: number, headPersonID: people[headIndex].id, houseID: houseID,
                                          gridCode: context.grid.code, gridPath: context.grid.path))
        return headIndex
    }

    private mutating func addPerson(_ member: MemberDraft, origin: Int?, householdID: String, householdSize: Int, houseID: String?,
                                    context: PopulationGridContext, gridIndex: Int, dice: inout PopulationDice) {
        let birthDay = PopulationCalendar.birthDay(age: member.age, today: today, offset: dice.below(365))
        let birthYear = PopulationCalendar.civil(birthDay).year
        let name = member.surname + PopulationNames.given(male: member.male, birthYear: birthYear, dice: &dice)
        let division: Int
        if let origin {
            division = origin
        } else if birthYear >= PopulationIdentity.newCodeFromYear {
            division = PopulationIdentity.districtCode
        } else if member.marriedIn, dice.chance(0.12) {
            division = dice.pick(PopulationPlaces.neighbourCounties)
        } else {
            division = PopulationIdentity.oldCountyCode
        }
        // Some babies are not yet given a number (registered within months of birth).
        let undocumented = member.age == 0 && dice.chance(0.15)
        let number = undocumented ? nil : identity.residentNumber(division: division, birthDay: birthDay, male: member.male, dice: &dice)
        let phoneChance = member.age < 12 ? 0 : member.age < 16 ? 0.2 : member.age <= 70 ? 0.93 : member.age <= 80 ? 0.55 : 0.2
        let phone = dice.chance(phoneChance) ? identity.mobile(dice: &dice) : nil
        let residency: Residency = origin != nil ? .floating : member.away != nil ? .away : .registered
        people.append(PersonRecord(
            id: PopulationText.code("p-", people.count + 1), name: name, documentType: undocumented ? .none : .residentId,
            documentNumber: number, sex: member.male ? .male : .female, birthDate: PopulationCalendar.isoDay(birthDay),
            phone: phone, residency: residency, awayPlace: member.away?.place, awayReason: member.away?.reason,
            householdID: householdID, relationToHead: member.relation, houseID: residency == .away ? nil : houseID,
            gridCode: context.grid.code, gridPath: context.grid.path))
        facts.append(PersonFacts(birthDay: Int32(birthDay), grid: Int32(gridIndex), householdSize: UInt8(min(householdSize, 255)),
                                 parentsAway: member.parentsAway, marriedIn: member.marriedIn))
    }

    /// Completed years of person `index` today.
    func age(of index: Int) -> Int { PopulationCalendar.age(birth: Int(facts[index].birthDay), today: today) }
}
