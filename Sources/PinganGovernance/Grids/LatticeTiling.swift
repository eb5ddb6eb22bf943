import Foundation
import PinganKernel

/// A synthetic exact tiling for benchmarks and tests: A square district cut into `side` towns (rows); each town has one area and one village,
/// and the village `side` unit grids. Exact tiling by construction.
public struct LatticeTiling: Sendable {
    public static let district = "430299"
    public let side: Int
    public init(side: Int) { self.side = side }
    let origin = GeoPoint(latitude: 27.5, longitude: 112.95)
    let cell: Int64 = 60_000  // 0.006° ≈ 600 m

    public func rect(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> MultiPolygon {
        let a = GeoPoint(lat7: origin.lat7 + Int64(r0) * cell, lng7: origin.lng7 + Int64(c0) * cell)
        let b = GeoPoint(lat7: origin.lat7 + Int64(r1) * cell, lng7: origin.lng7 + Int64(c1) * cell)
        let ring = Ring(points: [a, GeoPoint(lat7: a.lat7, lng7: b.lng7), b, GeoPoint(lat7: b.lat7, lng7: a.lng7), a])
        return MultiPolygon(polygons: [Polygon(outer: ring, holes: [])])
    }

    public func nodes(validFrom: Date) -> [GridNode] {
        let d = Self.district
        var out = [GridNode(layer: .governance, code: d, name: "基准区", level: 1, parentCode: nil, path: "/\(d)/",
                            boundary: rect(0, 0, side, side), validFrom: validFrom)]
        for r in 0..<side {
            let town = d + String(format: "%03d", r + 1)
            let area = town + "01", village = town + "001"
            let townPath = "/\(d)/\(town)/", areaPath = townPath + area + "/", villagePath = areaPath + village + "/"
            let row = rect(r, 0, r + 1, side)
            out.append(GridNode(layer: .governance, code: town, name: "第\(r + 1)镇", level: 2, parentCode: d, path: townPath, boundary: row, validFrom: validFrom))
            out.append(GridNode(layer: .governance, code: area, name: "第\(r + 1)片", level: 3, parentCode: town, path: areaPath, boundary: row, validFrom: validFrom))
            out.append(GridNode(layer: .governance, code: village, name: "第\(r + 1)村", level: 4, parentCode: area, path: villagePath, boundary: row, validFrom: validFrom))
            for c in 0..<side {
                let code = village + String(format: "%03d", c + 1)
                out.append(GridNode(layer: .governance, code: code, name: "第\(r + 1)村第\(c + 1)网格", level: 5, parentCode: village,
                                    path: villagePath + code + "/", boundary: rect(r, c, r + 1, c + 1), validFrom: validFrom))
            }
        }
        return out
    }

    public func randomInteriorPoint(_ rng: inout SeededGenerator) -> GeoPoint {
        let span = Int64(side) * cell
        return GeoPoint(lat7: origin.lat7 + 1 + Int64(rng.next() % UInt64(span - 2)),
                        lng7: origin.lng7 + 1 + Int64(rng.next() % UInt64(span - 2)))
    }
}
