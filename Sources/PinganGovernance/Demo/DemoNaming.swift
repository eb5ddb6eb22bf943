import PinganKernel

/// Chinese names for generated areas, villages and communities.
enum DemoNaming {
    /// 东/西/南/北/中 for each area, chosen so each label points the way its area lies from the
    /// town's middle (best total agreement over all distinct assignments).
    static func directionLabels(offsets: [(x: Double, y: Double)]) -> [String] {
        let labels: [(name: String, x: Double, y: Double)] = [("东", 1, 0), ("西", -1, 0), ("南", 0, -1), ("北", 0, 1), ("中", 0, 0)]
        let scale = offsets.map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }.max() ?? 1
        let unit = offsets.map { scale > 0 ? (x: $0.x / scale, y: $0.y / scale) : (x: 0.0, y: 0.0) }
        func score(_ label: Int, _ d: (x: Double, y: Double)) -> Double {
            let l = labels[label]
            return l.name == "中" ? 0.9 * (1 - (d.x * d.x + d.y * d.y).squareRoot()) : l.x * d.x + l.y * d.y
        }
        var best: (score: Double, pick: [Int])?
        func search(_ pick: [Int], _ total: Double) {
            if pick.count == unit.count {
                if total > (best?.score ?? -.infinity) { best = (total, pick) }
                return
            }
            for l in labels.indices where !pick.contains(l) {
                search(pick + [l], total + score(l, unit[pick.count]))
            }
        }
        search([], 0)
        return (best?.pick ?? Array(offsets.indices)).map { labels[$0 % labels.count].name }
    }

    /// Draws names of the form 石塘 / 王家冲 until one is not in `used`; records it there.
    static func villageName(used: inout Set<String>, rng: inout SeededGenerator) -> String {
        while true {
            let suffix = LukouGazetteer.villageSuffixes.randomElement(using: &rng) ?? "塘"
            let name = Bool.random(using: &rng)
                ? String(LukouGazetteer.villagePrefixes.randomElement(using: &rng) ?? "石") + String(suffix) + "村"
                : String(LukouGazetteer.surnames.randomElement(using: &rng) ?? "王") + "家" + String(suffix) + "村"
            if used.insert(name).inserted { return name }
        }
    }

    /// A community name: the town's own for the first, then unused ones from the list.
    static func communityName(town: LukouGazetteer.Town, ordinal: Int, used: inout Set<String>,
                              rng: inout SeededGenerator) -> String {
        if ordinal == 0, used.insert(town.stem + "社区").inserted { return town.stem + "社区" }
        let pool = LukouGazetteer.communityNames.map { $0 + "社区" }.filter { !used.contains($0) }
        let name = pool.randomElement(using: &rng) ?? "\(town.stem)第\(ordinal + 1)社区"
        used.insert(name)
        return name
    }
}
