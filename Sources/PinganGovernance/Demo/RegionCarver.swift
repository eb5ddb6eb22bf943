import PinganKernel

/// Splits a connected, hole-free set of lattice cells into connected, hole-free parts of exact
/// sizes by peeling one part at a time off the edge of what remains. A part is grown cell by cell
/// from a cell on that edge and only takes a cell when what remains stays connected and still
/// touches the outside; on a hexagonal lattice that keeps both the part and the rest free of holes.
struct RegionCarver {
    /// What one part should look like.
    struct PartSpec {
        var size: Int
        /// Where the part should lie (metres, lattice frame); nil peels from the far edge.
        var target: (x: Double, y: Double)?
        /// A cell kept for this part: no earlier part may take it.
        var anchorCell: Int?
    }

    let lattice: HexLattice

    /// The parts in `specs` order (the last is what remains), or nil when a part could not be
    /// grown from any of a few seeds; callers retry with a fresh generator.
    func partition(_ region: [Int], specs: [PartSpec], rng: inout SeededGenerator) -> [[Int]]? {
        guard specs.reduce(0, { $0 + $1.size }) == region.count, specs.allSatisfy({ $0.size > 0 }) else { return nil }
        var remaining = Array(repeating: false, count: lattice.centers.count)
        for cell in region { remaining[cell] = true }
        var reserved = remaining.map { _ in false }
        for spec in specs { if let a = spec.anchorCell { reserved[a] = true } }
        var parts: [[Int]] = []
        for spec in specs.dropLast() {
            if let a = spec.anchorCell { reserved[a] = false }
            guard let part = carve(spec, from: &remaining, reserved: reserved, rng: &rng) else { return nil }
            parts.append(part)
        }
        parts.append(remaining.indices.filter { remaining[$0] })
        return parts
    }

    private func carve(_ spec: PartSpec, from remaining: inout [Bool], reserved: [Bool],
                       rng: inout SeededGenerator) -> [Int]? {
        let before = remaining
        let cells = remaining.indices.filter { remaining[$0] }
        let edge = cells.filter { c in !reserved[c] && touchesOutside(c, of: before) }
        let target = spec.target ?? farthest(edge, from: lattice.centroid(cells))
        var ranked: [(cell: Int, score: Double)] = []
        for c in edge {
            let score: Double = distance(c, target) / lattice.side + Double.random(in: 0...0.8, using: &rng)
            ranked.append((c, score))
        }
        ranked.sort { $0.score != $1.score ? $0.score < $1.score : $0.cell < $1.cell }
        for (seed, _) in ranked.prefix(6) {
            remaining = before
            if let part = grow(from: seed, size: spec.size, target: target, remaining: &remaining,
                               before: before, reserved: reserved, rng: &rng) {
                return part
            }
        }
        remaining = before
        return nil
    }

    private func grow(from seed: Int, size: Int, target: (x: Double, y: Double), remaining: inout [Bool],
                      before: [Bool], reserved: [Bool], rng: inout SeededGenerator) -> [Int]? {
        var part: [Int] = []
        var inPart = remaining.map { _ in false }
        func take(_ c: Int) -> Bool {
            remaining[c] = false
            if restIsSound(remaining, before: before) { return true }
            remaining[c] = true
            return false
        }
        guard take(seed) else { return nil }
        part.append(seed)
        inPart[seed] = true
        while part.count < size {
            var candidates: [(cell: Int, score: Double)] = []
            var seen = Set<Int>()
            for p in part {
                for n in lattice.neighbors[p] where remaining[n] && !reserved[n] && seen.insert(n).inserted {
                    // Prefer cells that round the part off and that hug what is already taken,
                    // so no thin strips are left behind for later parts.
                    let hugging = lattice.neighbors[n].filter { inPart[$0] }.count
                    let walled = lattice.neighbors[n].filter { !before[$0] }.count + 6 - lattice.neighbors[n].count
                    let score = distance(n, target) / lattice.side - 0.8 * Double(hugging) - 0.6 * Double(walled)
                        + Double.random(in: 0...0.7, using: &rng)
                    candidates.append((n, score))
                }
            }
            candidates.sort { $0.score != $1.score ? $0.score < $1.score : $0.cell < $1.cell }
            guard let chosen = candidates.first(where: { take($0.cell) }) else { return nil }
            part.append(chosen.cell)
            inPart[chosen.cell] = true
        }
        return part.sorted()
    }

    /// What remains is connected and, unless empty, still borders the region's outside.
    private func restIsSound(_ remaining: [Bool], before: [Bool]) -> Bool {
        guard let start = remaining.firstIndex(of: true) else { return true }
        var seen = remaining.map { _ in false }
        var stack = [start]
        seen[start] = true
        var count = 0, bordersOutside = false
        while let c = stack.popLast() {
            count += 1
            if !bordersOutside && touchesOutside(c, of: before) { bordersOutside = true }
            for n in lattice.neighbors[c] where remaining[n] && !seen[n] {
                seen[n] = true
                stack.append(n)
            }
        }
        return bordersOutside && count == remaining.lazy.filter { $0 }.count
    }

    /// True when `c` has a side on the boundary of the set `inside`.
    private func touchesOutside(_ c: Int, of inside: [Bool]) -> Bool {
        lattice.neighbors[c].count < 6 || lattice.neighbors[c].contains { !inside[$0] }
    }

    private func farthest(_ cells: [Int], from p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let best = cells.max { distance($0, p) != distance($1, p) ? distance($0, p) < distance($1, p) : $0 > $1 }
        return best.map { lattice.centerMeters($0) } ?? p
    }

    private func distance(_ c: Int, _ p: (x: Double, y: Double)) -> Double {
        let m = lattice.centerMeters(c)
        return ((m.x - p.x) * (m.x - p.x) + (m.y - p.y) * (m.y - p.y)).squareRoot()
    }
}
