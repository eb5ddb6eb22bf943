// One arterial of a network program, as the branch and bound sees it. As in MaxbandSolver, its offsets not
// shared with another arterial are eliminated and D = x − y (outbound minus inbound band start) is left, taken
// in [0, C]. Node i with window option p "placed" m cycles over carries both bands iff
// v = D + c_ip + m·C ∈ [−(Ḡ_p − b̄), G_p − b]; a placement is valid for an interval of D. Restricting every node
// to some placements and D to an interval, the best b + k·b̄ still follows exactly from candidate D values and
// the staircase sweep, which gives each branch-and-bound node a per-arterial upper bound.

/// A node's window option placed a whole number of cycles over, with the interval of D where it is valid.
struct Placement: Hashable {
    let option: Int
    let m: Int
    let lo: Double
    let hi: Double
}

/// Restricted exact solves of one arterial.
struct ArterialBound {
    let cycle: Double
    let k: Double
    let options: [[MaxbandSolver.Option]]
    /// Per node, every placement valid somewhere in D ∈ [0, C] (at most 32).
    let placements: [[Placement]]
    /// Where the optimum over D can lie (kinks of the band caps and validity limits), sorted, in [0, C).
    let candidates: [Double]

    init(_ p: BandProblem) {
        let c = p.cycle
        let k = max(p.ratio, 0)
        cycle = c
        self.k = k
        options = MaxbandSolver.options(p)
        placements = options.map { opts in
            var list: [Placement] = []
            for (q, o) in opts.enumerated() {
                let first = Int(((-o.gBar - o.c - c) / c).rounded(.down)), last = Int(((o.g - o.c) / c).rounded(.up))
                for m in first...max(first, last) {
                    let lo = -o.gBar - o.c - Double(m) * c, hi = o.g - o.c - Double(m) * c
                    if lo <= c + 1e-9, hi >= -1e-9 { list.append(Placement(option: q, m: m, lo: max(lo, 0), hi: min(hi, c))) }
                }
            }
            return list
        }
        // One cycle shift wider than the free arterial's, and D = 0 itself: the candidate set the network's HiGHS
        // cross-checks (NetworkMaxbandTests) were run against.
        candidates = MaxbandSolver.candidates(options, c, k, shifts: -3...3, extra: [0])
    }

    /// Placements of node i allowed by a mask that are valid somewhere in [lo, hi].
    func effective(_ i: Int, _ mask: UInt32, _ lo: Double, _ hi: Double) -> [Int] {
        placements[i].indices.filter { q in
            mask & (1 << UInt32(q)) != 0 && placements[i][q].lo <= hi + 1e-9 && placements[i][q].hi >= lo - 1e-9
        }
    }

    func boxes(_ i: Int, _ mask: UInt32, _ d: Double, into out: inout [MaxbandSolver.Box]) {
        for (q, pl) in placements[i].enumerated() where mask & (1 << UInt32(q)) != 0 {
            let o = options[i][pl.option]
            let v = d + o.c + Double(pl.m) * cycle
            guard v >= -o.gBar - 1e-9, v <= o.g + 1e-9 else { continue }
            out.append(MaxbandSolver.Box(node: i, option: q, v: v, bMax: max(0, min(o.g, o.g - v)),
                                         bBarMax: max(0, min(o.gBar, o.gBar + v))))
        }
    }

    /// The best b + k·b̄ with D ∈ [lo, hi] and node i restricted to the placements in masks[i]; nil if infeasible.
    func solve(lo: Double, hi: Double, masks: ArraySlice<UInt32>) -> (value: Double, d: Double, b: Double, bBar: Double)? {
        let n = options.count, base = masks.startIndex
        var scratch: [MaxbandSolver.Box] = []
        func upperBound(_ d: Double) -> Double {
            var beta = Double.infinity, h = Double.infinity
            for i in 0..<n {
                scratch.removeAll(keepingCapacity: true)
                boxes(i, masks[base + i], d, into: &scratch)
                guard !scratch.isEmpty else { return -1 }
                beta = min(beta, scratch.map(\.bMax).max()!)
                h = min(h, scratch.map(\.bBarMax).max()!)
            }
            return MaxbandSolver.corner(beta, h, k).value
        }
        var scored: [(ub: Double, d: Double)] = [(upperBound(lo), lo), (upperBound(hi), hi)]
        var start = 0, end = candidates.count
        while start < end { let mid = (start + end) / 2; if candidates[mid] <= lo { start = mid + 1 } else { end = mid } }
        var idx = start
        while idx < candidates.count, candidates[idx] < hi {
            scored.append((upperBound(candidates[idx]), candidates[idx])); idx += 1
        }
        scored.sort { $0.ub != $1.ub ? $0.ub > $1.ub : $0.d < $1.d }
        var best: (value: Double, d: Double, b: Double, bBar: Double)? = nil
        var all: [MaxbandSolver.Box] = []
        for s in scored {
            if s.ub < 0 || s.ub <= (best?.value ?? -1) + 1e-12 { break }
            all.removeAll(keepingCapacity: true)
            for i in 0..<n { boxes(i, masks[base + i], s.d, into: &all) }
            if let e = MaxbandSolver.staircase(&all, nodes: n, k), e.value > (best?.value ?? -1) + 1e-12 {
                best = (e.value, s.d, e.b, e.bBar)
            }
        }
        return best
    }
}
