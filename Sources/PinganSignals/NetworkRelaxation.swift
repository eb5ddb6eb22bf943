// The bounds of a branch-and-bound node: each arterial's exact optimum under the node's restrictions, and a
// linear relaxation coupling the arterials through the offsets of shared intersections. A node with several
// placements left at some arterial node relaxes that node to the hull of its placements; a loop count not yet
// fixed relaxes to its range. With one placement everywhere and every count fixed the program is exact.

extension NetworkBranchAndBound.Search {
    func effective(_ s: State, _ a: Int, _ i: Int) -> [Int] {
        arts[a].effective(i, s.masks[base[a] + i], s.lo[a], s.hi[a])
    }

    /// Per-arterial exact bounds for the arterials listed, then the coupled relaxation; false when pruned.
    func evaluate(_ s: inout State, changed: [Int]) -> Bool {
        evaluated += 1
        let floor = (best?.objective ?? -Double.infinity) + NetworkBranchAndBound.tolerance
        for a in changed {
            let n = p.arterials[a].problem.nodes.count
            guard let r = arts[a].solve(lo: s.lo[a], hi: s.hi[a], masks: s.masks[base[a]..<(base[a] + n)]) else { return false }
            s.value[a] = r.value; s.dStar[a] = r.d
        }
        let separate = p.arterials.indices.reduce(0) { $0 + p.arterials[$1].weight * s.value[$1] }
        if separate <= floor { return false }
        guard let lp = relaxation(s) else { return false }
        switch DenseSimplex.solve(lp) {
        case .infeasible: return false
        case .unbounded: s.bound = separate; s.x = []
        case let .optimal(value, x): s.bound = min(separate, value); s.x = x
        }
        return s.bound > floor
    }

    func relaxation(_ s: State) -> LinearProgram? {
        let na = p.arterials.count
        var lp = LinearProgram(columns: 4 * na + sharedCount)
        for (a, art) in p.arterials.enumerated() {
            let x = 4 * a, y = x + 1, b = x + 2, bb = x + 3, k = arts[a].k
            var k1 = Double.infinity, k2 = Double.infinity, k3 = Double.infinity, k4 = Double.infinity
            for i in art.problem.nodes.indices {
                let eff = effective(s, a, i)
                if eff.isEmpty { return nil }
                var m1 = -Double.infinity, m2 = -Double.infinity, m3 = -Double.infinity, m4 = -Double.infinity
                for q in eff {
                    let pl = arts[a].placements[i][q], o = arts[a].options[i][pl.option], shift = Double(pl.m) * cycle
                    m1 = max(m1, o.g - o.c - shift); m2 = max(m2, o.gBar + o.c + shift)
                    m3 = max(m3, o.g); m4 = max(m4, o.gBar)
                }
                k1 = min(k1, m1); k2 = min(k2, m2); k3 = min(k3, m3); k4 = min(k4, m4)
            }
            lp.add([(x, 1), (y, -1), (b, 1)], k1)
            lp.add([(x, -1), (y, 1), (bb, 1)], k2)
            lp.add([(b, 1)], k3)
            lp.add([(bb, 1)], k4)
            lp.add([(x, 1), (y, -1)], s.hi[a])
            lp.add([(x, -1), (y, 1)], -s.lo[a])
            if k < 1 - 1e-12 { lp.add([(b, k), (bb, -1)], 0) }
            if k > 1 + 1e-12 { lp.add([(bb, 1), (b, -k)], 0) }
            // The arterial's exact restricted optimum caps its bands inside the coupled relaxation too.
            lp.add([(b, 1), (bb, k)], s.value[a] + 1e-9)
            lp.objective[b] = art.weight
            lp.objective[bb] = art.weight * k
        }
        for e in edges {
            let a = e.arterial, x = 4 * a, y = x + 1, b = x + 2, bb = x + 3, phi = 4 * na + e.shared
            let (nlo, nhi) = e.loop.map { (Double(s.nlo[$0]), Double(s.nhi[$0])) } ?? (0, 0)
            var oLo = Double.infinity, oHi = -Double.infinity, iLo = Double.infinity, iHi = -Double.infinity
            for q in effective(s, a, e.node) {
                let pl = arts[a].placements[e.node][q]
                let o = outbound(a, e.node, pl.option), w = inbound(a, e.node, pl.option)
                let shift = (Double(pl.m) - w.q) * cycle
                oLo = min(oLo, o.start); oHi = max(oHi, o.start + o.length)
                iLo = min(iLo, w.start + shift); iHi = max(iHi, w.start + w.length + shift)
            }
            lp.add([(x, -1), (phi, 1)], -(oLo + nlo * cycle))
            lp.add([(x, 1), (phi, -1), (b, 1)], oHi + nhi * cycle)
            lp.add([(y, -1), (phi, 1)], -(iLo + nlo * cycle))
            lp.add([(y, 1), (phi, -1), (bb, 1)], iHi + nhi * cycle)
        }
        return lp
    }
}
