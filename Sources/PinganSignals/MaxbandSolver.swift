// Exact solver of the fixed-cycle MAXBAND program of one arterial.
//
// Eliminating the offsets leaves one free number, D = (outbound band start) − (inbound band start): node i with
// left-turn order p admits (b, b̄) iff some v ≡ D + c_ip (mod C) has b ≤ min(G, G − v) and b̄ ≤ min(Ḡ, Ḡ + v),
// where c_ip = T_i − T̄_i − a_ip + ā_ip (arrival times minus green starts). With the integer and binary choices
// fixed the program is a linear program in (D, b, b̄) whose optimum lies at a vertex, so an optimal D is among
// finitely many candidates (where a band edge meets a green edge, a band reaches the narrowest green, or the
// volume-ratio constraint is tight). At a given D the best bands follow exactly from a staircase sweep. Candidates
// are visited in order of an upper bound, so most are pruned.

/// Exact two-way bandwidth maximisation for one arterial.
public enum MaxbandSolver {
    struct Option { let c: Double; let g: Double; let gBar: Double }
    struct Box { let node: Int; let option: Int; let v: Double; let bMax: Double; let bBarMax: Double }

    /// Solves the problem; bands equal the optimum of the MAXBAND MILP on the same inputs.
    public static func solve(_ p: BandProblem) -> BandSolution {
        let n = p.nodes.count, cycle = p.cycle, k = max(p.ratio, 0)
        guard n > 0, cycle > 0 else {
            return BandSolution(outbound: 0, inbound: 0, offsets: [], choices: [], objective: 0)
        }
        let options = options(p)
        let unique = candidates(options, cycle, k, shifts: -2...2)

        var scored: [(ub: Double, d: Double)] = unique.map { (upperBound(options, $0, cycle, k), $0) }
        scored.sort { $0.ub > $1.ub }
        var best: (value: Double, d: Double, b: Double, bBar: Double) = (-1, 0, 0, 0)
        for s in scored {
            if s.ub <= best.value + 1e-9 { break }
            if let e = evaluate(options, s.d, cycle, k), e.value > best.value + 1e-12 { best = (e.value, s.d, e.b, e.bBar) }
        }
        if best.value < 0 { return BandSolution(outbound: 0, inbound: 0, offsets: Array(repeating: 0, count: n),
                                                 choices: Array(repeating: 0, count: n), objective: 0) }
        return reconstruct(p, options, best.d, best.b, best.bBar)
    }

    /// Per node, each left-turn order as (c, G, Ḡ): arrival times minus green starts, and the green lengths.
    static func options(_ p: BandProblem) -> [[Option]] {
        (0..<p.nodes.count).map { i in
            let t = p.outboundArrival(i) - p.inboundArrival(i)
            return p.nodes[i].map { w in
                Option(c: normalized(t - w.outboundStart + w.inboundStart, p.cycle),
                       g: max(0, w.outboundLength), gBar: max(0, w.inboundLength))
            }
        }
    }

    /// The offsets D where an optimum can lie, sorted and distinct to 1e-9: a band edge on a green edge, a band as
    /// wide as a green, or the volume-ratio constraint tight between two nodes. For the last, k·(G_i − v_i) = Ḡ_j + v_j
    /// with v = D + c + m·C; shifting D by C shifts both m, so only m_i − m_j matters modulo C, and `shifts` bounds it
    /// (±2 covers c ∈ [0, C) and v ∈ [−C, C]). `extra` adds offsets a caller wants tried as well.
    static func candidates(_ options: [[Option]], _ cycle: Double, _ k: Double, shifts: ClosedRange<Int>, extra: [Double] = []) -> [Double] {
        let flat = options.flatMap { $0 }
        var candidates = extra
        candidates.reserveCapacity(flat.count * flat.count * shifts.count + flat.count * 3)
        let gs = Set(flat.map(\.g) + [0] + (k > 0 ? flat.map { $0.gBar / k } : []))
        let gBars = Set(flat.map(\.gBar) + [0] + flat.map { $0.g * k })
        for o in flat {
            for beta in gs { candidates.append(normalized(o.g - o.c - beta, cycle)) }
            for betaBar in gBars { candidates.append(normalized(betaBar - o.gBar - o.c, cycle)) }
        }
        if k > 0 {
            for oi in flat {
                for oj in flat {
                    let base = k * (oi.g - oi.c) - oj.gBar - oj.c
                    for m in shifts { candidates.append(normalized((base - k * Double(m) * cycle) / (1 + k), cycle)) }
                }
            }
        }
        candidates.sort()
        var unique: [Double] = []
        unique.reserveCapacity(candidates.count)
        for d in candidates where unique.last.map({ d - $0 > 1e-9 }) ?? true { unique.append(d) }
        return unique
    }

    static func boxes(_ opts: [Option], node: Int, _ d: Double, _ cycle: Double, into out: inout [Box]) {
        for (q, o) in opts.enumerated() {
            // Candidates sit exactly on green edges: keep placements that miss by rounding only.
            let lo = ((-o.gBar - d - o.c) / cycle - 1e-9).rounded(.up), hi = ((o.g - d - o.c) / cycle + 1e-9).rounded(.down)
            guard lo <= hi else { continue }
            for m in Int(lo)...Int(hi) {
                let v = d + o.c + Double(m) * cycle
                out.append(Box(node: node, option: q, v: v, bMax: max(0, min(o.g, o.g - v)),
                               bBarMax: max(0, min(o.gBar, o.gBar + v))))
            }
        }
    }

    /// Best b + k·b̄ over the rectangle [0, beta] × [0, h] under the ratio constraint.
    static func corner(_ beta: Double, _ h: Double, _ k: Double) -> (value: Double, b: Double, bBar: Double) {
        if k < 1 {
            let b = k > 0 ? min(beta, h / k) : beta
            return (b + k * h, b, h)
        }
        if k > 1 {
            let bBar = min(h, k * beta)
            return (beta + k * bBar, beta, bBar)
        }
        return (beta + h, beta, h)
    }

    static func upperBound(_ options: [[Option]], _ d: Double, _ cycle: Double, _ k: Double) -> Double {
        var beta = Double.infinity, h = Double.infinity
        for opts in options {
            var nodeBeta = -1.0, nodeH = -1.0
            for o in opts {
                let lo = ((-o.gBar - d - o.c) / cycle - 1e-9).rounded(.up), hi = ((o.g - d - o.c) / cycle + 1e-9).rounded(.down)
                guard lo <= hi else { continue }
                // bMax falls and b̄Max rises with v: the extremes come from the smallest and largest placement.
                let vLow = d + o.c + lo * cycle, vHigh = d + o.c + hi * cycle
                nodeBeta = max(nodeBeta, max(0, min(o.g, o.g - vLow)))
                nodeH = max(nodeH, max(0, min(o.gBar, o.gBar + vHigh)))
            }
            if nodeBeta < 0 { return -1 }
            beta = min(beta, nodeBeta); h = min(h, nodeH)
        }
        return corner(beta, h, k).value
    }

    /// The exact best bands at a fixed D (nil when some node admits no band at all).
    static func evaluate(_ options: [[Option]], _ d: Double, _ cycle: Double, _ k: Double,
                         bCap: Double = .infinity, hCap: Double = .infinity)
        -> (value: Double, b: Double, bBar: Double)? {
        var all: [Box] = []
        for (i, opts) in options.enumerated() { boxes(opts, node: i, d, cycle, into: &all) }
        return staircase(&all, nodes: options.count, k, bCap: bCap, hCap: hCap)
    }

    /// The best corner under the staircase of boxes (each node must keep one box containing the bands).
    static func staircase(_ all: inout [Box], nodes n: Int, _ k: Double, bCap: Double = .infinity, hCap: Double = .infinity)
        -> (value: Double, b: Double, bBar: Double)? {
        all.sort { $0.bMax > $1.bMax }
        var bestBar = [Double](repeating: -1, count: n)
        var covered = 0
        var best: (value: Double, b: Double, bBar: Double)? = nil
        var idx = 0
        while idx < all.count {
            let beta = all[idx].bMax
            while idx < all.count, all[idx].bMax >= beta - 1e-12 {
                let bx = all[idx]
                if bestBar[bx.node] < 0 { covered += 1 }
                bestBar[bx.node] = max(bestBar[bx.node], bx.bBarMax)
                idx += 1
            }
            guard covered == n else { continue }
            let h = min(bestBar.min() ?? 0, hCap)
            let c = corner(max(min(beta, bCap), 0), max(h, 0), k)
            if best == nil || c.value > best!.value + 1e-12 { best = c }
        }
        return best
    }

    static func reconstruct(_ p: BandProblem, _ options: [[Option]], _ d: Double, _ b: Double, _ bBar: Double) -> BandSolution {
        let n = options.count, cycle = p.cycle
        var choices = [Int](repeating: 0, count: n), us = [Double](repeating: 0, count: n)
        var scratch: [Box] = []
        for i in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            boxes(options[i], node: i, d, cycle, into: &scratch)
            let fit = scratch.filter { $0.bMax >= b - 1e-7 && $0.bBarMax >= bBar - 1e-7 }
            // Among feasible placements prefer the one leaving the most slack on both sides.
            let pick = fit.max { min($0.bMax - b, $0.bBarMax - bBar) < min($1.bMax - b, $1.bBarMax - bBar) } ?? scratch.first
            guard let pick else { continue }
            choices[i] = pick.option
            // u − ū = v with u ∈ [0, G − b], ū ∈ [0, Ḡ − b̄]: centre the slack.
            let o = options[i][pick.option]
            let lo = max(0, pick.v), hi = min(o.g - b, o.gBar - bBar + pick.v)
            us[i] = hi >= lo ? (lo + hi) / 2 : lo
        }
        // x + T_i − φ_i − a_i = u_i; choose x so that node 0 has offset 0.
        let a0 = p.nodes[0][choices[0]].outboundStart
        let x = a0 + us[0]
        let offsets = (0..<n).map { i in
            normalized(x + p.outboundArrival(i) - p.nodes[i][choices[i]].outboundStart - us[i], cycle)
        }
        let k = max(p.ratio, 0)
        return BandSolution(outbound: b, inbound: bBar, offsets: offsets, choices: choices, objective: b + k * bBar)
    }
}
