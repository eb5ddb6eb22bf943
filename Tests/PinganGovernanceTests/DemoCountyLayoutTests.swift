import Foundation
import Testing
import PinganKernel
import PinganGovernance

@Suite("Demo county layout")
struct DemoCountyLayoutTests {
    static let layout = DemoCountyLayout.generate(seed: 20_240_601)

    private func grids(_ layer: String, level: Int, in layout: DemoCountyLayout = layout) -> [DemoGridSpec] {
        layout.grids.filter { $0.layer == layer && $0.level == level }
    }

    @Test func governanceCountsPerLevel() {
        #expect(grids("governance", level: 1).count == 1)
        #expect(grids("governance", level: 2).count == 8)
        #expect(grids("governance", level: 4).count == 139)
        #expect(grids("governance", level: 5).count == 260)
        let areas = grids("governance", level: 3)
        for town in grids("governance", level: 2) {
            let own = areas.filter { $0.parentCode == town.code }.count
            #expect((2...4).contains(own), "\(town.name) has \(own) areas")
        }
        #expect(Set(grids("governance", level: 2).map(\.name)) ==
                ["渌口镇", "南洲镇", "淦田镇", "古岳峰镇", "龙潭镇", "龙船镇", "朱亭镇", "南阳桥乡"])
        #expect(Self.layout.grids.filter { $0.layer == "governance" }.allSatisfy { (1...5).contains($0.level) })
    }

    @Test func townsDifferInSize() {
        let sizes = grids("governance", level: 2).map { town in
            grids("governance", level: 5).filter { $0.code.hasPrefix(town.code) }.count
        }
        #expect(sizes.reduce(0, +) == 260)
        #expect(Set(sizes).count >= 4)
        #expect((sizes.max() ?? 0) >= (sizes.min() ?? 0) + 10)
    }

    @Test func codesFollowTheScheme() {
        let byCode = Dictionary(uniqueKeysWithValues: Self.layout.grids.map { ("\($0.layer)/\($0.code)", $0) })
        #expect(byCode.count == Self.layout.grids.count, "codes are unique per layer")
        let lengths = [1: 6, 2: 9, 3: 11, 4: 12, 5: 15]
        for grid in Self.layout.grids where grid.layer == "governance" {
            #expect(grid.code.count == lengths[grid.level] && grid.code.allSatisfy(\.isASCII) && Int(grid.code) != nil,
                    "\(grid.code) at level \(grid.level)")
            #expect(grid.code.hasPrefix("430212"))
            guard let parentCode = grid.parentCode else {
                #expect(grid.level == 1)
                continue
            }
            let parent = byCode["governance/\(parentCode)"]
            #expect(parent?.level == grid.level - 1)
            switch grid.level {
            case 3, 5:
                #expect(grid.code.hasPrefix(parentCode))
            case 4:
                // A village hangs under an area but its code extends the town's.
                #expect(grid.code.hasPrefix(String(parentCode.prefix(9))))
                let suffix = Int(grid.code.suffix(3)) ?? 0
                #expect(grid.name.hasSuffix("社区") ? (1...99).contains(suffix) : (201...299).contains(suffix), "\(grid.name) \(grid.code)")
            default:
                #expect(grid.code.hasPrefix(parentCode))
            }
        }
        for town in grids("governance", level: 2) {
            #expect(town.code.hasPrefix("4302121") || town.code.hasPrefix("4302122"))
        }
    }

    @Test func namesLookLikePlaceNames() {
        let villages = grids("governance", level: 4)
        #expect(villages.allSatisfy { $0.name.hasSuffix("村") || $0.name.hasSuffix("社区") })
        #expect(Set(villages.map(\.name)).count == villages.count)
        #expect(villages.contains { $0.name.hasSuffix("社区") } && villages.contains { $0.name.hasSuffix("村") })
        let byCode = Dictionary(uniqueKeysWithValues: villages.map { ($0.code, $0) })
        for grid in grids("governance", level: 5) {
            let village = byCode[grid.parentCode ?? ""]
            #expect(village.map { grid.name.hasPrefix($0.name) && grid.name.hasSuffix("网格") } == true, "\(grid.name)")
        }
        let areaNames = grids("governance", level: 3).map(\.name)
        #expect(areaNames.allSatisfy { name in
            ["东片", "西片", "南片", "北片", "中片"].contains { name.hasSuffix($0) }
        })
        #expect(areaNames.contains { $0.hasPrefix("渌口镇") })
    }

    @Test func everyVillageHasAGrid() {
        let parents = Set(grids("governance", level: 5).compactMap(\.parentCode))
        #expect(grids("governance", level: 4).allSatisfy { parents.contains($0.code) })
        let areaParents = Set(grids("governance", level: 4).compactMap(\.parentCode))
        #expect(grids("governance", level: 3).allSatisfy { areaParents.contains($0.code) })
    }

    @Test func districtIsWhereLukouIs() {
        let district = grids("governance", level: 1)[0].boundary
        #expect(district.contains(GeoPoint(latitude: 27.702, longitude: 113.1427)))
        let box = district.boundingBox
        #expect(box.minLat7 > 273_500_000 && box.maxLat7 < 279_500_000, "\(box)")
        #expect(box.minLng7 > 1_128_500_000 && box.maxLng7 < 1_135_000_000, "\(box)")
        // Organic, not a box: the outline has many vertices and fills well under all of its box.
        let boxArea = Int128(box.maxLat7 - box.minLat7) * Int128(box.maxLng7 - box.minLng7) * 2
        #expect(district.polygons[0].outer.points.count > 100)
        #expect(district.doubleArea * 10 < boxArea * 9)
        let km2 = district.approximateSquareMeters / 1e6
        #expect(km2 > 800 && km2 < 1_300, "\(km2) km²")
        #expect(district.contains(Self.layout.center))
    }

    @Test func allPolygonsValidate() {
        for grid in Self.layout.grids {
            let issues = grid.boundary.validate()
            #expect(issues.isEmpty, "\(grid.layer) \(grid.code): \(issues.map(\.message))")
            #expect(grid.boundary.polygons.count == 1 && grid.boundary.polygons[0].holes.isEmpty)
        }
    }

    @Test(arguments: ["governance", "police"])
    func everyParentIsTiledByItsChildren(_ layer: String) {
        let nodes = Self.layout.grids.filter { $0.layer == layer }
        let children = Dictionary(grouping: nodes.filter { $0.parentCode != nil }, by: { $0.parentCode ?? "" })
        var checked = 0
        for parent in nodes {
            guard let kids = children[parent.code] else { continue }
            let issues = Tiling.check(parent: parent.boundary, children: kids.map { ($0.code, $0.boundary) })
            #expect(issues.isEmpty, "\(parent.name): \(issues.map(\.message))")
            checked += 1
        }
        #expect(checked == nodes.filter { $0.level < (layer == "police" ? 3 : 5) }.count)
        // The leaves of each layer tile the district as well.
        let leaves = nodes.filter { $0.level == (layer == "police" ? 3 : 5) }
        let root = nodes.first { $0.level == 1 }!
        #expect(Tiling.check(parent: root.boundary, children: leaves.map { ($0.code, $0.boundary) }).isEmpty)
    }

    @Test func unitGridsAreExactlyTheDistrict() {
        let district = grids("governance", level: 1)[0].boundary
        let cells = grids("governance", level: 5)
        #expect(cells.reduce(Int128(0)) { $0 + $1.boundary.doubleArea } == district.doubleArea)
        // Every shared corner point belongs to exactly one unit grid.
        let probe = cells.prefix(20).flatMap(\.boundary.polygons[0].outer.points)
        for p in probe where district.contains(p) {
            #expect(cells.filter { $0.boundary.contains(p) }.count == 1)
        }
    }

    @Test func policeLayer() {
        let bureau = grids("police", level: 1)
        #expect(bureau.map(\.code) == ["430212"] && bureau.first?.name == "株洲市公安局渌口分局")
        let stations = grids("police", level: 2)
        #expect(stations.count == 8)
        #expect(stations.allSatisfy { $0.code.count == 9 && $0.code.hasPrefix("4302125") && $0.name.hasSuffix("派出所") })
        let policeGrids = grids("police", level: 3)
        #expect(policeGrids.allSatisfy { $0.code.count == 12 && $0.code.hasPrefix($0.parentCode ?? "-") })
        let units = grids("governance", level: 5)
        var covered = 0
        for pg in policeGrids {
            let inside = units.filter { pg.boundary.contains($0.boundary.labelPoint) }.count
            #expect((1...2).contains(inside), "\(pg.code) holds \(inside) unit grids")
            covered += inside
        }
        #expect(covered == 260)
        #expect(policeGrids.count < 260 && policeGrids.count > 130)
    }

    @Test func sameSeedSameLayoutOtherSeedSameCounts() {
        let again = DemoCountyLayout.generate(seed: 20_240_601)
        #expect(again.grids == Self.layout.grids)
        #expect(again.center == Self.layout.center)
        let other = DemoCountyLayout.generate(seed: 7)
        #expect(other.grids != Self.layout.grids)
        for layer in ["governance", "police"] {
            for level in 1...5 {
                #expect(grids(layer, level: level, in: other).count == grids(layer, level: level).count)
            }
        }
        #expect(grids("governance", level: 1, in: other)[0].boundary.contains(GeoPoint(latitude: 27.702, longitude: 113.1427)))
    }

    @Test(arguments: [UInt64(0), 1, 2, 3, 99, 123_456_789, UInt64.max])
    func manySeedsGiveSoundLayouts(_ seed: UInt64) {
        let layout = DemoCountyLayout.generate(seed: seed)
        #expect(grids("governance", level: 4, in: layout).count == 139)
        #expect(grids("governance", level: 5, in: layout).count == 260)
        #expect(layout.grids.allSatisfy { $0.boundary.validate().isEmpty })
        let towns = grids("governance", level: 2, in: layout)
        let district = grids("governance", level: 1, in: layout)[0]
        #expect(Tiling.check(parent: district.boundary, children: towns.map { ($0.code, $0.boundary) }).isEmpty)
    }

    @Test func generationTime() {
        let start = Date()
        let runs = 3
        for seed in 1...UInt64(runs) { _ = DemoCountyLayout.generate(seed: seed) }
        let each = Date().timeIntervalSince(start) / Double(runs)
        print("DemoCountyLayout.generate: \(String(format: "%.3f", each)) s per layout")
        #expect(each < 10)
    }
}
