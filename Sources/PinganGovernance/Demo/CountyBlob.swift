import Foundation
import PinganKernel

/// Picks the lattice cells that make up the county: a best-first growth from the seat's cell
/// that always takes the frontier cell lowest in a "distance over wobbly radius" field. The
/// radius wobbles with a few seeded harmonics, which gives an organic, lobed outline.
enum CountyBlob {
    /// `count` connected cells containing `seatCell`, with no holes and clear of the lattice frame;
    /// nil when this draw of harmonics does not give that (callers draw again).
    static func cells(in lattice: HexLattice, count: Int, seatCell: Int, rng: inout SeededGenerator) -> [Int]? {
        let harmonics = (2...5).map { k in
            (k: Double(k), amplitude: Double.random(in: 0.02...(0.3 / Double(k)), using: &rng),
             phase: Double.random(in: 0..<(2 * .pi), using: &rng))
        }
        func priority(_ cell: Int) -> Double {
            let m = lattice.centerMeters(cell)
            // Slightly taller than wide, like the real district.
            let x = m.x, y = m.y * 0.92
            let theta = atan2(y, x)
            let radius = 1 + harmonics.reduce(0.0) { $0 + $1.amplitude * cos($1.k * theta + $1.phase) }
            return (x * x + y * y).squareRoot() / radius
        }
        let priorities = lattice.centers.indices.map(priority)
        var inBlob = Array(repeating: false, count: lattice.centers.count)
        var frontier: Set<Int> = [seatCell]
        var taken: [Int] = []
        while taken.count < count {
            guard let next = frontier.min(by: { priorities[$0] != priorities[$1] ? priorities[$0] < priorities[$1] : $0 < $1 }),
                  !lattice.isFrame[next] else { return nil }
            frontier.remove(next)
            inBlob[next] = true
            taken.append(next)
            for n in lattice.neighbors[next] where !inBlob[n] { frontier.insert(n) }
        }
        return isHoleFree(inBlob, lattice: lattice) ? taken.sorted() : nil
    }

    /// True when the cells outside the set are all connected to the lattice frame.
    static func isHoleFree(_ inside: [Bool], lattice: HexLattice) -> Bool {
        guard let start = lattice.isFrame.firstIndex(of: true), !inside[start] else { return false }
        var seen = inside.map { _ in false }
        var stack = [start]
        seen[start] = true
        var reached = 0
        while let c = stack.popLast() {
            reached += 1
            for n in lattice.neighbors[c] where !inside[n] && !seen[n] {
                seen[n] = true
                stack.append(n)
            }
        }
        return reached == inside.lazy.filter { !$0 }.count
    }

    /// The cell whose (disturbed) hexagon holds `point`, searching the cells nearest to it.
    static func cell(containing point: GeoPoint, in lattice: HexLattice) -> Int? {
        let m = lattice.meters(latitude: point.latitude, longitude: point.longitude)
        let nearby = lattice.centers.indices.filter { c in
            let cm = lattice.centerMeters(c)
            return (cm.x - m.x) * (cm.x - m.x) + (cm.y - m.y) * (cm.y - m.y) < 4 * lattice.side * lattice.side
        }
        return nearby.first { c in
            lattice.outline(of: [c]).map { MultiPolygon(Polygon(outer: $0)).contains(point) } ?? false
        }
    }
}
