import Testing
import PinganKernel

@Suite("Geometry: validation")
struct GeometryValidationTests {
    typealias F = GeoFixture

    private func kinds(_ shape: MultiPolygon) -> [GeometryIssue.Kind] {
        shape.validate().map(\.kind)
    }

    @Test func validShapesHaveNoIssues() {
        #expect(F.rect(0, 0, 10, 10).validate().isEmpty)
        let holed = MultiPolygon(Polygon(outer: F.ring([(0, 0), (100, 0), (100, 100), (0, 100)]),
                                         holes: [F.ring([(40, 40), (40, 60), (60, 60), (60, 40)])]))
        #expect(holed.validate().isEmpty)
        // Two polygons sharing an edge touch but do not overlap.
        let pair = MultiPolygon(polygons: F.rect(0, 0, 10, 10).polygons + F.rect(10, 0, 20, 10).polygons)
        #expect(pair.validate().isEmpty)
    }

    @Test func bowTieIsRejectedNamingItsSegments() {
        let bowTie = MultiPolygon(Polygon(outer: F.ring([(0, 0), (10, 10), (10, 0), (0, 10)])))
        let issues = bowTie.validate()
        #expect(issues.count == 1)
        #expect(issues.first?.kind == .selfIntersection)
        #expect(issues.first?.segments == [0, 2])
        #expect(issues.first?.message.contains("第 1 段与第 3 段") == true)
    }

    @Test func spikeAndFigureEightAreSelfIntersections() {
        let spike = MultiPolygon(Polygon(outer: F.ring([(0, 0), (10, 0), (10, 10), (10, 20), (10, 5), (0, 10)])))
        #expect(kinds(spike).contains(.selfIntersection))
        let eight = MultiPolygon(Polygon(outer: F.ring([(0, 0), (10, 10), (20, 0), (20, 20), (10, 10), (0, 20)])))
        // Touching itself at one vertex: every pair of segments meeting there is named.
        #expect(!kinds(eight).isEmpty && kinds(eight).allSatisfy { $0 == .selfIntersection })
    }

    @Test func repeatedConsecutivePointsAreTolerated() {
        let ring = Ring(points: [F.pt(0, 0), F.pt(10, 0), F.pt(10, 0), F.pt(10, 10), F.pt(0, 10), F.pt(0, 0)])
        let shape = MultiPolygon(Polygon(outer: ring))
        #expect(shape.validate().isEmpty)
        #expect(shape.doubleArea == 200)
    }

    @Test func structuralProblems() {
        #expect(kinds(MultiPolygon(polygons: [])) == [.noPolygons])
        let short = Ring(points: [F.pt(0, 0), F.pt(1, 0), F.pt(0, 0)])
        #expect(kinds(MultiPolygon(Polygon(outer: short))) == [.tooFewPoints])
        let open = Ring(points: [F.pt(0, 0), F.pt(1, 0), F.pt(1, 1), F.pt(0, 1)])
        #expect(kinds(MultiPolygon(Polygon(outer: open))) == [.unclosedRing])
        let flat = MultiPolygon(Polygon(outer: F.ring([(0, 0), (5, 5), (10, 10)])))
        #expect(kinds(flat) == [.zeroArea])
    }

    @Test func holesMustLieInsideAndApart() {
        let outer = F.ring([(0, 0), (100, 0), (100, 100), (0, 100)])
        let outside = MultiPolygon(Polygon(outer: outer, holes: [F.ring([(200, 200), (210, 200), (210, 210)])]))
        #expect(kinds(outside) == [.holeOutsideOuter])
        let crossing = MultiPolygon(Polygon(outer: outer, holes: [F.ring([(50, 50), (150, 50), (150, 60), (50, 60)])]))
        let crossingIssues = crossing.validate()
        #expect(crossingIssues.map(\.kind) == [.ringsIntersect])
        #expect(crossingIssues.first?.rings == [0, 1])
        let nested = MultiPolygon(Polygon(outer: outer, holes: [F.ring([(10, 10), (10, 90), (90, 90), (90, 10)]),
                                                                F.ring([(40, 40), (40, 60), (60, 60), (60, 40)])]))
        #expect(kinds(nested) == [.holesNested])
    }

    @Test func overlappingPolygonsAreRejected() {
        let overlap = MultiPolygon(polygons: F.rect(0, 0, 10, 10).polygons + F.rect(5, 5, 15, 15).polygons)
        let issues = overlap.validate()
        #expect(issues.map(\.kind) == [.polygonsOverlap])
        #expect(issues.first?.polygon == 0 && issues.first?.otherPolygon == 1)
        let inside = MultiPolygon(polygons: F.rect(0, 0, 10, 10).polygons + F.rect(2, 2, 4, 4).polygons)
        #expect(kinds(inside) == [.polygonsOverlap])
        let same = MultiPolygon(polygons: F.rect(0, 0, 10, 10).polygons + F.rect(0, 0, 10, 10).polygons)
        #expect(kinds(same) == [.polygonsOverlap])
    }
}
