import PinganKernel

/// Named points: town governments (渌口镇政府 at the district seat), the district's main
/// institutions, a school, clinic and market per town, a committee office per village or
/// community, and the bridges found by the road builder. Each carries its unit grid's code.
struct PlaceBuilder {
    typealias Place = DemoVectorLayers.Place

    let layout: DemoCountyLayout
    let graph: CellGraph
    let anchors: TownAnchors

    func build(bridges: [RoadNetworkBuilder.Bridge], rng: inout SeededGenerator) -> [Place] {
        var places: [Place] = []
        var taken = Set<Int>()
        func place(_ name: String, _ kind: DemoVectorLayers.PlaceKind, _ point: GeoPoint) {
            places.append(Place(name: name, kind: kind, point: point, gridCode: graph.cell(containing: point).map { graph.codes[$0] }))
        }
        /// A cell of the town near its centre not yet holding an institution; its centre is the spot.
        func spot(in town: TownAnchors.Town, rng: inout SeededGenerator) -> GeoPoint? {
            let options = graph.centers.indices.filter { graph.codes[$0].hasPrefix(town.code) && !taken.contains($0) }
                .sorted { distanceMeters(graph.centers[$0], town.point) < distanceMeters(graph.centers[$1], town.point) }
                .prefix(5)
            guard let cell = options.randomElement(using: &rng) else { return nil }
            taken.insert(cell)
            return graph.centers[cell]
        }
        for town in anchors.towns {
            let isSeat = town.code == "430212100"
            let suffix = town.name.hasSuffix("乡") ? "人民政府" : "政府"
            place(town.name + suffix, .government, isSeat ? anchors.seat : town.point)
            taken.insert(town.cell)
            let institutions: [(String, DemoVectorLayers.PlaceKind)] = isSeat
                ? [("渌口区人民政府", .government), ("渌口区人民医院", .hospital), ("渌口区第一中学", .school),
                   ("渌口镇中心小学", .school), ("渌口农贸市场", .market), ("渌口镇卫生院", .hospital)]
                : [("\(town.stem)中学", .school), ("\(town.stem)中心小学", .school),
                   ("\(town.name)卫生院", .hospital), ("\(town.stem)农贸市场", .market)]
            for (name, kind) in institutions {
                if let point = spot(in: town, rng: &rng) { place(name, kind, point) }
            }
        }
        for village in layout.grids where village.layer == "governance" && village.level == 4 {
            let office = village.name.hasSuffix("社区") ? "居委会" : "村委会"
            place(village.name + office, .committee, village.boundary.labelPoint)
        }
        for bridge in bridges { place(bridge.name, .bridge, bridge.point) }
        return places
    }
}
