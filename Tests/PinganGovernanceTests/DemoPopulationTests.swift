import Foundation
import Testing
import PinganGovernance
import PinganKernel

/// The demo population at `.small` scale: one town (what the test suites load) and the whole
/// lattice (district totals ÷ 20), checked against the invariants in `DemoPopulationChecks`.
@Suite("Demo population (small)")
struct DemoPopulationTests {
    static let now = DemoPopulationFixture.now
    static let town = DemoPopulationFixture.oneTown
    static let townPopulation = DemoPopulation.generate(seed: 7, scale: .small, now: now, grids: town)
    static let district = DemoPopulationFixture.lattice
    static let districtPopulation = DemoPopulation.generate(seed: 11, scale: .small, now: now, grids: district)

    private func expectNone(_ problems: [String], _ what: String) {
        #expect(problems.isEmpty, "\(what): \(problems.count) problems, e.g. \(problems.prefix(5))")
    }

    @Test func oneTownIsAFewThousandPeople() {
        let p = Self.townPopulation
        // 33 of 260 grids, ÷ 20: 108,800 × 33/260/20 ≈ 690 households, ~1,900 people.
        #expect(p.households.count == 690)
        #expect((1_800...2_000).contains(p.people.count), "people \(p.people.count)")
        #expect(p.houses.count == 661)
        #expect(p.organisations.count == 22)
        #expect(!p.tags.isEmpty && !p.visits.isEmpty && !p.places.isEmpty)
    }

    @Test func sameSeedAndNowGiveTheSameRecords() {
        let again = DemoPopulation.generate(seed: 7, scale: .small, now: Self.now, grids: Self.town)
        let a = Self.townPopulation
        #expect(a.people == again.people)
        #expect(a.households == again.households)
        #expect(a.houses == again.houses)
        #expect(a.organisations == again.organisations)
        #expect(a.places == again.places)
        #expect(a.tags == again.tags)
        #expect(a.visits == again.visits)
        let other = DemoPopulation.generate(seed: 8, scale: .small, now: Self.now, grids: Self.town)
        #expect(other.people.map(\.documentNumber) != a.people.map(\.documentNumber))
    }

    @Test func districtTotalsAreATwentieth() {
        let p = Self.districtPopulation
        #expect(p.households.count == 5_440)
        #expect(p.houses.count == 5_210)
        #expect(p.organisations.count == 173)
        // 300,000 / 20 ± 2 %.
        #expect((14_700...15_300).contains(p.people.count), "people \(p.people.count)")
        // Communities are denser in organisations than villages.
        let community = Set(Self.district.filter(\.isCommunity).map(\.code))
        let urbanGrids = Double(community.count), ruralGrids = Double(Self.district.count - community.count)
        let urbanOrganisations = Double(p.organisations.filter { community.contains($0.gridCode) }.count)
        #expect(urbanOrganisations / urbanGrids > 2 * (Double(p.organisations.count) - urbanOrganisations) / ruralGrids)
    }

    @Test func residencyMix() {
        let shares = DemoPopulationChecks.residencyShares(Self.districtPopulation)
        #expect((0.76...0.84).contains(shares[.registered] ?? 0), "\(shares)")
        #expect((0.10...0.14).contains(shares[.floating] ?? 0), "\(shares)")
        #expect((0.06...0.10).contains(shares[.away] ?? 0), "\(shares)")
    }

    @Test func identitiesParseAreUniqueAndAgreeWithSexAndBirth() {
        expectNone(DemoPopulationChecks.identities(Self.districtPopulation, now: Self.now), "identities")
        expectNone(DemoPopulationChecks.identities(Self.townPopulation, now: Self.now), "identities (town)")
        // The rarer documents appear: babies without a number, permits, foreigners.
        let types = Set(Self.districtPopulation.people.map(\.documentType))
        #expect(types.isSuperset(of: [.residentId, .none, .hkMacaoTaiwanPermit, .foreignPermanentResident]))
    }

    @Test func phonesAreValidUniqueMobiles() {
        let p = Self.districtPopulation
        expectNone(DemoPopulationChecks.phones(p), "phones")
        let adults = p.people.filter { (18...70).contains(DemoPopulationFixture.age($0.birthDate) ?? 0) }
        #expect(Double(adults.filter { $0.phone != nil }.count) > 0.85 * Double(adults.count))
    }

    @Test func housesAndResidentsStayInTheirGrids() {
        expectNone(DemoPopulationChecks.housing(Self.districtPopulation, grids: Self.district), "housing")
        expectNone(DemoPopulationChecks.housing(Self.townPopulation, grids: Self.town), "housing (town)")
    }

    @Test func householdsHaveTheirHeadAndPlausibleRelations() {
        expectNone(DemoPopulationChecks.households(Self.districtPopulation, now: Self.now), "households")
    }

    @Test func organisationsHaveValidCodesAndLocalRepresentatives() {
        expectNone(DemoPopulationChecks.organisations(Self.districtPopulation), "organisations")
        #expect(Self.districtPopulation.people.contains { $0.workplaceOrganisationID != nil })
    }

    @Test func specialGroupsFitTheirDefinitionAndHaveOneOpenVisit() {
        expectNone(DemoPopulationChecks.specialGroups(Self.districtPopulation, grids: Self.district, now: Self.now), "tags")
        expectNone(DemoPopulationChecks.specialGroups(Self.townPopulation, grids: Self.town, now: Self.now), "tags (town)")
        let groups = Set(Self.districtPopulation.tags.map(\.group))
        #expect(groups == Set(SpecialGroup.allCases))
    }

    @Test func aboutFivePercentOfVisitsAreOverdue() {
        let share = DemoPopulationChecks.overdueShare(Self.districtPopulation, now: Self.now)
        #expect((0.04...0.06).contains(share), "overdue \(share)")
        #expect(Self.districtPopulation.visits.contains { $0.doneAt != nil })
    }

    @Test func placesAreNamedAndInsideTheirGrid() {
        expectNone(DemoPopulationChecks.places(Self.districtPopulation, grids: Self.district), "places")
        #expect((200...600).contains(Self.districtPopulation.places.count), "places \(Self.districtPopulation.places.count)")
    }

    /// The checks themselves catch broken records (so the tests above can fail).
    @Test func checksReportCorruptedRecords() throws {
        var p = Self.townPopulation
        let grid = try #require(Self.town.first)
        let person = try #require(p.people.firstIndex { $0.documentType == .residentId && $0.residency == .registered })
        let number = try #require(p.people[person].documentNumber)
        p.people[person].documentNumber = String(number.dropLast()) + (number.last == "1" ? "2" : "1")
        #expect(!DemoPopulationChecks.identities(p, now: Self.now).isEmpty)
        p.people[person].houseID = nil
        let house = try #require(p.houses.firstIndex { $0.gridCode == grid.code })
        p.houses[house].point = GeoPoint(latitude: 30, longitude: 120)
        #expect(DemoPopulationChecks.housing(p, grids: Self.town).count >= 2)
        p.households[0].headPersonID = p.people[p.people.count - 1].id
        #expect(!DemoPopulationChecks.households(p, now: Self.now).isEmpty)
        p.organisations[0].legalRepresentative = "不存在"
        #expect(!DemoPopulationChecks.organisations(p).isEmpty)
        let tag = try #require(p.tags.firstIndex { $0.group == .elderlyAlone })
        p.tags[tag].personID = p.people[p.people.count - 1].id
        p.visits.removeAll { $0.tagID == p.tags[0].id }
        #expect(DemoPopulationChecks.specialGroups(p, grids: Self.town, now: Self.now).count >= 2)
    }

    @Test func noGridsGiveNothing() {
        let empty = DemoPopulation.generate(seed: 1, scale: .small, now: Self.now, grids: [])
        #expect(empty.people.isEmpty && empty.houses.isEmpty && empty.tags.isEmpty)
    }
}
