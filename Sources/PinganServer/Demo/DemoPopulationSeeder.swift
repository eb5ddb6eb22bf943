import Foundation
import PinganGovernance
import PinganKernel
import PinganStorage

/// Writes the demo's base data (people, households, houses, organisations, places, special
/// groups and visits) for the grids just created. `small` covers one town at low density.
struct DemoPopulationSeeder {
    let services: PinganServices

    struct Counts {
        var people = 0, households = 0, houses = 0, organisations = 0, places = 0, tags = 0
    }

    func run(seed: UInt64, scale: DemoSeeder.Scale, now: Date, nodes: [GridNode], workers: [String: String]) async throws -> Counts {
        let governance = nodes.filter { $0.layer == .governance }
        let byCode = Dictionary(uniqueKeysWithValues: governance.map { ($0.code, $0) })
        let firstTown = governance.filter { $0.level == 2 }.map(\.code).min()
        var grids: [DemoPopulation.Grid] = []
        var placeNames: [String: String] = [:]
        for leaf in governance where leaf.level == 5 {
            if scale == .small, let firstTown, !leaf.path.contains("/\(firstTown)/") { continue }
            let ancestors = leaf.pathCodes.compactMap { byCode[$0] }
            let village = ancestors.first { $0.level == 4 }
            let town = ancestors.first { $0.level == 2 }
            // Statistical codes: communities (社区) are numbered 001–199, villages (村) from 200.
            let isCommunity = Int(village?.code.suffix(3) ?? "999").map { $0 < 200 } ?? false
            grids.append(DemoPopulation.Grid(code: leaf.code, path: leaf.path, name: leaf.name, villageName: village?.name ?? "",
                                             townName: town?.name ?? "", isCommunity: isCommunity, boundary: leaf.boundary,
                                             workerUsername: workers[leaf.code]))
            placeNames[leaf.code] = ancestors.filter { $0.level >= 2 }.map(\.name).joined(separator: " ")
        }
        let population = DemoPopulation.generate(seed: seed, scale: scale == .county ? .county : .small, now: now, grids: grids)
        let writer = BaseDataWriter(placeNames: placeNames)
        let addresses = Dictionary(uniqueKeysWithValues: population.houses.map { ($0.id, $0.address) })
        let headNames = Dictionary(population.people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Provenance: registered residents come from the public-security household register,
        // the rest from the grid worker's registration.
        let versions = population.people.map { p in
            (kind: "person", id: p.id, version: 1, source: p.residency == .registered ? "公安户籍" : "网格员采集",
             importID: Optional("demo"), at: now, fields: ["name", "residentId", "phone", "residency", "address", "grid"])
        }
        try await services.database.write { db in
            try await writer.insertHouses(population.houses, on: db)
            try await writer.insertOrganisations(population.organisations, on: db)
            try await writer.insertPlaces(population.places, on: db)
            try await writer.insertPeople(population.people, addresses: addresses, on: db)
            try await writer.insertHouseholds(population.households, headNames: headNames, addresses: addresses, on: db)
            try await writer.insertTags(population.tags, visits: population.visits, on: db)
            try await writer.insertVersions(versions, on: db)
        }
        return Counts(people: population.people.count, households: population.households.count, houses: population.houses.count,
                      organisations: population.organisations.count, places: population.places.count, tags: population.tags.count)
    }
}
