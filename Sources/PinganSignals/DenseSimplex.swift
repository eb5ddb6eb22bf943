// A small dense two-phase simplex (Foundation has no LP solver): maximise c·x subject to A·x ≤ b, x ≥ 0.
// Dantzig's rule, switching to Bland's rule after a run of degenerate pivots so that it cannot cycle. Sized for
// the network band programs (tens of columns, a few hundred rows).

/// A linear program in inequality form.
struct LinearProgram {
    var columns: Int
    var objective: [Double]
    var rows: [[(Int, Double)]] = []
    var rhs: [Double] = []

    init(columns: Int) { self.columns = columns; objective = Array(repeating: 0, count: columns) }

    /// Adds Σ coefficient·x ≤ bound.
    mutating func add(_ terms: [(Int, Double)], _ bound: Double) { rows.append(terms); rhs.append(bound) }
}

enum LinearProgramResult {
    case optimal(value: Double, x: [Double])
    case infeasible
    case unbounded
}

enum DenseSimplex {
    static let eps = 1e-9

    static func solve(_ lp: LinearProgram) -> LinearProgramResult {
        let m = lp.rows.count, n = lp.columns
        let negative = lp.rhs.indices.filter { lp.rhs[$0] < 0 }
        let artificials = negative.count
        let width = n + m + artificials + 1
        var t = [Double](repeating: 0, count: (m + 1) * width)
        var basis = [Int](repeating: 0, count: m)
        var artCol = n + m
        for r in 0..<m {
            let sign: Double = lp.rhs[r] < 0 ? -1 : 1
            for (j, a) in lp.rows[r] { t[r * width + j] += sign * a }
            t[r * width + n + r] = sign
            t[r * width + width - 1] = sign * lp.rhs[r]
            if sign < 0 {
                t[r * width + artCol] = 1
                basis[r] = artCol
                artCol += 1
            } else {
                basis[r] = n + r
            }
        }
        let obj = m * width
        // Row m holds reduced costs z_j − c_j (minimised to ≥ 0 at optimum); phase 1 maximises −Σ artificials.
        if artificials > 0 {
            for r in 0..<m where basis[r] >= n + m {
                for j in 0..<width { t[obj + j] -= t[r * width + j] }
            }
            for j in (n + m)..<(n + m + artificials) { t[obj + j] += 1 }
            guard iterate(&t, &basis, rows: m, width: width, allowed: width - 1) else { return .unbounded }
            if t[obj + width - 1] < -1e-7 { return .infeasible }
            // Drive artificials left in the basis (at zero) out where possible.
            for r in 0..<m where basis[r] >= n + m {
                if let j = (0..<(n + m)).first(where: { abs(t[r * width + $0]) > 1e-7 }) {
                    pivot(&t, &basis, row: r, col: j, rows: m, width: width)
                }
            }
        }
        for j in 0..<width { t[obj + j] = 0 }
        for j in 0..<n { t[obj + j] = -lp.objective[j] }
        for r in 0..<m where basis[r] < n {
            let c = lp.objective[basis[r]]
            if c != 0 { for j in 0..<width { t[obj + j] += c * t[r * width + j] } }
        }
        // Artificial columns may not re-enter.
        guard iterate(&t, &basis, rows: m, width: width, allowed: n + m) else { return .unbounded }
        var x = [Double](repeating: 0, count: n)
        for r in 0..<m where basis[r] < n { x[basis[r]] = t[r * width + width - 1] }
        return .optimal(value: t[obj + width - 1], x: x)
    }

    /// Pivots until no reduced cost among the first `allowed` columns is negative; false if unbounded.
    static func iterate(_ t: inout [Double], _ basis: inout [Int], rows m: Int, width: Int, allowed: Int) -> Bool {
        let obj = m * width
        var degenerate = 0
        for _ in 0..<50_000 {
            let bland = degenerate > 50
            var col = -1, best = -eps
            for j in 0..<allowed where t[obj + j] < best {
                col = j
                if bland { break }
                best = t[obj + j]
            }
            if col < 0 { return true }
            var row = -1, ratio = Double.infinity
            for r in 0..<m {
                let a = t[r * width + col]
                guard a > eps else { continue }
                let q = t[r * width + width - 1] / a
                if q < ratio - 1e-12 || (q <= ratio + 1e-12 && row >= 0 && basis[r] < basis[row]) { ratio = q; row = r }
            }
            if row < 0 { return false }
            degenerate = ratio < 1e-12 ? degenerate + 1 : 0
            pivot(&t, &basis, row: row, col: col, rows: m, width: width)
        }
        return true
    }

    static func pivot(_ t: inout [Double], _ basis: inout [Int], row: Int, col: Int, rows m: Int, width: Int) {
        let p = t[row * width + col]
        for j in 0..<width { t[row * width + j] /= p }
        t.withUnsafeMutableBufferPointer { buf in
            for r in 0...m where r != row {
                let f = buf[r * width + col]
                guard f != 0 else { continue }
                for j in 0..<width { buf[r * width + j] -= f * buf[row * width + j] }
                buf[r * width + col] = 0
            }
        }
        basis[row] = col
    }
}
