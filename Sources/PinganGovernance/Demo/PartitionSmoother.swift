/// Evens out a partition after carving: swaps one cell of a part for one cell of a neighbouring
/// part whenever that shortens the total boundary, keeping both parts connected and hole-free.
/// Sizes never change, so the counts the carver produced stay exact. Peeling leaves ragged
/// strips between parts; this rounds them off.
struct PartitionSmoother {
    let lattice: HexLattice

    func smooth(_ parts: [[Int]], locked: Set<Int>, passes: Int = 60) -> [[Int]] {
        var owner = Array(repeating: -1, count: lattice.centers.count)
        for (i, part) in parts.enumerated() { for c in part { owner[c] = i } }
        for _ in 0..<passes {
            var improved = false
            for a in parts.indices {
                for b in parts.indices where a != b {
                    if tryCycle([a, b], owner: &owner, locked: locked) { improved = true }
                }
            }
            // A strip between two parts can often only go round three: A gives to B, B to C, C to A.
            if !improved && parts.count > 2 {
                for a in parts.indices {
                    for b in parts.indices where b != a {
                        for c in parts.indices where c != a && c != b {
                            if tryCycle([a, b, c], owner: &owner, locked: locked) { improved = true }
                        }
                    }
                }
            }
            if !improved { break }
        }
        return parts.indices.map { i in owner.indices.filter { owner[$0] == i } }
    }

    /// How ragged a partition is: for each part its boundary length squared over its size
    /// (a scale-free roundness measure), summed; lower means rounder parts and no strips.
    func raggedness(_ parts: [[Int]]) -> Double {
        var owner = Array(repeating: -1, count: lattice.centers.count)
        for (i, part) in parts.enumerated() { for c in part { owner[c] = i } }
        return parts.reduce(0.0) { sum, part in
            let boundary = part.reduce(0) { total, c in total + lattice.neighbors[c].filter { owner[$0] != owner[c] }.count }
            return sum + Double(boundary * boundary) / Double(max(part.count, 1))
        }
    }

    /// Moves one cell from each part of the cycle to the next (the last to the first) when that
    /// shortens the boundary; tries the most promising cells of each part first.
    private func tryCycle(_ cycle: [Int], owner: inout [Int], locked: Set<Int>) -> Bool {
        let n = cycle.count
        let lists = (0..<n).map { k in
            Array(candidates(leaving: cycle[k], toward: cycle[(k + 1) % n], owner: owner, locked: locked).prefix(n == 2 ? 8 : 4))
        }
        guard lists.allSatisfy({ !$0.isEmpty }) else { return false }
        var pick = Array(repeating: 0, count: n)
        while true {
            let cells = (0..<n).map { lists[$0][pick[$0]] }
            if Set(cells).count == n {
                let before = cut(around: cells, owner: owner)
                for k in 0..<n { owner[cells[k]] = cycle[(k + 1) % n] }
                if cut(around: cells, owner: owner) < before && cycle.allSatisfy({ PartSoundness(lattice: lattice).isSound($0, owner: owner) }) {
                    return true
                }
                for k in 0..<n { owner[cells[k]] = cycle[k] }
            }
            // Next combination, odometer style.
            var k = 0
            while k < n {
                pick[k] += 1
                if pick[k] < lists[k].count { break }
                pick[k] = 0
                k += 1
            }
            if k == n { return false }
        }
    }

    /// Cells of `from` touching `to`, those with the most neighbours in `to` first.
    private func candidates(leaving from: Int, toward to: Int, owner: [Int], locked: Set<Int>) -> [Int] {
        var scored: [(cell: Int, gain: Int)] = []
        for c in owner.indices where owner[c] == from && !locked.contains(c) {
            let inTo = lattice.neighbors[c].filter { owner[$0] == to }.count
            guard inTo > 0 else { continue }
            scored.append((c, inTo - lattice.neighbors[c].filter { owner[$0] == from }.count))
        }
        return scored.sorted { $0.gain != $1.gain ? $0.gain > $1.gain : $0.cell < $1.cell }.map(\.cell)
    }

    /// Boundary edges touching the given cells, each counted once.
    private func cut(around cells: [Int], owner: [Int]) -> Int {
        var count = 0
        for c in cells {
            for n in lattice.neighbors[c] where owner[n] != owner[c] {
                // An edge between two of the given cells is seen from both ends: count it once.
                if cells.contains(n) && n < c { continue }
                count += 1
            }
        }
        return count
    }
}
