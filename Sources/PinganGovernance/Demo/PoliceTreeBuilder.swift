import PinganKernel

/// The police layer over the same ground: 分局 → 派出所 (one per town) → 警务网格 of one or two
/// adjacent unit cells. Codes: see `DemoCountyLayout`.
struct PoliceTreeBuilder {
    let lattice: HexLattice

    func specs(county: [Int], towns: [DemoCountyBuilder.TownCells], rng: inout SeededGenerator) -> [DemoGridSpec] {
        let bureau = LukouGazetteer.districtCode
        var specs = [spec(bureau, LukouGazetteer.policeBureauName, level: 1, parent: nil, cells: county)]
        for (i, entry) in towns.enumerated() {
            let station = bureau + "5" + paddedCode(i + 1, digits: 2)
            let stationName = entry.town.stem + "派出所"
            specs.append(spec(station, stationName, level: 2, parent: bureau, cells: entry.cells))
            for (g, cells) in pairUp(entry.cells, rng: &rng).enumerated() {
                specs.append(spec(station + paddedCode(g + 1, digits: 3), "\(stationName)第\(g + 1)警务网格",
                                  level: 3, parent: station, cells: cells))
            }
        }
        return specs.sorted { $0.level != $1.level ? $0.level < $1.level : $0.code < $1.code }
    }

    /// Groups a town's cells into police grids: exactly 3/8 of its cell count as pairs of
    /// neighbours (so every seed gives the same number of police grids), the rest alone. Cells
    /// are visited in a seeded random order so pairs spread over the town; grids are numbered
    /// north to south.
    private func pairUp(_ cells: [Int], rng: inout SeededGenerator) -> [[Int]] {
        let wanted = cells.count * 3 / 8
        var groups: [[Int]] = []
        for _ in 0..<20 {
            var free = Set(cells)
            var pairs = 0
            groups = []
            for cell in cells.shuffled(using: &rng) where free.contains(cell) {
                free.remove(cell)
                let partners = lattice.neighbors[cell].filter { free.contains($0) }
                if pairs < wanted, let partner = partners.randomElement(using: &rng) {
                    free.remove(partner)
                    pairs += 1
                    groups.append([cell, partner].sorted())
                } else {
                    groups.append([cell])
                }
            }
            if pairs == wanted { break }
        }
        return groups.sorted {
            let a = lattice.centroid($0), b = lattice.centroid($1)
            return a.y != b.y ? a.y > b.y : a.x < b.x
        }
    }

    private func spec(_ code: String, _ name: String, level: Int, parent: String?, cells: [Int]) -> DemoGridSpec {
        DemoGridSpec(layer: "police", code: code, name: name, level: level, parentCode: parent,
                     boundary: lattice.shape(of: cells))
    }
}
