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
                    if trySwap(a, b, owner: &owner, locked: locked) { improved = true }
                }
            }
            if !improved { break }
        }
        return parts.indices.map { i in owner.indices.filter { owner[$0] == i } }
    }

    /// The number of sides between cells of different parts (or a part and the outside): lower
    /// means rounder parts.
    func totalCut(_ parts: [[Int]]) -> Int {
        var owner = Array(repeating: -1, count: lattice.centers.count)
        for (i, part) in parts.enumerated() { for c in part { owner[c] = i } }
        return parts.joined().reduce(0) { sum, c in
            sum + lattice.neighbors[c].filter { owner[$0] != owner[c] }.count
        }
    }

    /// Tries the most promising cells of `a` bordering `b` against those of `b` bordering `a`.
    private func trySwap(_ a: Int, _ b: Int, owner: inout [Int], locked: Set<Int>) -> Bool {
        let fromA = candidates(leaving: a, toward: b, owner: owner, locked: locked)
        let fromB = candidates(leaving: b, toward: a, owner: owner, locked: locked)
        for c in fromA.prefix(8) {
            for d in fromB.prefix(8) {
                let before = cut(around: [c, d], owner: owner)
                owner[c] = b
                owner[d] = a
                if cut(around: [c, d], owner: owner) < before && isSound(a, owner: owner) && isSound(b, owner: owner) {
                    return true
                }
                owner[c] = a
                owner[d] = b
            }
        }
        return false
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

    /// The part is one piece and everything else is one piece (no holes).
    private func isSound(_ part: Int, owner: [Int]) -> Bool {
        let inside = owner.map { $0 == part }
        guard let start = inside.firstIndex(of: true) else { return false }
        return reach(from: start, within: inside) == inside.lazy.filter { $0 }.count
            && CountyBlob.isHoleFree(inside, lattice: lattice)
    }

    private func reach(from start: Int, within inside: [Bool]) -> Int {
        var seen = inside.map { _ in false }
        var stack = [start]
        seen[start] = true
        var count = 0
        while let c = stack.popLast() {
            count += 1
            for n in lattice.neighbors[c] where inside[n] && !seen[n] {
                seen[n] = true
                stack.append(n)
            }
        }
        return count
    }
}
