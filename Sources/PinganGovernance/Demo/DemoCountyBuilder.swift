import Foundation
import PinganKernel

/// One attempt at building the demo county from a seed; `build()` returns nil when a random
/// draw leads nowhere (a blob with a hole, a part that cannot be grown) and the caller retries.
struct DemoCountyBuilder {
    /// Hexagon side giving 260 cells ≈ 1,050 km², the real district's area.
    static let side = 1_247.0
    static let unitGridCount = 260

    let seed: UInt64

    /// A town's cells split into areas, each split into villages (lists of cells).
    struct TownCells {
        var town: LukouGazetteer.Town
        var cells: [Int]
        var areas: [[[Int]]]
    }

    func build() -> DemoCountyLayout? {
        var rng = SeededGenerator(seed: seed)
        let lattice = HexLattice(rowRadius: 18, colRadius: 16, side: Self.side, origin: LukouGazetteer.blobCenter,
                                 rotation: Double.random(in: -0.25...0.25, using: &rng), seed: rng.next())
        let seatPoint = GeoPoint(latitude: LukouGazetteer.seat.latitude, longitude: LukouGazetteer.seat.longitude)
        guard let seatCell = CountyBlob.cell(containing: seatPoint, in: lattice) else { return nil }
        var blobRng = rng.fork("blob")
        guard let county = Self.firstSuccess(attempts: 40, {
            CountyBlob.cells(in: lattice, count: Self.unitGridCount, seatCell: seatCell, rng: &blobRng)
        }) else { return nil }
        var carveRng = rng.fork("carve")
        guard let towns = splitTowns(county, seatCell: seatCell, lattice: lattice, rng: &carveRng) else { return nil }
        var nameRng = rng.fork("names")
        var policeRng = rng.fork("police")
        var grids = GovernanceTreeBuilder(lattice: lattice).specs(county: county, towns: towns, rng: &nameRng)
        grids += PoliceTreeBuilder(lattice: lattice).specs(county: county, towns: towns, rng: &policeRng)
        guard grids.allSatisfy({ !$0.boundary.polygons.isEmpty }),
              let district = grids.first(where: { $0.level == 1 }) else { return nil }
        return DemoCountyLayout(grids: grids, center: district.boundary.labelPoint)
    }

    /// Splits the county into the eight towns, then each town into areas and villages.
    private func splitTowns(_ county: [Int], seatCell: Int, lattice: HexLattice,
                            rng: inout SeededGenerator) -> [TownCells]? {
        let towns = LukouGazetteer.towns
        let targets = spreadTargets(county: county, lattice: lattice)
        let anchors = anchorCells(county: county, seatCell: seatCell, targets: targets, lattice: lattice)
        let smoother = PartitionSmoother(lattice: lattice)
        let splitter = BalancedSplitter(lattice: lattice)
        // A few balanced splits around slightly moved targets; the roundest wins.
        let balanced = Self.bestOf(attempts: 4, tries: 8, smoother: smoother) { () -> [[Int]]? in
            let moved = targets.map { t in
                (x: t.x + Double.random(in: -0.5...0.5, using: &rng) * lattice.side,
                 y: t.y + Double.random(in: -0.5...0.5, using: &rng) * lattice.side)
            }
            return splitter.split(county, targets: moved, sizes: towns.map(\.unitGrids), anchors: anchors)
                .map { smoother.smooth($0, locked: Set(anchors)) }
        }
        guard let best = balanced ?? peelTowns(county, seatCell: seatCell, targets: targets, anchors: anchors,
                                                lattice: lattice, rng: &rng) else { return nil }
        let carver = RegionCarver(lattice: lattice)
        var result: [TownCells] = []
        for (town, cells) in zip(towns, best) {
            guard let areas = splitAreas(cells, town: town, carver: carver, rng: &rng) else { return nil }
            result.append(TownCells(town: town, cells: cells, areas: areas))
        }
        return result
    }

    /// The fallback split: peel the seat town off the edge nearest the seat, then the others
    /// in turn around the county, the most central last.
    private func peelTowns(_ county: [Int], seatCell: Int, targets: [(x: Double, y: Double)], anchors: [Int],
                           lattice: HexLattice, rng: inout SeededGenerator) -> [[Int]]? {
        let towns = LukouGazetteer.towns
        let mid = lattice.centroid(county)
        let central = towns.indices.min { planarDistance(targets[$0], mid) < planarDistance(targets[$1], mid) } ?? 0
        let angle = { (t: Int) -> Double in
            let a = atan2(targets[t].y - mid.y, targets[t].x - mid.x) - atan2(targets[0].y - mid.y, targets[0].x - mid.x)
            return a < 0 ? a + 2 * .pi : a
        }
        let order = [0] + towns.indices.filter { $0 != 0 && $0 != central }.sorted { angle($0) < angle($1) } + [central]
        let specs = order.map { t in
            RegionCarver.PartSpec(size: towns[t].unitGrids, target: targets[t], anchorCell: anchors[t])
        }
        let carver = RegionCarver(lattice: lattice)
        let smoother = PartitionSmoother(lattice: lattice)
        return Self.bestOf(attempts: 6, tries: 30, smoother: smoother) { () -> [[Int]]? in
            // The seat must end up in the seat town, which is carved first.
            guard let parts = carver.partition(county, specs: specs, rng: &rng), parts[0].contains(seatCell) else { return nil }
            var byTown = Array(repeating: [Int](), count: towns.count)
            for (slot, t) in order.enumerated() { byTown[t] = parts[slot] }
            return smoother.smooth(byTown, locked: Set(anchors))
        }
    }

    /// Splits a town into its areas, each into villages of 1–4 unit grids.
    private func splitAreas(_ cells: [Int], town: LukouGazetteer.Town, carver: RegionCarver,
                            rng: inout SeededGenerator) -> [[[Int]]]? {
        let chunks = Self.villageSizes(town: town)
        let areaSpecs = chunks.map { RegionCarver.PartSpec(size: $0.reduce(0, +), target: nil, anchorCell: nil) }
        let smoother = PartitionSmoother(lattice: carver.lattice)
        guard let areas = Self.bestOf(attempts: 4, tries: 30, smoother: smoother, {
            carver.partition(cells, specs: areaSpecs, rng: &rng).map { smoother.smooth($0, locked: []) }
        }) else { return nil }
        var result: [[[Int]]] = []
        for (area, sizes) in zip(areas, chunks) {
            let specs = sizes.map { RegionCarver.PartSpec(size: $0, target: nil, anchorCell: nil) }
            guard let villages = Self.firstSuccess(attempts: 30, { carver.partition(area, specs: specs, rng: &rng) })
            else { return nil }
            result.append(villages)
        }
        return result
    }

    /// Unit grids per village (1–4, summing to the town's count), grouped into the town's areas.
    /// Drawn from a fixed generator so every seed gives the same counts.
    static func villageSizes(town: LukouGazetteer.Town) -> [[Int]] {
        var rng = SeededGenerator(seed: 0x4C75_6B6F_7500_0000).fork(town.code)
        var sizes = Array(repeating: 1, count: town.villages)
        var extra = town.unitGrids - town.villages
        while extra > 0 {
            let i = Int.random(in: 0..<sizes.count, using: &rng)
            if sizes[i] < 4 {
                sizes[i] += 1
                extra -= 1
            }
        }
        // Consecutive runs of villages with about the same number of grids form the areas.
        var chunks: [[Int]] = []
        var current: [Int] = []
        var done = 0
        for (i, size) in sizes.enumerated() {
            current.append(size)
            done += size
            let areasLeft = town.areas - chunks.count
            let villagesLeft = sizes.count - i - 1
            let due = Double(town.unitGrids) * Double(chunks.count + 1) / Double(town.areas)
            if areasLeft > 1 && (Double(done) >= due || villagesLeft < areasLeft) {
                chunks.append(current)
                current = []
            }
        }
        chunks.append(current)
        return chunks
    }

    /// Where each town should lie in this county: the real seats, moved a few rounds of a
    /// size-weighted Lloyd iteration so the towns spread over the whole generated outline
    /// (the seat town stays at the district seat).
    private func spreadTargets(county: [Int], lattice: HexLattice) -> [(x: Double, y: Double)] {
        let towns = LukouGazetteer.towns
        var targets = towns.map { target($0, lattice) }
        let weight = towns.map { Double($0.unitGrids) }
        for _ in 0..<10 {
            var sums = Array(repeating: (x: 0.0, y: 0.0, n: 0.0), count: towns.count)
            for c in county {
                let m = lattice.centerMeters(c)
                let cost = { (t: Int) -> Double in
                    let d = planarDistance(m, targets[t])
                    return d * d / weight[t]
                }
                guard let t = towns.indices.min(by: { cost($0) < cost($1) }) else { continue }
                sums[t] = (sums[t].x + m.x, sums[t].y + m.y, sums[t].n + 1)
            }
            for t in towns.indices.dropFirst() where sums[t].n > 0 {
                targets[t] = (sums[t].x / sums[t].n, sums[t].y / sums[t].n)
            }
        }
        return targets
    }

    /// A distinct county cell for each town, nearest its target; the seat town gets the seat's cell.
    private func anchorCells(county: [Int], seatCell: Int, targets: [(x: Double, y: Double)],
                             lattice: HexLattice) -> [Int] {
        var used: Set<Int> = [seatCell]
        var anchors = [seatCell]
        for t in targets.dropFirst() {
            let cell = county.filter { !used.contains($0) }
                .min { planarDistance(lattice.centerMeters($0), t) != planarDistance(lattice.centerMeters($1), t)
                    ? planarDistance(lattice.centerMeters($0), t) < planarDistance(lattice.centerMeters($1), t) : $0 < $1 }
            anchors.append(cell ?? seatCell)
            used.insert(cell ?? seatCell)
        }
        return anchors
    }

    private func target(_ town: LukouGazetteer.Town, _ lattice: HexLattice) -> (x: Double, y: Double) {
        lattice.meters(latitude: town.latitude, longitude: town.longitude)
    }

    /// The first non-nil result of up to `attempts` calls (each call draws afresh from a generator).
    static func firstSuccess<T>(attempts: Int, _ body: () -> T?) -> T? {
        for _ in 0..<attempts {
            if let value = body() { return value }
        }
        return nil
    }

    /// Of up to `tries` calls, the first `attempts` that succeed are compared and the partition with
    /// the roundest parts is kept.
    static func bestOf(attempts: Int, tries: Int, smoother: PartitionSmoother, _ body: () -> [[Int]]?) -> [[Int]]? {
        var best: (score: Double, parts: [[Int]])?
        var found = 0
        for _ in 0..<tries where found < attempts {
            guard let parts = body() else { continue }
            found += 1
            let score = smoother.raggedness(parts)
            if score < (best?.score ?? .infinity) { best = (score, parts) }
        }
        return best?.parts
    }
}

/// Straight-line distance between two points in the lattice's metre frame.
func planarDistance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}
