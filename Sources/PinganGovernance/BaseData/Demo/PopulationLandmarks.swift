import PinganKernel

/// Named places (地): each town's government, schools, health centre, market, bus station and
/// square; each village's committee, clinic and sometimes a school, bridge, temple or scenic
/// spot. Not scaled down for `.small`: they are features of the ground, not densities.
extension PopulationBuilder {
    mutating func addLandmarks(dice: inout PopulationDice) {
        var seen = Set<String>()
        var townOrder: [String] = []
        var townGrids: [String: [Int]] = [:]
        var villageOrder: [String] = []
        var villageGrids: [String: [Int]] = [:]
        for (i, context) in contexts.enumerated() {
            if townGrids[context.town] == nil { townOrder.append(context.town) }
            townGrids[context.town, default: []].append(i)
            if villageGrids[context.villageKey] == nil { villageOrder.append(context.villageKey) }
            villageGrids[context.villageKey, default: []].append(i)
        }
        for town in townOrder {
            let grids = townGrids[town] ?? []
            // The town seat: its first community, else its first grid.
            guard let seat = grids.first(where: { contexts[$0].grid.isCommunity }) ?? grids.first else { continue }
            let stem = PopulationNaming.stem(town)
            var list: [(String, String)] = [(town + "人民政府", "政府机关"), (town + "中心小学", "学校"), (town + "中学", "学校"),
                                            (town + "卫生院", "医院"), (stem + "农贸市场", "市场"), (stem + "文化广场", "广场"),
                                            (stem + "派出所", "政府机关")]
            if grids.contains(where: { contexts[$0].grid.isCommunity }) { list.append((stem + "汽车站", "车站")) }
            list += Self.knownPlaces[stem] ?? []
            // Town services stand in the seat's communities (or the seat grid).
            let urban = grids.filter { contexts[$0].grid.isCommunity }
            for (name, kind) in list {
                addPlace(name, kind: kind, gridIndex: urban.isEmpty ? seat : urban[dice.below(urban.count)], seen: &seen, dice: &dice)
            }
        }
        for key in villageOrder {
            let grids = villageGrids[key] ?? []
            guard let first = grids.first else { continue }
            let context = contexts[first]
            let stem = PopulationNaming.stem(context.village)
            var list: [(String, String)] = [(context.village + (context.grid.isCommunity ? "居民委员会" : "村民委员会"), "政府机关")]
            if dice.chance(0.7) { list.append((context.village + "卫生室", "医院")) }
            if dice.chance(context.grid.isCommunity ? 0.5 : 0.3) { list.append((stem + "小学", "学校")) }
            if context.grid.isCommunity, dice.chance(0.6) { list.append((stem + "幼儿园", "学校")) }
            if dice.chance(0.2) { list.append((stem + dice.pick(["桥", "大桥", "石拱桥"]), "桥梁")) }
            if dice.chance(0.1) { list.append((stem + dice.pick(["观音庙", "土地庙", "关帝庙", "福寿寺", "南岳庙"]), "寺庙")) }
            if dice.chance(0.06) { list.append((stem + dice.pick(["森林公园", "水库", "古樟园", "湿地公园", "古民居"]), "景区")) }
            for (name, kind) in list { addPlace(name, kind: kind, gridIndex: grids[dice.below(grids.count)], seen: &seen, dice: &dice) }
        }
    }

    /// Real landmarks of Lukou's towns, added when the town is among the grids.
    static let knownPlaces: [String: [(String, String)]] = [
        "渌口": [("渌口古镇", "景区"), ("渌口湘江风光带", "景区"), ("渌口湘江大桥", "桥梁"), ("渌口火车站", "车站"),
                ("渌口区人民医院", "医院"), ("渌口区第一中学", "学校"), ("渌口区政务服务中心", "政府机关")],
        "朱亭": [("朱亭古镇", "景区"), ("空灵岸", "景区"), ("朱亭湘江大桥", "桥梁")],
        "淦田": [("淦田古镇", "景区"), ("淦田码头", "车站")],
        "南洲": [("南洲湘江大桥", "桥梁")],
        "龙船": [("龙船水库", "景区")],
    ]

    private mutating func addPlace(_ name: String, kind: String, gridIndex: Int, seen: inout Set<String>, dice: inout PopulationDice) {
        guard seen.insert(name).inserted else { return }
        let context = contexts[gridIndex]
        let point = context.site.point(near: context.site.label, meters: 400, &dice)
        places.append(PlaceRecord(id: PopulationText.code("pl-", places.count + 1), name: name, kind: kind, point: point,
                                  gridCode: context.grid.code, gridPath: context.grid.path))
    }
}
