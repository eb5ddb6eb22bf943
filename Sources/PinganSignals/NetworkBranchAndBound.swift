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
        typealias State = NetworkBranchAndBound.State
        typealias Edge = NetworkBranchAndBound.Edge
        typealias Heap = NetworkBranchAndBound.Heap
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
                let (minA, maxAG) = outboundHull(edges[e])
                loopLo[l] = Int(((span.lo - maxAG) / cycle - 1e-9).rounded(.up))
                loopHi[l] = Int(((span.hi - minA) / cycle + 1e-9).rounded(.down))
            }
        }

        /// The range of x − φ over the window options of an edge, with a cycle count of 0.
        func outboundHull(_ edge: Edge) -> (Double, Double) {
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
                    let (lo, hi) = outboundHull(edges[e])
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

        func root() -> State? {
            var masks: [UInt32] = []
            for a in arts { for list in a.placements { masks.append(list.count >= 32 ? UInt32.max : (1 << UInt32(list.count)) - 1) } }
            var s = State(lo: Array(repeating: 0, count: arts.count), hi: Array(repeating: cycle, count: arts.count),
                          masks: masks, nlo: loopLo, nhi: loopHi,
                          value: Array(repeating: 0, count: arts.count), dStar: Array(repeating: 0, count: arts.count))
            if zip(loopLo, loopHi).contains(where: { $0 > $1 }) { return nil }
            return evaluate(&s, changed: Array(arts.indices)) ? s : nil
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
}
