import Testing
import PinganKernel

@Suite("Geometry: point in polygon")
struct GeometryContainmentTests {
    typealias F = GeoFixture

    @Test func interiorAndExteriorPoints() {
        let square = F.rect(0, 0, 100, 100)
        #expect(square.contains(F.pt(50, 50)))
        #expect(square.contains(F.pt(1, 99)))
        #expect(!square.contains(F.pt(150, 50)))
        #expect(!square.contains(F.pt(50, -1)))
        #expect(!square.contains(F.pt(-50, -50)))
    }

    @Test func holesAreExcluded() {
        let shape = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(40, 40), (40, 60), (60, 60), (60, 40)])]))
        #expect(shape.contains(F.pt(20, 20)))
        #expect(!shape.contains(F.pt(50, 50)))
        #expect(shape.contains(F.pt(70, 50)))
        // A clockwise outer ring must give the same answers: parity ignores winding.
        let flipped = MultiPolygon(Polygon(outer: shape.polygons[0].outer.reversed, holes: shape.polygons[0].holes))
        #expect(!flipped.contains(F.pt(50, 50)))
        #expect(flipped.contains(F.pt(20, 20)))
    }

    @Test func pointOnSharedSlopedEdgeIsInExactlyOneTile() {
        // Two triangles sharing the diagonal (0,0)–(100,200).
        let left = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 200), (0, 200)])))
        let right = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 200)])))
        for p in [F.pt(50, 100), F.pt(25, 50), F.pt(1, 2), F.pt(99, 198)] {
            let count = [left, right].filter { $0.contains(p) }.count
            #expect(count == 1, "point \(p) is in \(count) tiles")
        }
    }

    @Test func everyLatticePointOfAJitteredTilingIsInExactlyOneTile() {
        let corners = F.jitteredCorners(cols: 3, rows: 3, size: 40, seed: 7)
        let tiles = F.tiles(corners)
        let whole = F.outline(corners)
        var probed = 0
        // Every integer point of the area, which includes every shared vertex and many edge points.
        for x in Int64(-2)...122 {
            for y in Int64(-2)...122 {
                let p = F.pt(x, y)
                let count = tiles.filter { $0.shape.contains(p) }.count
                #expect(count == (whole.contains(p) ? 1 : 0), "(\(x), \(y)) is in \(count) tiles")
                if count > 1 { return }
                probed += 1
            }
        }
        #expect(probed == 125 * 125)
    }

    @Test func sharedVerticesOfFourTilesBelongToOne() {
        let corners = F.jitteredCorners(cols: 3, rows: 3, size: 1000, seed: 3)
        let tiles = F.tiles(corners)
        for r in 1..<3 {
            for c in 1..<3 {
                let (x, y) = corners[r][c]
                #expect(tiles.filter { $0.shape.contains(F.pt(x, y)) }.count == 1)
            }
        }
    }

    @Test func labelPointIsInside() {
        // A C shape: its box centre lies in the notch, outside the shape.
        let c = MultiPolygon(Polygon(outer: F.ring([(0, 0), (300, 0), (300, 60), (60, 60), (60, 240),
                                                    (300, 240), (300, 300), (0, 300)])))
        #expect(!c.contains(c.boundingBox.center))
        #expect(c.contains(c.labelPoint))
        let holed = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(10, 10), (10, 90), (90, 90), (90, 10)])]))
        #expect(holed.contains(holed.labelPoint))
        let two = MultiPolygon(polygons: F.rect(0, 0, 10, 10).polygons + F.rect(1000, 1000, 1500, 1400).polygons)
        let label = two.labelPoint
        #expect(label.lng7 > F.baseLng7 + 1000 && two.contains(label))
    }

    @Test func boundingBoxOperations() {
        let a = BoundingBox(minLat7: 0, minLng7: 0, maxLat7: 10, maxLng7: 10)
        let b = BoundingBox(minLat7: 10, minLng7: 10, maxLat7: 20, maxLng7: 30)
        let c = BoundingBox(minLat7: 11, minLng7: 0, maxLat7: 20, maxLng7: 5)
        #expect(a.intersects(b))
        #expect(!a.intersects(c))
        #expect(a.union(b) == BoundingBox(minLat7: 0, minLng7: 0, maxLat7: 20, maxLng7: 30))
        #expect(a.contains(GeoPoint(lat7: 10, lng7: 0)))
        #expect(!a.contains(GeoPoint(lat7: 11, lng7: 0)))
        #expect(F.rect(-5, 3, 7, 9).boundingBox
                == BoundingBox(minLat7: F.baseLat7 + 3, minLng7: F.baseLng7 - 5, maxLat7: F.baseLat7 + 9, maxLng7: F.baseLng7 + 7))
    }

    @Test func geoPointRoundsAndClamps() {
        let p = GeoPoint(latitude: 27.702, longitude: 113.1427)
        #expect(p.lat7 == 277_020_000 && p.lng7 == 1_131_427_000)
        #expect(GeoPoint(latitude: 0.000_000_06, longitude: -0.000_000_04) == GeoPoint(lat7: 1, lng7: 0))
        #expect(GeoPoint(latitude: .nan, longitude: 500) == GeoPoint(lat7: 0, lng7: 1_800_000_000))
        #expect(throws: Problem.self) { try GeoPoint.validated(latitude: 91, longitude: 0, field: "loc") }
        #expect(throws: Problem.self) { try GeoPoint.validated(latitude: 0, longitude: .infinity, field: "loc") }
        #expect((try? GeoPoint.validated(latitude: 27.7, longitude: 113.1, field: "loc")) == GeoPoint(lat7: 277_000_000, lng7: 1_131_000_000))
    }
}
