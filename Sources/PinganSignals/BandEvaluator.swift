// Bands of a plan with given offsets, computed directly from the green windows (independent of the solver).

/// Measures the through bands that fixed offsets give.
public enum BandEvaluator {
    /// Outbound and inbound bandwidths for offsets and window choices.
    public static func bands(_ p: BandProblem, offsets: [Double], choices: [Int]) -> (outbound: Double, inbound: Double) {
        let raw = progression(p, offsets: offsets, choices: choices)
        return (max(raw.outbound, 0), max(raw.inbound, 0))
    }

    /// Like `bands`, but −1 for a direction where not even a zero-width band passes every green
    /// (MAXBAND requires that line to exist even when a band is 0).
    public static func progression(_ p: BandProblem, offsets: [Double], choices: [Int]) -> (outbound: Double, inbound: Double) {
        let n = p.nodes.count
        guard n > 0, offsets.count == n, choices.count == n else { return (-1, -1) }
        // Band front time at node 0 (outbound) or at the last node (inbound) must fall in every shifted green.
        let out = (0..<n).map { i -> (Double, Double) in
            let w = p.nodes[i][choices[i]]
            return (offsets[i] + w.outboundStart - p.outboundArrival(i), w.outboundLength)
        }
        let inb = (0..<n).map { i -> (Double, Double) in
            let w = p.nodes[i][choices[i]]
            return (offsets[i] + w.inboundStart - p.inboundArrival(i), w.inboundLength)
        }
        return (widest(out, p.cycle), widest(inb, p.cycle))
    }

    /// The longest interval contained in every circular arc (start, length) of a circle of circumference c.
    static func widest(_ arcs: [(Double, Double)], _ c: Double) -> Double {
        let live = arcs.filter { $0.1 < c - 1e-12 }
        guard let first = live.first else { return arcs.isEmpty ? 0 : c }
        if live.contains(where: { $0.1 < 0 }) { return -1 }
        let s0 = normalized(first.0, c)
        var current: [(Double, Double)] = [(s0, s0 + first.1)]
        for arc in live.dropFirst() {
            var next: [(Double, Double)] = []
            let s = normalized(arc.0, c)
            for (lo, hi) in current {
                for m in -1...1 {
                    let a = s + Double(m) * c, b = a + arc.1
                    let l = max(lo, a), h = min(hi, b)
                    if h >= l - 1e-9 { next.append((l, max(h, l))) }
                }
            }
            current = next
            if current.isEmpty { return -1 }
        }
        return current.map { $0.1 - $0.0 }.max() ?? -1
    }
}
