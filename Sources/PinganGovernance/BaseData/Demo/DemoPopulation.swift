import Foundation
import PinganKernel

/// The demo district's base data — people, households, houses, organisations, named places,
/// special-group tags and their visits — generated in memory from a seed, with the densities
/// Lukou district reports (108,800 households, 104,200 houses, 3,460 organisations over 260
/// unit grids). The same seed, `now` and grids give identical output.
public struct DemoPopulation: Sendable {
    /// A unit grid to populate, as the caller's grid tree has it.
    public struct Grid: Sendable {
        /// The 15-digit unit-grid code.
        public var code: String
        /// The grid's tree path (stored on every record for prefix scoping).
        public var path: String
        /// The grid's own name.
        public var name: String
        /// The village or community it belongs to (`石塘村`, `渌口社区`).
        public var villageName: String
        /// The town (`渌口镇`, `南阳桥乡`).
        public var townName: String
        /// 社区 (urban, denser, more shops and enterprises) rather than 村.
        public var isCommunity: Bool
        /// The grid's ground; every generated point lies inside it.
        public var boundary: MultiPolygon
        /// Username of the grid worker responsible for its special groups.
        public var workerUsername: String?

        /// A grid from its tree fields.
        public init(code: String, path: String, name: String, villageName: String, townName: String, isCommunity: Bool,
                    boundary: MultiPolygon, workerUsername: String? = nil) {
            self.code = code
            self.path = path
            self.name = name
            self.villageName = villageName
            self.townName = townName
            self.isCommunity = isCommunity
            self.boundary = boundary
            self.workerUsername = workerUsername
        }
    }

    /// `county`: the district's real densities; `small`: a twentieth of them, for tests.
    public enum Scale: Sendable { case county, small }

    public var people: [PersonRecord]
    public var households: [HouseholdRecord]
    public var houses: [HouseRecord]
    public var organisations: [OrganisationRecord]
    public var places: [PlaceRecord]
    public var tags: [TagRecord]
    public var visits: [VisitRecord]

    /// Generates the population of `grids` (in the order given) as of `now`.
    public static func generate(seed: UInt64, scale: Scale, now: Date, grids: [Grid]) -> DemoPopulation {
        let root = PopulationDice(SeededGenerator(seed: seed))
        var planDice = root.fork("plan")
        let quotas = PopulationPlan.quotas(grids: grids, scale: scale, dice: &planDice)
        var builder = PopulationBuilder(now: now, grids: grids)
        for (index, grid) in grids.enumerated() {
            var dice = root.fork("grid:" + grid.code)
            builder.populate(gridIndex: index, quota: quotas[index], dice: &dice)
        }
        var documentDice = root.fork("documents")
        builder.assignOtherDocuments(scale: scale, gridCount: grids.count, dice: &documentDice)
        var placeDice = root.fork("places")
        builder.addLandmarks(dice: &placeDice)
        var tagDice = root.fork("tags")
        builder.addSpecialGroups(dice: &tagDice)
        return DemoPopulation(people: builder.people, households: builder.households, houses: builder.houses,
                              organisations: builder.organisations, places: builder.places, tags: builder.tags,
                              visits: builder.visits)
    }
}
