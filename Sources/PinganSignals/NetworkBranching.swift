// How a branch-and-bound node splits: a loop's cycle count, else an arterial's D interval around its restricted
// optimum (at the validity limits of placements still open), else one open node's placements. A node with
// nothing left to split is exact; its linear program's solution gives the offsets.

extension NetworkBranchAndBound.Search {
    /// Children of a node, or none when every choice is made (then the node's program is exact).
    func children(_ s: State) -> [(State, [Int])] {
        // A loop's count as soon as every arterial around it has its placements: then the relaxation couples
        // them, and its solution says which count to try first.
        var resolved = [Bool](repeating: true, count: arts.count)
        for a in arts.indices {
            for i in p.arterials[a].problem.nodes.indices where effective(s, a, i).count > 1 { resolved[a] = false; break }
        }
        if let c = loopChildren(s, ready: loopsFirst ? resolved.map { _ in true } : resolved) { return c }
        for a in order where !resolved[a] {
            let n = p.arterials[a].problem.nodes.count
            var breaks: [Double] = []
            var split: (node: Int, placements: [Int])? = nil
            for i in 0..<n {
                let eff = effective(s, a, i)
                guard eff.count > 1 else { continue }
                if split == nil { split = (i, eff) }
                for q in eff {
                    let pl = arts[a].placements[i][q]
                    for t in [pl.lo, pl.hi] where t > s.lo[a] + 1e-9 && t < s.hi[a] - 1e-9 { breaks.append(t) }
                }
            }
            guard let split else { continue }
            if !breaks.isEmpty {
                let d = s.dStar[a]
                let below = breaks.filter { $0 <= d + 1e-12 }.max() ?? s.lo[a]
                let above = breaks.filter { $0 > d + 1e-12 }.min() ?? s.hi[a]
                var intervals = [(below, above)]
                if below > s.lo[a] { intervals.append((s.lo[a], below)) }
                if above < s.hi[a] { intervals.append((above, s.hi[a])) }
                return intervals.map { iv in
                    var c = s; c.lo[a] = iv.0; c.hi[a] = iv.1
                    return (c, [a])
                }
            }
            return split.placements.map { q in
                var c = s; c.masks[base[a] + split.node] = 1 << UInt32(q)
                return (c, [a])
            }
        }
        return []
    }

    func loopChildren(_ s: State, ready: [Bool]) -> [(State, [Int])]? {
        let na = p.arterials.count
        for e in edges {
            guard let l = e.loop, s.nlo[l] < s.nhi[l], ready[e.arterial], loopArterials[l].allSatisfy({ ready[$0] }) else { continue }
            var guess = s.nlo[l]
            if !s.x.isEmpty {
                let q = effective(s, e.arterial, e.node)[0]
                let o = outbound(e.arterial, e.node, arts[e.arterial].placements[e.node][q].option)
                let diff = s.x[4 * e.arterial] - s.x[4 * na + e.shared] - o.start
                guess = min(max(Int((diff / cycle + 1e-9).rounded(.down)), s.nlo[l]), s.nhi[l])
            }
            var ranges = [(guess, guess)]
            if guess > s.nlo[l] { ranges.append((s.nlo[l], guess - 1)) }
            if guess < s.nhi[l] { ranges.append((guess + 1, s.nhi[l])) }
            return ranges.map { r in var c = s; c.nlo[l] = r.0; c.nhi[l] = r.1; return (c, []) }
        }
        return nil
    }

    /// Offsets and choices of a node whose program is exact, from its linear program's solution.
    func plan(_ s: State) -> NetworkSolution? {
        guard !s.x.isEmpty else { return nil }
        let na = p.arterials.count
        var offsets = [Double](repeating: 0, count: p.intersectionCount)
        var choices: [[Int]] = []
        for (a, art) in p.arterials.enumerated() {
            let bp = art.problem
            let x = s.x[4 * a], d = s.x[4 * a] - s.x[4 * a + 1], b = s.x[4 * a + 2], bb = s.x[4 * a + 3]
            var ch: [Int] = []
            for (i, j) in art.intersections.enumerated() {
                let pl = arts[a].placements[i][effective(s, a, i)[0]]
                ch.append(pl.option)
                if sharedOf[j] >= 0 { offsets[j] = s.x[4 * na + sharedOf[j]]; continue }
                let o = arts[a].options[i][pl.option]
                let v = d + o.c + Double(pl.m) * cycle
                let lo = max(0, v), hi = min(o.g - b, o.gBar - bb + v)
                let u = hi >= lo ? (lo + hi) / 2 : lo
                offsets[j] = x + bp.outboundArrival(i) - bp.nodes[i][pl.option].outboundStart - u
            }
            choices.append(ch)
        }
        offsets = offsets.map { normalized($0, cycle) }
        guard let value = p.objective(offsets: offsets, choices: choices) else { return nil }
        return NetworkSolution(offsets: offsets, choices: choices, objective: value, bound: value, nodes: 0)
    }
}

extension NetworkBranchAndBound {
    /// Max-heap on (bound, depth, −serial).
    struct Heap {
        var items: [State] = []
        static func above(_ a: State, _ b: State) -> Bool {
            if a.bound != b.bound { return a.bound > b.bound }
            if a.depth != b.depth { return a.depth > b.depth }
            return a.serial < b.serial
        }
        mutating func push(_ s: State) {
            items.append(s)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Heap.above(items[i], items[parent]) else { break }
                items.swapAt(i, parent); i = parent
            }
        }
        mutating func pop() -> State? {
            guard !items.isEmpty else { return nil }
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, Heap.above(items[l], items[m]) { m = l }
                if r < items.count, Heap.above(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m); i = m
            }
            return top
        }
    }
}

enum NetworkHeuristic {
    /// Every intersection takes the offset the first arterial through it gives it alone.
    static func plan(_ p: NetworkProblem, alone: [BandSolution]) -> NetworkSolution? {
        var offsets = [Double](repeating: 0, count: p.intersectionCount)
        var set = [Bool](repeating: false, count: p.intersectionCount)
        for (a, art) in p.arterials.enumerated() {
            for (k, j) in art.intersections.enumerated() where !set[j] { offsets[j] = alone[a].offsets[k]; set[j] = true }
        }
        let choices = alone.map(\.choices)
        guard let value = p.objective(offsets: offsets, choices: choices) else { return nil }
        return NetworkSolution(offsets: offsets, choices: choices, objective: value, bound: value, nodes: 0)
    }
}
