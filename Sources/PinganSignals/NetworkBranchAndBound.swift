// Exact branch and bound for the network MAXBAND program.
//
// Offsets of intersections on one arterial only are eliminated (MaxbandSolver's D = x − y per arterial); the
// offsets φ of shared intersections, the band starts x, y and the bands stay as variables of a linear program.
// What keeps the program from being linear is discrete: which window option and placement each node uses, and
// one whole number of cycles per loop of the network (every other cycle count is fixed by a spanning tree, as
// shifting an arterial or a shared offset by a cycle changes nothing). A branch-and-bound node restricts each
// arterial's D to an interval, each node to some placements and each loop count to a range; its bound is the
// smaller of the sum of the arterials' exact restricted optima (ArterialBound) and a linear relaxation that
// couples them through the shared offsets. Once every node has one placement and every loop count is fixed, that
// linear program is the exact program of the branch. Best bound first, deterministic, until no open node can
// beat the incumbent by more than 1e-7 s (or a node budget runs out, when the open bound is reported).

/// Offsets (per intersection) and window choices (per arterial node) of a network program, with a bound.
public struct NetworkSolution: Sendable, Hashable {
    public var offsets: [Double]
    public var choices: [[Int]]
    /// Σ w·(b + k·b̄) of these offsets.
    public var objective: Double
    /// Proven upper bound of the program (objective when solved).
    public var bound: Double
    /// Branch-and-bound nodes evaluated.
    public var nodes: Int
}

enum NetworkBranchAndBound {
    static let tolerance = 1e-7

    /// One arterial node at a shared intersection: an edge of the arterial–intersection graph.
    struct Edge { let arterial: Int; let node: Int; let shared: Int; var loop: Int? }

    struct State {
        var lo: [Double], hi: [Double]
        var masks: [UInt32]
        var nlo: [Int], nhi: [Int]
        var value: [Double], dStar: [Double]
        var bound = Double.infinity
        var x: [Double] = []
        var depth = 0
        var serial = 0
    }

    static func solve(_ p: NetworkProblem, incumbent start: NetworkSolution?, nodeLimit: Int = 20_000) -> NetworkSolution {
        let solver = Search(p)
        return solver.run(start, nodeLimit: nodeLimit)
    }

    final class Search {
        let p: NetworkProblem
        let cycle: Double
        let arts: [ArterialBound]
        let base: [Int]
        var edges: [Edge] = []
        var sharedOf: [Int]
        var sharedCount = 0
        var loopLo: [Int] = [], loopHi: [Int] = []
        /// Arterials around each loop (the closing edge's and those on the tree path).
        var loopArterials: [[Int]] = []
        let order: [Int]
        var best: NetworkSolution?
        var serial = 0
        var evaluated = 0
        /// Branch on a loop's count before arterials whose placements are still open.
        var loopsFirst = false

        init(_ p: NetworkProblem) {
            self.p = p
            cycle = p.cycle
            arts = p.arterials.map { ArterialBound($0.problem) }
            var b: [Int] = [], total = 0
            for a in p.arterials { b.append(total); total += a.problem.nodes.count }
            base = b
            order = p.arterials.indices.sorted { p.arterials[$0].weight != p.arterials[$1].weight
                ? p.arterials[$0].weight > p.arterials[$1].weight : $0 < $1 }
            var count = [Int](repeating: 0, count: p.intersectionCount)
            for a in p.arterials { for j in a.intersections { count[j] += 1 } }
            sharedOf = [Int](repeating: -1, count: p.intersectionCount)
            for j in 0..<p.intersectionCount where count[j] > 1 { sharedOf[j] = sharedCount; sharedCount += 1 }
            for (a, art) in p.arterials.enumerated() {
                for (i, j) in art.intersections.enumerated() where sharedOf[j] >= 0 {
                    edges.append(Edge(arterial: a, node: i, shared: sharedOf[j], loop: nil))
                }
            }
            findLoops()
        }

        // MARK: Geometry of one edge

        /// x − φ ∈ [A_p + n·C, A_p + G_p − b + n·C] outbound; y − φ ∈ [Ā_p + n̄·C, Ā_p + Ḡ_p − b̄ + n̄·C] inbound,
        /// with n̄ = n + m − q_p.
        func outbound(_ a: Int, _ i: Int, _ option: Int) -> (start: Double, length: Double) {
            let bp = p.arterials[a].problem, w = bp.nodes[i][option]
            return (w.outboundStart - bp.outboundArrival(i), max(0, w.outboundLength))
        }

        func inbound(_ a: Int, _ i: Int, _ option: Int) -> (start: Double, length: Double, q: Double) {
            let bp = p.arterials[a].problem, w = bp.nodes[i][option]
            let raw = bp.outboundArrival(i) - bp.inboundArrival(i) - w.outboundStart + w.inboundStart
            let q = ((raw - arts[a].options[i][option].c) / cycle).rounded()
            return (w.inboundStart - bp.inboundArrival(i), max(0, w.inboundLength), q)
        }

        /// A spanning forest of the arterial–shared-intersection graph fixes every cycle count on its edges to 0;
        /// each other edge closes a loop and keeps a count, bounded by the tree path between its ends.
        func findLoops() {
            let nv = p.arterials.count + sharedCount
            var parent = Array(0..<nv)
            func root(_ v: Int) -> Int { var v = v; while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }; return v }
            var tree: [[(to: Int, edge: Int)]] = Array(repeating: [], count: nv)
            for (e, edge) in edges.enumerated() {
                let u = edge.arterial, v = p.arterials.count + edge.shared
                let ru = root(u), rv = root(v)
                if ru != rv { parent[ru] = rv; tree[u].append((v, e)); tree[v].append((u, e)) } else {
                    edges[e].loop = loopLo.count; loopLo.append(0); loopHi.append(0); loopArterials.append([])
                }
            }
            for e in edges.indices {
                guard let l = edges[e].loop else { continue }
                let span = reach(edges[e], tree)
                loopArterials[l] = span.arterials
                let (minA, maxAG) = outboundHull(edges[e], tree: true)
                loopLo[l] = Int(((span.lo - maxAG) / cycle - 1e-9).rounded(.up))
                loopHi[l] = Int(((span.hi - minA) / cycle + 1e-9).rounded(.down))
            }
        }

        func outboundHull(_ edge: Edge, tree: Bool) -> (Double, Double) {
            var lo = Double.infinity, hi = -Double.infinity
            for q in p.arterials[edge.arterial].problem.nodes[edge.node].indices {
                let w = outbound(edge.arterial, edge.node, q)
                lo = min(lo, w.start); hi = max(hi, w.start + w.length)
            }
            return (lo, hi)
        }

        /// Range of x_a − φ_s along the tree path between the ends of an edge.
        func reach(_ edge: Edge, _ tree: [[(to: Int, edge: Int)]]) -> (lo: Double, hi: Double, arterials: [Int]) {
            let na = p.arterials.count
            // Potentials relative to x_a = 0, as intervals.
            var pot: [Int: (Double, Double)] = [edge.arterial: (0, 0)]
            var from: [Int: Int] = [:]
            var queue = [edge.arterial]
            while let v = queue.popLast() {
                for (to, e) in tree[v] where pot[to] == nil {
                    let (lo, hi) = outboundHull(edges[e], tree: true)
                    let pv = pot[v]!
                    // x − φ ∈ [lo, hi].
                    pot[to] = v < na ? (pv.0 - hi, pv.1 - lo) : (pv.0 + lo, pv.1 + hi)
                    from[to] = v
                    queue.append(to)
                }
            }
            var v = na + edge.shared, path: [Int] = []
            while let u = from[v] { if u < na { path.append(u) }; v = u }
            let ps = pot[na + edge.shared]!
            return (-ps.1, -ps.0, path)
        }

        // MARK: Bounds

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

        // MARK: Search

        func root() -> State? {
            var masks: [UInt32] = []
            for a in arts { for list in a.placements { masks.append(list.count >= 32 ? UInt32.max : (1 << UInt32(list.count)) - 1) } }
            var s = State(lo: Array(repeating: 0, count: arts.count), hi: Array(repeating: cycle, count: arts.count),
                          masks: masks, nlo: loopLo, nhi: loopHi,
                          value: Array(repeating: 0, count: arts.count), dStar: Array(repeating: 0, count: arts.count))
            if zip(loopLo, loopHi).contains(where: { $0 > $1 }) { return nil }
            return evaluate(&s, changed: Array(arts.indices)) ? s : nil
        }

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

        func run(_ start: NetworkSolution?, nodeLimit: Int) -> NetworkSolution {
            best = start
            var heap = Heap()
            if let r = root() {
                // First dive arterial by arterial, which reaches a good plan fast (the per-arterial optima where the
                // loops leave room); then prove it from the root with loop counts branched as early as possible.
                loopsFirst = false
                heap.push(r)
                var budget = nodeLimit
                search(&heap, budget: &budget, untilIncumbent: true, limit: 400)
                if !heap.items.isEmpty {
                    loopsFirst = true
                    heap = Heap()
                    heap.push(r)
                    search(&heap, budget: &budget, untilIncumbent: false, limit: .max)
                }
            }
            let fallback = NetworkSolution(offsets: Array(repeating: 0, count: p.intersectionCount),
                                           choices: p.arterials.map { $0.problem.nodes.map { _ in 0 } },
                                           objective: -Double.infinity, bound: -Double.infinity, nodes: 0)
            var result = best ?? fallback
            let open = heap.items.map(\.bound).filter { $0 > result.objective + NetworkBranchAndBound.tolerance }.max()
            result.bound = open ?? result.objective
            result.nodes = evaluated
            return result
        }

        /// Best bound first (diving to the best child while there is no incumbent) until the heap is empty, the
        /// budget is spent, `limit` nodes were expanded, or — with `untilIncumbent` — a plan was found.
        func search(_ heap: inout Heap, budget: inout Int, untilIncumbent: Bool, limit: Int) {
            var expanded = 0
            var next: State? = nil
            while let s = next ?? heap.pop() {
                next = nil
                let floor = (best?.objective ?? -Double.infinity) + NetworkBranchAndBound.tolerance
                if s.bound <= floor { continue }
                if budget <= 0 || expanded >= limit || (untilIncumbent && best != nil) { heap.push(s); return }
                budget -= 1; expanded += 1
                let kids = children(s)
                if kids.isEmpty {
                    if let sol = plan(s), sol.objective > (best?.objective ?? -Double.infinity) { best = sol }
                    continue
                }
                var open: [State] = []
                for (var c, changed) in kids {
                    serial += 1
                    c.serial = serial; c.depth = s.depth + 1
                    if evaluate(&c, changed: changed) { open.append(c) }
                }
                if best == nil, let top = open.indices.max(by: { Heap.above(open[$1], open[$0]) }) {
                    next = open.remove(at: top)
                }
                for c in open { heap.push(c) }
            }
        }
    }

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
