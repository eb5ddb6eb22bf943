/// Splits a region into parts of exact sizes around given target points: a size-weighted
/// Voronoi assignment (each cell to the target nearest in distance² / size), stray fragments
/// handed to their neighbours, then cells passed along chains of neighbouring parts from parts
/// that are too big to parts that are too small. Every move keeps both parts connected and
/// hole-free. Gives rounder parts than peeling when the targets are spread well; returns nil
/// when it cannot balance, and the caller falls back to peeling.
struct BalancedSplitter {
    let lattice: HexLattice

    func split(_ region: [Int], targets: [(x: Double, y: Double)], sizes: [Int], anchors: [Int]) -> [[Int]]? {
        let soundness = PartSoundness(lattice: lattice)
        var owner = Array(repeating: -1, count: lattice.centers.count)
        for c in region {
            let m = lattice.centerMeters(c)
            let cost = { (t: Int) -> Double in
                let d = planarDistance(m, targets[t])
                return d * d / Double(sizes[t])
            }
            owner[c] = sizes.indices.min { cost($0) != cost($1) ? cost($0) < cost($1) : $0 < $1 } ?? 0
        }
        for (t, a) in anchors.enumerated() { owner[a] = t }
        keepAnchoredPieces(&owner, anchors: anchors)
        absorbStrays(&owner, region: region)
        var locked = Array(repeating: false, count: owner.count)
        for a in anchors { locked[a] = true }
        for _ in 0..<(region.count * 2) {
            let counts = sizes.indices.map { t in owner.lazy.filter { $0 == t }.count }
            guard let over = sizes.indices.filter({ counts[$0] > sizes[$0] }).max(by: { counts[$0] - sizes[$0] < counts[$1] - sizes[$1] }) else {
                break
            }
            guard let path = pathToSmaller(from: over, owner: owner, counts: counts, sizes: sizes),
                  pass(along: path, owner: &owner, locked: locked, soundness: soundness) else { return nil }
        }
        let parts = sizes.indices.map { t in owner.indices.filter { owner[$0] == t } }
        guard zip(parts, sizes).allSatisfy({ $0.count == $1 }),
              sizes.indices.allSatisfy({ soundness.isSound($0, owner: owner) }) else { return nil }
        return parts
    }

    /// Keeps, for each part, only the piece holding its anchor; other pieces become unassigned.
    private func keepAnchoredPieces(_ owner: inout [Int], anchors: [Int]) {
        var keep = Array(repeating: false, count: owner.count)
        for (t, a) in anchors.enumerated() {
            var stack = [a]
            keep[a] = true
            while let c = stack.popLast() {
                for n in lattice.neighbors[c] where owner[n] == t && !keep[n] {
                    keep[n] = true
                    stack.append(n)
                }
            }
        }
        for c in owner.indices where owner[c] >= 0 && !keep[c] { owner[c] = -2 }
    }

    /// Gives each unassigned region cell to the neighbouring part it touches most.
    private func absorbStrays(_ owner: inout [Int], region: [Int]) {
        var changed = true
        while changed {
            changed = false
            for c in region where owner[c] == -2 {
                let around = lattice.neighbors[c].map { owner[$0] }.filter { $0 >= 0 }
                guard let best = Set(around).min(by: { a, b in
                    let ca = around.filter { $0 == a }.count, cb = around.filter { $0 == b }.count
                    return ca != cb ? ca > cb : a < b
                }) else { continue }
                owner[c] = best
                changed = true
            }
        }
    }

    /// The shortest chain of touching parts from `from` to one that is below its size.
    private func pathToSmaller(from: Int, owner: [Int], counts: [Int], sizes: [Int]) -> [Int]? {
        var touching = Array(repeating: Set<Int>(), count: sizes.count)
        for c in owner.indices where owner[c] >= 0 {
            for n in lattice.neighbors[c] where owner[n] >= 0 && owner[n] != owner[c] { touching[owner[c]].insert(owner[n]) }
        }
        var previous = Array(repeating: -1, count: sizes.count)
        var queue = [from]
        previous[from] = from
        var head = 0
        while head < queue.count {
            let p = queue[head]
            head += 1
            if counts[p] < sizes[p] {
                var path = [p]
                while path[0] != from { path.insert(previous[path[0]], at: 0) }
                return path
            }
            for q in touching[p].sorted() where previous[q] < 0 {
                previous[q] = p
                queue.append(q)
            }
        }
        return nil
    }

    /// Moves one cell across each link of the chain, choosing cells that stick out most.
    private func pass(along path: [Int], owner: inout [Int], locked: [Bool], soundness: PartSoundness) -> Bool {
        for (giver, taker) in zip(path, path.dropFirst()) {
            let choices = owner.indices.filter { c in
                owner[c] == giver && !locked[c] && lattice.neighbors[c].contains { owner[$0] == taker }
            }.sorted { a, b in
                let ga = lattice.neighbors[a].filter { owner[$0] == taker }.count - lattice.neighbors[a].filter { owner[$0] == giver }.count
                let gb = lattice.neighbors[b].filter { owner[$0] == taker }.count - lattice.neighbors[b].filter { owner[$0] == giver }.count
                return ga != gb ? ga > gb : a < b
            }
            // Try each choice in place; the first that leaves both parts sound stays moved.
            let movedOne = choices.contains { c in
                owner[c] = taker
                if soundness.isSound(giver, owner: owner) && soundness.isSound(taker, owner: owner) { return true }
                owner[c] = giver
                return false
            }
            guard movedOne else { return false }
        }
        return true
    }
}

/// Checks that a part of a partition is one piece with no holes.
struct PartSoundness {
    let lattice: HexLattice

    func isSound(_ part: Int, owner: [Int]) -> Bool {
        let inside = owner.map { $0 == part }
        guard let start = inside.firstIndex(of: true) else { return false }
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
        return count == inside.lazy.filter { $0 }.count && CountyBlob.isHoleFree(inside, lattice: lattice)
    }
}
