import Foundation
import Testing
import PinganKernel
import PinganGovernance

@Suite("Demo county vector layers")
struct DemoCountyVectorLayersTests {
    static let layout = DemoCountyLayout.generate(seed: 42)
    static let layers = DemoVectorLayers.generate(seed: 42, layout: layout)
    static let district = layout.grids.first { $0.layer == "governance" && $0.level == 1 }!.boundary
    static let seat = GeoPoint(latitude: 27.702, longitude: 113.1427)

    /// Node ids reachable from the first node over roads, and all node ids.
    static func reachable(_ layers: DemoVectorLayers) -> (seen: Set<String>, all: Set<String>) {
        var adjacent: [String: [String]] = [:]
        for road in layers.roads {
            adjacent[road.from, default: []].append(road.to)
            adjacent[road.to, default: []].append(road.from)
        }
        let all = Set(layers.nodes.map(\.id))
        guard let start = layers.nodes.first?.id else { return ([], all) }
        var seen: Set<String> = [start]
        var stack = [start]
        while let n = stack.popLast() {
            for m in adjacent[n] ?? [] where seen.insert(m).inserted { stack.append(m) }
        }
        return (seen, all)
    }

    @Test func roadGraphIsConnected() {
        let layers = Self.layers
        let ids = Set(layers.nodes.map(\.id))
        #expect(ids.count == layers.nodes.count && ids.count > 20)
        #expect(layers.roads.allSatisfy { ids.contains($0.from) && ids.contains($0.to) })
        let (seen, all) = Self.reachable(layers)
        #expect(seen == all, "\(all.count - seen.count) nodes unreachable")
        let onRoads = Set(layers.roads.flatMap { [$0.from, $0.to] })
        #expect(onRoads == all, "every node is on a road")
    }

    @Test(arguments: [UInt64(1), 11, 13, 2_024])
    func otherSeedsKeepTheGuarantees(_ seed: UInt64) {
        let layout = DemoCountyLayout.generate(seed: seed)
        let district = layout.grids.first { $0.layer == "governance" && $0.level == 1 }!.boundary
        let layers = DemoVectorLayers.generate(seed: seed, layout: layout)
        let (seen, all) = Self.reachable(layers)
        #expect(seen == all && !all.isEmpty)
        #expect(layers.roads.allSatisfy { $0.points.allSatisfy(district.contains) })
        #expect(layers.rivers.map(\.name) == ["湘江", "渌江"])
        #expect(layers.places.contains { $0.kind == .bridge })
    }

    @Test func roadsRunBetweenTheirNodesInsideTheDistrict() {
        let points = Dictionary(uniqueKeysWithValues: Self.layers.nodes.map { ($0.id, $0.point) })
        for road in Self.layers.roads {
            #expect(road.points.count >= 2)
            #expect(road.points.first == points[road.from] && road.points.last == points[road.to], "\(road.id)")
            #expect(road.points.allSatisfy(Self.district.contains), "\(road.id) \(road.name) leaves the district")
            let length = zip(road.points, road.points.dropFirst()).reduce(0.0) { $0 + distanceMeters($1.0, $1.1) }
            #expect(abs(length - road.lengthMeters) < 1 && road.lengthMeters > 100)
            #expect(road.speedKmh == road.roadClass.speedKmh && !road.name.isEmpty)
        }
        #expect(Self.layers.nodes.allSatisfy { Self.district.contains($0.point) })
    }

    @Test func roadClassesAndNames() {
        let roads = Self.layers.roads
        #expect(Set(roads.map(\.roadClass)) == Set(DemoVectorLayers.RoadClass.allCases))
        for name in ["京港澳高速", "G107国道", "S211省道", "S210省道"] {
            #expect(roads.contains { $0.name == name }, "\(name) missing")
        }
        #expect(roads.filter { $0.name == "京港澳高速" }.allSatisfy { $0.roadClass == .expressway && $0.speedKmh == 120 })
        #expect(roads.filter { $0.roadClass == .local }.allSatisfy { $0.name.hasSuffix("乡道") })
        let names = Set(Self.layers.nodes.compactMap(\.name))
        #expect(names.isSuperset(of: ["渌口镇", "渌口互通", "京港澳高速北出口（往长沙）"]))
        // The expressway meets other roads only at interchanges and its two ends.
        let expresswayNodes = Set(roads.filter { $0.roadClass == .expressway }.flatMap { [$0.from, $0.to] })
        let otherNodes = Set(roads.filter { $0.roadClass != .expressway }.flatMap { [$0.from, $0.to] })
        let shared = expresswayNodes.intersection(otherNodes)
        let named = Dictionary(uniqueKeysWithValues: Self.layers.nodes.map { ($0.id, $0.name ?? "") })
        #expect(!shared.isEmpty && shared.allSatisfy { named[$0]?.hasSuffix("互通") == true })
    }

    @Test func riversMeetAtLukou() {
        let rivers = Dictionary(uniqueKeysWithValues: Self.layers.rivers.map { ($0.name, $0) })
        guard let xiang = rivers["湘江"], let lu = rivers["渌江"], let mouth = lu.points.last else {
            Issue.record("rivers missing: \(Self.layers.rivers.map(\.name))")
            return
        }
        #expect(xiang.points.contains(mouth), "the 渌江 ends on the 湘江")
        #expect(distanceMeters(mouth, Self.seat) < 3_000)
        #expect(Set(xiang.points).count == xiang.points.count && Set(lu.points).count == lu.points.count)
        // Both flow through 渌口镇.
        let lukou = Self.layout.grids.first { $0.code == "430212100" && $0.layer == "governance" }!.boundary
        #expect(xiang.points.contains(where: lukou.contains) && lu.points.contains(where: lukou.contains))
        // The 湘江 crosses the district: both of its ends lie on the district's outline.
        let outline = Set(Self.district.polygons[0].outer.points)
        #expect(outline.contains(xiang.points[0]) && outline.contains(xiang.points[xiang.points.count - 1]))
    }

    @Test func placesAreNamedAndInTheirGrids() {
        let places = Self.layers.places
        let lukou = places.first { $0.name == "渌口镇政府" }
        #expect(lukou?.point == Self.seat && lukou?.kind == .government)
        #expect(places.filter { $0.kind == .committee }.count == 139)
        #expect(places.contains { $0.kind == .bridge && $0.name.contains("湘江") })
        #expect(Set(places.map(\.name)).count == places.count)
        #expect(Set(places.map(\.kind)) == Set(DemoVectorLayers.PlaceKind.allCases))
        let grids = Dictionary(uniqueKeysWithValues: Self.layout.grids.filter { $0.layer == "governance" && $0.level == 5 }.map { ($0.code, $0) })
        for place in places {
            let grid = place.gridCode.flatMap { grids[$0] }
            #expect(grid?.boundary.contains(place.point) == true, "\(place.name) not in its grid \(place.gridCode ?? "-")")
        }
    }

    @Test func deterministic() {
        let start = Date()
        let again = DemoVectorLayers.generate(seed: 42, layout: Self.layout)
        print("DemoVectorLayers.generate: \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
        #expect(again == Self.layers)
        let other = DemoVectorLayers.generate(seed: 9, layout: DemoCountyLayout.generate(seed: 9))
        #expect(other != Self.layers)
        #expect(other.rivers.count == 2 && other.places.filter { $0.kind == .committee }.count == 139)
    }
}
