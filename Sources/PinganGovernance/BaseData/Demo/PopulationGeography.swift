import Foundation
import PinganKernel

/// A unit grid's shape prepared for drawing points inside it: houses cluster around village
/// groups (组) or line up along community streets, and every point is checked with the exact
/// `MultiPolygon.contains`, falling back to a uniform draw and finally to the label point.
struct PopulationSite {
    let boundary: MultiPolygon
    let box: BoundingBox
    let label: GeoPoint
    /// 1e-7 degree per metre of latitude and of longitude at this latitude.
    let latPerMeter: Double
    let lngPerMeter: Double

    init(boundary: MultiPolygon) {
        self.boundary = boundary
        box = boundary.boundingBox
        label = boundary.labelPoint
        latPerMeter = 1e7 / 111_195
        lngPerMeter = latPerMeter / max(0.2, cos(Double(box.center.lat7) / 1e7 * Double.pi / 180))
    }

    /// Uniform inside the shape (rejection from the bounding box).
    func uniformPoint(_ dice: inout PopulationDice) -> GeoPoint {
        let height = Int(box.maxLat7 - box.minLat7), width = Int(box.maxLng7 - box.minLng7)
        for _ in 0..<200 {
            let p = GeoPoint(lat7: box.minLat7 + Int64(dice.below(height + 1)), lng7: box.minLng7 + Int64(dice.below(width + 1)))
            if boundary.contains(p) { return p }
        }
        return label
    }

    /// Near `center` (Gaussian spread of `meters`), inside the shape.
    func point(near center: GeoPoint, meters: Double, _ dice: inout PopulationDice) -> GeoPoint {
        for _ in 0..<6 {
            let p = offset(center, north: dice.gaussian() * meters, east: dice.gaussian() * meters)
            if boundary.contains(p) { return p }
        }
        return uniformPoint(&dice)
    }

    /// `fraction` of the way from `a` to `b`, pushed `side` metres to one side, inside the shape.
    func point(along a: GeoPoint, _ b: GeoPoint, fraction: Double, side: Double, _ dice: inout PopulationDice) -> GeoPoint {
        let dLat = Double(b.lat7 - a.lat7), dLng = Double(b.lng7 - a.lng7)
        let base = GeoPoint(lat7: a.lat7 + Int64((dLat * fraction).rounded()), lng7: a.lng7 + Int64((dLng * fraction).rounded()))
        // Perpendicular in metres: (east, north) of the street direction rotated by 90°.
        let east = dLng / lngPerMeter, north = dLat / latPerMeter
        let length = max(1, (east * east + north * north).squareRoot())
        let p = offset(base, north: east / length * side, east: -north / length * side)
        return boundary.contains(p) ? p : point(near: base, meters: 20, &dice)
    }

    private func offset(_ p: GeoPoint, north: Double, east: Double) -> GeoPoint {
        GeoPoint(lat7: p.lat7 + Int64((north * latPerMeter).rounded()), lng7: p.lng7 + Int64((east * lngPerMeter).rounded()))
    }
}

/// Fixed catalogues for addresses and migration.
enum PopulationPlaces {
    /// Street names of small-town communities in Hunan.
    static let streets = ["建设路", "人民路", "解放路", "新华街", "渌江路", "湘江路", "滨江路", "青年路", "文化路", "府前路",
                          "站前路", "向阳路", "和平路", "东风路", "兴隆街", "正街", "老街", "河街", "新街", "朝阳路",
                          "育才路", "工业路", "园区路", "迎宾路", "振兴路", "幸福路", "红旗路", "车站路", "团结路",
                          "健康路", "金山路", "商贸街", "胜利路", "五一路", "中山路", "沿江路"]

    /// Where away residents are and why.
    static let awayPlaces = [("广东省深圳市", 18.0), ("广东省东莞市", 14.0), ("广东省广州市", 12.0), ("湖南省长沙市", 16.0),
                             ("浙江省杭州市", 6.0), ("浙江省宁波市", 4.0), ("上海市", 6.0), ("江苏省苏州市", 5.0),
                             ("北京市", 3.0), ("福建省厦门市", 3.0), ("湖北省武汉市", 4.0), ("广东省佛山市", 5.0),
                             ("湖南省株洲市天元区", 4.0)]
    static let studyPlaces = ["湖南省长沙市", "湖南省株洲市", "湖南省湘潭市", "湖北省武汉市", "广东省广州市", "湖南省衡阳市"]

    /// Origin county codes of floating residents: nearby Hunan counties first, then the
    /// provinces that send workers to Zhuzhou.
    static let floatingOrigins: [(code: Int, weight: Double)] = [
        (430_281, 10), (430_223, 8), (430_224, 6), (430_225, 3), (430_321, 8), (430_381, 4), (430_421, 6),
        (430_426, 4), (430_524, 5), (431_021, 4), (431_121, 3), (430_202, 3), (430_211, 3), (430_203, 2),
        (360_302, 4), (360_321, 3), (360_981, 2), (421_022, 2), (420_117, 1), (450_324, 2), (510_921, 2),
        (522_422, 2), (441_900, 1), (532_101, 1),
    ]

    /// Where married-in spouses often come from (their IDs keep the birth county's code).
    static let neighbourCounties = [430_281, 430_223, 430_321, 430_224, 430_202]
}

/// Full administrative names from a grid's short or full ones.
enum PopulationNaming {
    /// "渌口镇" stays, "渌口" becomes "渌口镇".
    static func townName(_ name: String) -> String {
        name.hasSuffix("镇") || name.hasSuffix("乡") || name.hasSuffix("街道") ? name : name + "镇"
    }

    /// "石塘村" / "渌口社区" stay; a bare stem gets 社区 or 村 by the grid's kind.
    static func villageName(_ name: String, isCommunity: Bool) -> String {
        name.hasSuffix("村") || name.hasSuffix("社区") || name.hasSuffix("居委会") ? name : name + (isCommunity ? "社区" : "村")
    }

    /// The name without its 镇/乡/村/社区 ending, for shop and school names.
    static func stem(_ name: String) -> String {
        for suffix in ["街道", "社区", "居委会", "镇", "乡", "村"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
