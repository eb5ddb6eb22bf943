import Foundation
import PinganGovernance
import PinganKernel

/// Synthetic unit grids for the demo population tests: a 20 × 13 lattice of ~2 km squares
/// around Lukou (27.7 N, 113.14 E), 8 towns, villages of two grids, the first three villages of
/// each town being communities. Some grids are L-shaped or split in two, so points must
/// really be tested against the shape and not its bounding box.
enum DemoPopulationFixture {
    static let towns = ["渌口镇", "南洲镇", "淦田镇", "古岳峰镇", "龙潭镇", "龙船镇", "朱亭镇", "南阳桥乡"]
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-29, Asia/Shanghai

    static let lattice: [DemoPopulation.Grid] = (0..<260).map(grid)

    /// The 33 grids of the first town (渌口镇).
    static var oneTown: [DemoPopulation.Grid] { lattice.filter { $0.townName == towns[0] } }

    private static func grid(_ i: Int) -> DemoPopulation.Grid {
        let row = i / 20, col = i % 20
        let size: Int64 = 200_000  // 0.02 degree
        let lat = 275_700_000 + Int64(row) * size, lng = 1_129_400_000 + Int64(col) * size
        let town = min(7, i / 33), village = i / 2
        let isCommunity = (village - (town * 33) / 2) < 3
        let villageName = isCommunity ? ["渌湘", "建设", "新华", "滨江", "东升"][village % 5] + String(village) + "社区"
                                      : ["石塘", "枫树冲", "王家坪", "杨柳", "龙山"][village % 5] + String(village) + "村"
        return DemoPopulation.Grid(
            code: "430212" + String(100 + town) + String(100 + village) + String(101 + i % 2),
            path: "430212/430212\(100 + town)/\(village)/\(i)", name: "第\(i % 2 + 1)网格",
            villageName: villageName, townName: towns[town], isCommunity: isCommunity,
            boundary: shape(i, lat: lat, lng: lng, size: size), workerUsername: "grid-\(i)")
    }

    /// Squares, with every 7th grid an L (its north-east quarter cut off) and every 11th two
    /// separate halves.
    private static func shape(_ i: Int, lat: Int64, lng: Int64, size: Int64) -> MultiPolygon {
        func rect(_ la: Int64, _ ln: Int64, _ h: Int64, _ w: Int64) -> Polygon {
            Polygon(outer: Ring(closing: [GeoPoint(lat7: la, lng7: ln), GeoPoint(lat7: la, lng7: ln + w),
                                          GeoPoint(lat7: la + h, lng7: ln + w), GeoPoint(lat7: la + h, lng7: ln)]))
        }
        let half = size / 2
        if i % 11 == 0 {
            return MultiPolygon(polygons: [rect(lat, lng, size, half - 20_000), rect(lat, lng + half + 20_000, size, half - 20_000)])
        }
        if i % 7 == 0 {
            let ring = Ring(closing: [GeoPoint(lat7: lat, lng7: lng), GeoPoint(lat7: lat, lng7: lng + size),
                                      GeoPoint(lat7: lat + half, lng7: lng + size), GeoPoint(lat7: lat + half, lng7: lng + half),
                                      GeoPoint(lat7: lat + size, lng7: lng + half), GeoPoint(lat7: lat + size, lng7: lng)])
            return MultiPolygon(Polygon(outer: ring))
        }
        return MultiPolygon(rect(lat, lng, size, size))
    }

    /// Completed years on `now` (China time) for a `yyyy-MM-dd` birth date.
    static func age(_ birthDate: String?, now: Date = now) -> Int? {
        guard let text = birthDate else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let today = calendar.dateComponents([.year, .month, .day], from: now)
        guard let y = today.year, let m = today.month, let d = today.day else { return nil }
        return y - parts[0] - ((m, d) < (parts[1], parts[2]) ? 1 : 0)
    }
}
