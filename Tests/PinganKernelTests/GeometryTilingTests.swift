import Foundation
import Testing
import PinganKernel

@Suite("Geometry: tiling check")
struct GeometryTilingTests {
    typealias F = GeoFixture

    private let corners = F.jitteredCorners(cols: 3, rows: 3, size: 1_000, seed: 11)

    @Test func validJitteredThreeByThreeTilingPasses() {
        let tiles = F.tiles(corners)
        #expect(tiles.allSatisfy { $0.shape.validate().isEmpty })
        #expect(Tiling.check(parent: F.outline(corners), children: tiles).isEmpty)
        #expect(Tiling.check(parent: nil, children: tiles).isEmpty)
        let total = tiles.reduce(Int128(0)) { $0 + $1.shape.doubleArea }
        #expect(total == F.outline(corners).doubleArea)
    }

    @Test func parentWithoutTheChildrensBoundaryVerticesStillPasses() {
        // A straight 3×3 grid in a parent that only has its four corners: children's vertices sit
        // in the middle of the parent's edges (T-junctions) and must be cut there.
        let flatGrid = (0...3).map { r in (0...3).map { c in (Int64(c) * 500, Int64(r) * 500) } }
        #expect(Tiling.check(parent: F.rect(0, 0, 1_500, 1_500), children: F.tiles(flatGrid)).isEmpty)
    }

    @Test func overlapIsFoundAndNamed() {
        var tiles = F.tiles(corners)
        // Push tile 1-1's north-east corner into its neighbours.
        let index = tiles.firstIndex { $0.id == "1-1" }!
        var ring = tiles[index].shape.polygons[0].outer.points
        ring[2].lat7 += 300
        ring[2].lng7 += 300
        tiles[index].shape = MultiPolygon(Polygon(outer: Ring(points: ring)))
        let issues = Tiling.check(parent: F.outline(corners), children: tiles)
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { $0.kind == .overlap })
        #expect(issues.contains { $0.ids == ["1-1", "2-2"] })
        #expect(issues.allSatisfy { $0.ids.contains("1-1") && $0.message.contains("1-1") })
    }

    @Test func duplicateAndNestedChildrenOverlap() {
        let a = F.rect(0, 0, 100, 100), inner = F.rect(10, 10, 20, 20)
        let dup = Tiling.check(parent: nil, children: [("a", a), ("b", a)])
        #expect(dup.map(\.kind) == [.overlap] && dup.first?.ids == ["a", "b"])
        #expect(Tiling.check(parent: nil, children: [("a", a), ("c", inner)]).map(\.ids) == [["a", "c"]])
        #expect(Tiling.check(parent: nil, children: [("a", a), ("d", F.rect(100, 0, 200, 100))]).isEmpty)
    }

    @Test func gapIsFoundWithTheTilesAroundIt() {
        let tiles = F.tiles(corners).filter { $0.id != "1-1" }
        let issues = Tiling.check(parent: F.outline(corners), children: tiles)
        #expect(issues.count == 1)
        #expect(issues.first?.kind == .gap)
        // Only the four edge neighbours border the hole left by the centre tile.
        #expect(issues.first?.ids == ["0-1", "1-0", "1-2", "2-1"])
        #expect(issues.first?.message.contains("缺口") == true)
    }

    @Test func childOutsideParentIsFound() {
        var tiles = F.tiles(corners)
        tiles.append(("extra", F.rect(3_000, 0, 3_500, 500)))
        let issues = Tiling.check(parent: F.outline(corners), children: tiles)
        #expect(issues.map(\.kind) == [.outsideParent])
        #expect(issues.first?.ids == ["extra"])
        // A child that pokes out over the parent's edge is outside too.
        let poking = Tiling.check(parent: F.rect(0, 0, 100, 100), children: [("p", F.rect(50, 50, 150, 100)), ("q", F.rect(0, 0, 50, 100))])
        #expect(poking.map(\.kind) == [.outsideParent] && poking.first?.ids == ["p"])
        // A child covering a hole of its parent is outside it.
        let holed = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(40, 40), (40, 60), (60, 60), (60, 40)])]))
        #expect(Tiling.check(parent: holed, children: [("all", F.rect(0, 0, 100, 100))]).map(\.kind) == [.outsideParent])
    }

    @Test func childrenAroundAParentHoleTileIt() {
        let holed = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(40, 40), (40, 60), (60, 60), (60, 40)])]))
        let ring: [(id: String, shape: MultiPolygon)] = [
            ("s", F.rect(0, 0, 100, 40)), ("n", F.rect(0, 60, 100, 100)),
            ("w", F.rect(0, 40, 40, 60)), ("e", F.rect(60, 40, 100, 60)),
        ]
        #expect(Tiling.check(parent: holed, children: ring).isEmpty)
        #expect(Tiling.check(parent: F.rect(0, 0, 100, 100), children: ring).map(\.kind) == [.gap])
    }

    @Test func threeHundredWigglyChildrenAreCheckedQuickly() {
        let cols = 20, rows = 15, size: Int64 = 100_000
        let corners = F.jitteredCorners(cols: cols, rows: rows, size: size, seed: 5)
        // Each edge gets 11 intermediate points offset sideways by an amount fixed per edge, so
        // both tiles along it see the same wiggle: about 48 vertices per tile.
        func wiggle(_ a: (Int64, Int64), _ b: (Int64, Int64), onBoundary: Bool) -> [(Int64, Int64)] {
            let forward = a < b
            let (p, q) = forward ? (a, b) : (b, a)
            var pts: [(Int64, Int64)] = [p]
            for k in 1...11 {
                let t = Int64(k)
                let off = onBoundary ? 0 : ((p.0 &* 31 &+ p.1 &* 17 &+ t &* 7) % 7 - 3) * 500
                pts.append((p.0 + (q.0 - p.0) * t / 12 + off, p.1 + (q.1 - p.1) * t / 12 - off))
            }
            return forward ? pts : [q] + pts.dropFirst().reversed()
        }
        var children: [(id: String, shape: MultiPolygon)] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let cs = [corners[r][c], corners[r][c + 1], corners[r + 1][c + 1], corners[r + 1][c]]
                let boundary = [r == 0, c == cols - 1, r == rows - 1, c == 0]
                var xy: [(Int64, Int64)] = []
                for k in 0..<4 { xy += wiggle(cs[k], cs[(k + 1) % 4], onBoundary: boundary[k]) }
                children.append(("\(r)-\(c)", MultiPolygon(Polygon(outer: F.ring(xy)))))
            }
        }
        #expect(children.count == 300)
        #expect(children.allSatisfy { $0.shape.validate().isEmpty })
        let parent = F.outline(corners)
        let start = Date()
        let issues = Tiling.check(parent: parent, children: children)
        let seconds = Date().timeIntervalSince(start)
        print("Tiling.check of 300 children × 48 vertices: \(String(format: "%.3f", seconds)) s")
        #expect(issues.isEmpty)
        #expect(seconds < 5)
    }
}
