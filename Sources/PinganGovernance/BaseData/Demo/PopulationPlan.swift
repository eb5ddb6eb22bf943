import PinganKernel

/// How many households, houses and organisations each grid gets. District totals are fixed
/// (scaled by the number of grids given and by the scale) and split by weights: communities
/// hold more households and far more organisations, villages more houses per household
/// (self-built houses, some empty) where a community building holds several households.
struct GridQuota: Sendable {
    var households: Int
    var floatingHouseholds: Int
    var houses: Int
    var organisations: Int
}

enum PopulationPlan {
    /// Lukou's reported figures over its 260 unit grids.
    static let districtGrids = 260.0
    static let districtHouseholds = 108_800.0
    static let districtHouses = 104_200.0
    static let districtOrganisations = 3_460.0
    /// `.small` divides every density by this.
    static let smallDivisor = 20.0
    /// Share of households that are floating (renters from elsewhere), tuned so that floating
    /// residents are ~12 % of people; communities take twice the villages' rate.
    static let floatingHouseholdShare = 0.185
    static let communityFloatingFactor = 2.0

    static func quotas(grids: [DemoPopulation.Grid], scale: DemoPopulation.Scale, dice: inout PopulationDice) -> [GridQuota] {
        guard !grids.isEmpty else { return [] }
        let factor = Double(grids.count) / districtGrids / (scale == .small ? smallDivisor : 1)
        let householdWeights = grids.map { ($0.isCommunity ? 1.2 : 0.95) * (0.8 + 0.4 * dice.unit()) }
        let households = apportion(Int((districtHouseholds * factor).rounded()), weights: householdWeights)
        let houseWeights = grids.indices.map { i in
            Double(households[i]) * (grids[i].isCommunity ? 0.78 : 1.07) * (0.9 + 0.2 * dice.unit())
        }
        let houses = apportion(Int((districtHouses * factor).rounded()), weights: houseWeights)
        let organisationWeights = grids.map { ($0.isCommunity ? 3.2 : 0.65) * (0.6 + 0.8 * dice.unit()) }
        let organisations = apportion(Int((districtOrganisations * factor).rounded()), weights: organisationWeights)

        // Village rate v, community rate kv, with the mix of the grids given averaging to the target.
        let communityHouseholds = grids.indices.filter { grids[$0].isCommunity }.reduce(0) { $0 + households[$1] }
        let communityShare = Double(communityHouseholds) / Double(max(1, households.reduce(0, +)))
        let villageRate = floatingHouseholdShare / (1 + (communityFloatingFactor - 1) * communityShare)
        return grids.indices.map { i in
            let rate = villageRate * (grids[i].isCommunity ? communityFloatingFactor : 1)
            return GridQuota(households: households[i], floatingHouseholds: Int((Double(households[i]) * rate).rounded()),
                             houses: houses[i], organisations: organisations[i])
        }
    }

    /// Splits `total` in proportion to `weights` by largest remainders (ties to the lower index),
    /// so the parts add up to `total` exactly.
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var parts = exact.map { Int($0.rounded(.down)) }
        let remainder = total - parts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let fa = exact[a] - Double(parts[a]), fb = exact[b] - Double(parts[b])
            return fa != fb ? fa > fb : a < b
        }
        for i in order.prefix(remainder) { parts[i] += 1 }
        return parts
    }
}
