import Foundation
import Testing
import PinganGovernance
import PinganKernel

/// The full district (260 grids at `.county`): totals within 2 % of what Lukou reports, rates
/// of special groups, and the generation time. County-scale runs stay out of the default test
/// run (see conventions): set `PINGAN_COUNTY_TESTS=1`, ideally with `swift test -c release`.
@Suite("Demo population (county)", .enabled(if: ProcessInfo.processInfo.environment["PINGAN_COUNTY_TESTS"] != nil))
struct DemoPopulationCountyTests {
    static let now = DemoPopulationFixture.now
    static let grids = DemoPopulationFixture.lattice
    static let timed: (population: DemoPopulation, seconds: Double) = {
        let start = Date()
        let population = DemoPopulation.generate(seed: 20_240_601, scale: .county, now: now, grids: grids)
        return (population, Date().timeIntervalSince(start))
    }()

    private func within2Percent(_ value: Int, of target: Double) -> Bool {
        abs(Double(value) - target) <= 0.02 * target
    }

    @Test func totalsMatchTheDistrict() {
        let p = Self.timed.population
        print("county demo population: \(String(format: "%.2f", Self.timed.seconds)) s; people \(p.people.count), households \(p.households.count), houses \(p.houses.count), organisations \(p.organisations.count), places \(p.places.count), tags \(p.tags.count), visits \(p.visits.count)")
        #expect(within2Percent(p.people.count, of: 300_000), "people \(p.people.count)")
        #expect(within2Percent(p.households.count, of: 108_800))
        #expect(within2Percent(p.houses.count, of: 104_200))
        #expect(within2Percent(p.organisations.count, of: 3_460))
        #expect((200...700).contains(p.places.count))
        let shares = DemoPopulationChecks.residencyShares(p)
        #expect(abs((shares[.registered] ?? 0) - 0.80) < 0.02 && abs((shares[.floating] ?? 0) - 0.12) < 0.02
                && abs((shares[.away] ?? 0) - 0.08) < 0.02, "\(shares)")
    }

    @Test func specialGroupRatesPerTenThousand() {
        let p = Self.timed.population
        let perTenThousand = Dictionary(grouping: p.tags, by: \.group).mapValues { Double($0.count) * 10_000 / Double(p.people.count) }
        let expected: [SpecialGroup: Double] = [.communityCorrection: 5, .releasedPrisoner: 10, .drugRehabilitation: 4,
                                                .severeMentalDisorder: 40, .leftBehindChild: 120, .elderlyAlone: 150, .petition: 3]
        for (group, rate) in expected {
            #expect(abs((perTenThousand[group] ?? 0) - rate) <= max(0.5, 0.1 * rate), "\(group): \(perTenThousand[group] ?? 0)")
        }
        let share = DemoPopulationChecks.overdueShare(p, now: Self.now)
        #expect(abs(share - 0.05) < 0.005, "overdue \(share)")
    }

    @Test func organisationKindsAtRealisticRates() {
        let p = Self.timed.population
        let shares = Dictionary(grouping: p.organisations, by: \.kind).mapValues { Double($0.count) / Double(p.organisations.count) }
        #expect((0.45...0.60).contains(shares[.soleTrader] ?? 0), "\(shares)")
        #expect((0.25...0.38).contains(shares[.enterprise] ?? 0), "\(shares)")
        #expect((0.05...0.15).contains(shares[.publicInstitution] ?? 0), "\(shares)")
        #expect((0.02...0.10).contains(shares[.socialOrganisation] ?? 0), "\(shares)")
    }

    @Test func everyInvariantHoldsAtCountyScale() {
        let p = Self.timed.population
        let problems = DemoPopulationChecks.identities(p, now: Self.now) + DemoPopulationChecks.phones(p)
            + DemoPopulationChecks.housing(p, grids: Self.grids) + DemoPopulationChecks.households(p, now: Self.now)
            + DemoPopulationChecks.organisations(p) + DemoPopulationChecks.specialGroups(p, grids: Self.grids, now: Self.now)
            + DemoPopulationChecks.places(p, grids: Self.grids)
        #expect(problems.isEmpty, "\(problems.count) problems, e.g. \(problems.prefix(8))")
    }
}
