import PinganKernel

/// Turns the carved cells into the governance layer: 区 → 镇 → 片 → 村(社区) → 单元网格, with
/// codes, Chinese names and outlines traced from the cells.
struct GovernanceTreeBuilder {
    let lattice: HexLattice

    func specs(county: [Int], towns: [DemoCountyBuilder.TownCells], rng: inout SeededGenerator) -> [DemoGridSpec] {
        let district = LukouGazetteer.districtCode
        var specs = [spec(district, LukouGazetteer.districtName, level: 1, parent: nil, cells: county)]
        var used = Set(LukouGazetteer.towns.map(\.name))
        for entry in towns {
            let town = entry.town
            specs.append(spec(town.code, town.name, level: 2, parent: district, cells: entry.cells))
            // Areas numbered north to south, named by where they lie in the town.
            let areas = entry.areas.sorted { northToSouth(Array($0.joined()), Array($1.joined())) }
            let middle = lattice.centroid(entry.cells)
            let labels = DemoNaming.directionLabels(offsets: areas.map { area in
                let c = lattice.centroid(Array(area.joined()))
                return (c.x - middle.x, c.y - middle.y)
            })
            var villages: [(area: String, cells: [Int])] = []
            for (i, area) in areas.enumerated() {
                let code = town.code + paddedCode(i + 1, digits: 2)
                specs.append(spec(code, town.name + labels[i] + "片", level: 3, parent: town.code, cells: Array(area.joined())))
                villages += area.sorted(by: northToSouth).map { (code, $0) }
            }
            // The villages nearest the town seat are its communities.
            let seat = lattice.meters(latitude: town.latitude, longitude: town.longitude)
            let bySeat = villages.indices.sorted {
                let a = planarDistance(lattice.centroid(villages[$0].cells), seat), b = planarDistance(lattice.centroid(villages[$1].cells), seat)
                return a != b ? a < b : $0 < $1
            }
            let communities = Set(bySeat.prefix(town.communities))
            var numbered: [(code: String, name: String, area: String, cells: [Int])] = []
            for (ordinal, v) in bySeat.prefix(town.communities).enumerated() {
                let name = DemoNaming.communityName(town: town, ordinal: ordinal, used: &used, rng: &rng)
                numbered.append((town.code + paddedCode(ordinal + 1, digits: 3), name, villages[v].area, villages[v].cells))
            }
            for (ordinal, v) in villages.indices.filter({ !communities.contains($0) }).enumerated() {
                let name = DemoNaming.villageName(used: &used, rng: &rng)
                numbered.append((town.code + paddedCode(201 + ordinal, digits: 3), name, villages[v].area, villages[v].cells))
            }
            for village in numbered {
                specs.append(spec(village.code, village.name, level: 4, parent: village.area, cells: village.cells))
                for (g, cell) in village.cells.sorted(by: { northToSouth([$0], [$1]) }).enumerated() {
                    specs.append(spec(village.code + paddedCode(g + 1, digits: 3), "\(village.name)第\(g + 1)网格",
                                      level: 5, parent: village.code, cells: [cell]))
                }
            }
        }
        return specs.sorted { $0.level != $1.level ? $0.level < $1.level : $0.code < $1.code }
    }

    private func spec(_ code: String, _ name: String, level: Int, parent: String?, cells: [Int]) -> DemoGridSpec {
        DemoGridSpec(layer: "governance", code: code, name: name, level: level, parentCode: parent,
                     boundary: lattice.shape(of: cells))
    }

    /// Orders cell sets north to south, then west to east, by their centroids.
    private func northToSouth(_ a: [Int], _ b: [Int]) -> Bool {
        let ca = lattice.centroid(a), cb = lattice.centroid(b)
        return ca.y != cb.y ? ca.y > cb.y : ca.x < cb.x
    }
}

/// `n` in decimal, left-padded with zeros to `digits` characters (code segments like "007").
func paddedCode(_ n: Int, digits: Int) -> String {
    let text = String(n)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

extension HexLattice {
    /// The traced outline of some cells as a one-polygon shape; empty when they are not one
    /// hole-free piece (the builder then rejects the attempt).
    func shape(of cells: [Int]) -> MultiPolygon {
        outline(of: cells).map { MultiPolygon(Polygon(outer: $0)) } ?? MultiPolygon(polygons: [])
    }

    /// Mean of the cells' undisturbed centres, in metres.
    func centroid(_ cells: [Int]) -> (x: Double, y: Double) {
        let sum = cells.reduce((x: 0.0, y: 0.0)) { acc, c in
            let m = centerMeters(c)
            return (acc.x + m.x, acc.y + m.y)
        }
        return (sum.x / Double(max(cells.count, 1)), sum.y / Double(max(cells.count, 1)))
    }
}
