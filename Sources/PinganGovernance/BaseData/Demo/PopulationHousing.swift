import PinganKernel

/// Address numbering shared by the grids of one village or community, so two grids never
/// hand out the same group number or street number.
struct PopulationAddressBook {
    var groupsUsed: [String: Int] = [:]
    var streets: [String: [String]] = [:]
    var streetNumbers: [String: Int] = [:]
    var gridsSeen: [String: Int] = [:]
}

extension PopulationBuilder {
    /// Appends the grid's residential houses, then one house per standalone organisation use.
    /// Villages: houses cluster around their group's (组) centre — `南洲镇石塘村五组15号`.
    /// Communities: houses line both sides of a few streets — `渌口镇渌口社区建设路12号`.
    mutating func addHouses(context: PopulationGridContext, gridIndex: Int, residential: Int, standaloneUses: [HouseUse],
                            dice: inout PopulationDice) {
        let total = residential + standaloneUses.count
        guard total > 0 else { return }
        let ordinal = addressBook.gridsSeen[context.villageKey, default: 0]
        addressBook.gridsSeen[context.villageKey] = ordinal + 1
        let isCommunity = context.grid.isCommunity
        // Standalone buildings are spread among the homes rather than all at the end of a street.
        // Standalone uses keep their draft order (the organisation pass relies on it): the k-th
        // goes to the k-th smallest of the chosen slots.
        var uses = [HouseUse](repeating: .residential, count: total)
        let slots = dice.sample(standaloneUses.count, of: total).sorted()
        for (slot, use) in zip(slots, standaloneUses) { uses[slot] = use }

        let prefix = context.town + context.village
        if isCommunity {
            addStreetHouses(prefix: prefix, uses: uses, context: context, ordinal: ordinal, dice: &dice)
        } else {
            addGroupHouses(prefix: prefix, uses: uses, context: context, dice: &dice)
        }
        // Residential houses first, standalone ones after, each group in address order.
        let first = houses.count - total
        let built = Array(houses[first...])
        let reordered = built.enumerated().filter { uses[$0.offset] == .residential }.map(\.element)
            + built.enumerated().filter { uses[$0.offset] != .residential }.map(\.element)
        houses.replaceSubrange(first..., with: reordered)
        for i in first..<houses.count { houses[i].id = PopulationText.code("h-", i + 1) }
    }

    private mutating func addStreetHouses(prefix: String, uses: [HouseUse], context: PopulationGridContext, ordinal: Int,
                                          dice: inout PopulationDice) {
        if addressBook.streets[context.villageKey] == nil {
            let picks = dice.sample(8, of: PopulationPlaces.streets.count)
            addressBook.streets[context.villageKey] = picks.map { PopulationPlaces.streets[$0] }
        }
        let pool = addressBook.streets[context.villageKey] ?? ["正街"]
        let count = min(pool.count, max(2, uses.count / 70 + 1))
        let names = (0..<count).map { pool[(ordinal * 2 + $0) % pool.count] }
        let site = context.site
        let ends: [(GeoPoint, GeoPoint)] = names.map { _ in (site.uniformPoint(&dice), site.uniformPoint(&dice)) }
        let perStreet = (uses.count + count - 1) / count
        for (j, use) in uses.enumerated() {
            let street = j % count, position = j / count
            let key = context.villageKey + names[street]
            let number = addressBook.streetNumbers[key, default: 0] + 1
            addressBook.streetNumbers[key] = number
            let point = site.point(along: ends[street].0, ends[street].1, fraction: (Double(position) + 0.5) / Double(perStreet),
                                   side: number % 2 == 1 ? 12 : -12, &dice)
            appendHouse(address: prefix + names[street] + PopulationText.decimal(number) + "号", point: point, use: use,
                        isCommunity: true, context: context, dice: &dice)
        }
    }

    private mutating func addGroupHouses(prefix: String, uses: [HouseUse], context: PopulationGridContext, dice: inout PopulationDice) {
        let groups = max(1, Int((Double(uses.count) / 35).rounded()))
        let firstGroup = addressBook.groupsUsed[context.villageKey, default: 0] + 1
        addressBook.groupsUsed[context.villageKey] = firstGroup + groups - 1
        let site = context.site
        let centres = (0..<groups).map { _ in site.uniformPoint(&dice) }
        let labels = (0..<groups).map { prefix + PopulationText.chineseNumeral(firstGroup + $0) + "组" }
        var numbers = [Int](repeating: 0, count: groups)
        for (j, use) in uses.enumerated() {
            let group = j * groups / uses.count
            numbers[group] += 1
            let point = site.point(near: centres[group], meters: 180, &dice)
            appendHouse(address: labels[group] + PopulationText.decimal(numbers[group]) + "号", point: point, use: use,
                        isCommunity: false, context: context, dice: &dice)
        }
    }

    private mutating func appendHouse(address: String, point: GeoPoint, use: HouseUse, isCommunity: Bool,
                                      context: PopulationGridContext, dice: inout PopulationDice) {
        let floors: Int
        switch use {
        case .residential, .mixed: floors = isCommunity ? dice.pick([2, 3, 3, 4, 4, 5, 6, 7]) : dice.pick([1, 2, 2, 2, 3, 3])
        case .shop: floors = dice.pick([1, 1, 2, 3])
        case .factory: floors = dice.pick([1, 1, 2])
        case .publicBuilding: floors = dice.int(2...5)
        }
        houses.append(HouseRecord(id: "", address: address, point: point, use: use, ownerName: nil, ownerPersonID: nil,
                                  floors: floors, gridCode: context.grid.code, gridPath: context.grid.path))
    }
}
