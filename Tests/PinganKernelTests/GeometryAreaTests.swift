import Testing
import PinganKernel

@Suite("Geometry: exact area")
struct GeometryAreaTests {
    typealias F = GeoFixture

    @Test func rectangleTriangleAndWinding() {
        #expect(F.rect(0, 0, 300, 200).doubleArea == 2 * 300 * 200)
        let triangle = MultiPolygon(Polygon(outer: F.ring([(0, 0), (40, 0), (0, 30)])))
        #expect(triangle.doubleArea == 40 * 30)
        let clockwise = MultiPolygon(Polygon(outer: triangle.polygons[0].outer.reversed))
        #expect(clockwise.doubleArea == 40 * 30)
        #expect(triangle.polygons[0].outer.signedDoubleArea == 1200)
        #expect(clockwise.polygons[0].outer.signedDoubleArea == -1200)
    }

    @Test func holesAndSeveralPolygons() {
        let holed = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(10, 10), (10, 30), (50, 30), (50, 10)])]))
        #expect(holed.doubleArea == 2 * (100 * 100 - 40 * 20))
        let two = MultiPolygon(polygons: holed.polygons + F.rect(200, 0, 210, 7).polygons)
        #expect(two.doubleArea == 2 * (100 * 100 - 40 * 20 + 70))
    }

    @Test func largeCoordinatesStayExact() {
        // A 1°×1° square far from the origin: the shoelace terms exceed Int64 but Int128 holds them.
        let big = MultiPolygon(Polygon(outer: Ring(closing: [
            GeoPoint(lat7: 890_000_000, lng7: 1_790_000_000), GeoPoint(lat7: 890_000_000, lng7: 1_800_000_000),
            GeoPoint(lat7: 900_000_000, lng7: 1_800_000_000), GeoPoint(lat7: 900_000_000, lng7: 1_790_000_000),
        ])))
        #expect(big.doubleArea == Int128(2) * 10_000_000 * 10_000_000)
    }

    @Test func squareMetresAreApproximatelyRight() {
        // 0.01° × 0.01° near 27.7 N ≈ 1112 m × 985 m.
        let cell = MultiPolygon(Polygon(outer: Ring(closing: [
            GeoPoint(latitude: 27.70, longitude: 113.10), GeoPoint(latitude: 27.70, longitude: 113.11),
            GeoPoint(latitude: 27.71, longitude: 113.11), GeoPoint(latitude: 27.71, longitude: 113.10),
        ])))
        #expect(abs(cell.approximateSquareMeters - 1_095_400) < 5_000)
    }
}
