import Foundation
import PinganKernel

/// The demo population's random draws over a `SeededGenerator`: integer ranges by a
/// multiply-shift (no rejection loop, so a draw always costs one step of the stream), chances,
/// weighted picks and Gaussian jitter. Identical on every platform for the same seed.
struct PopulationDice {
    private var generator: SeededGenerator

    init(_ generator: SeededGenerator) { self.generator = generator }

    /// A dice on a named sub-stream of this one, so later draws here do not shift it.
    func fork(_ label: String) -> PopulationDice { PopulationDice(generator.fork(label)) }

    /// Uniform in `0..<count`; 0 when `count` ≤ 1.
    mutating func below(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        return Int(generator.next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// Uniform in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(generator.next() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element; the array must not be empty (all callers pass fixed catalogues).
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A standard normal draw (Box–Muller; one of the pair is dropped for simplicity).
    mutating func gaussian() -> Double {
        let u = max(unit(), 0x1p-53)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// Index drawn with the given relative weights (non-negative, not all zero).
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// `count` distinct indices of `0..<pool` in random order (partial Fisher–Yates).
    mutating func sample(_ count: Int, of pool: Int) -> [Int] {
        var indices = Array(0..<pool)
        let n = min(count, pool)
        for i in 0..<n { indices.swapAt(i, i + below(pool - i)) }
        return Array(indices.prefix(n))
    }
}

/// Cumulative weights for frequent picks from a long weighted list (surnames): binary search.
struct PopulationWeightedTable<Element: Sendable>: Sendable {
    private let items: [Element]
    private let cumulative: [Double]

    init(_ pairs: [(Element, Double)]) {
        items = pairs.map(\.0)
        var sum = 0.0
        cumulative = pairs.map { sum += $0.1; return sum }
    }

    func draw(_ dice: inout PopulationDice) -> Element {
        let x = dice.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return items[lo]
    }
}
