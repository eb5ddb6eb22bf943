import Foundation

/// The coordinate systems department exports and commercial maps use in China. Pingan stores
/// WGS 84; the other two are converted on the way in.
public enum CoordinateSystem: String, Sendable, CaseIterable {
    /// GPS / 天地图 (≈ CGCS2000).
    case wgs84
    /// 国测局 "Mars" coordinates (AMap, Tencent, Google China).
    case gcj02
    /// Baidu's coordinates, a further offset of GCJ-02.
    case bd09

    /// Converts a position in this system to WGS 84. GCJ-02 is inverted by fixed-point iteration
    /// of the published forward formula (error far below 1e-7 degree); BD-09 goes through GCJ-02.
    /// Outside mainland China GCJ-02 equals WGS 84.
    public func toWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        switch self {
        case .wgs84:
            return (latitude, longitude)
        case .gcj02:
            return ChinaOffsets.gcj02ToWGS84(latitude: latitude, longitude: longitude)
        case .bd09:
            let gcj = ChinaOffsets.bd09ToGCJ02(latitude: latitude, longitude: longitude)
            return ChinaOffsets.gcj02ToWGS84(latitude: gcj.latitude, longitude: gcj.longitude)
        }
    }

    /// Converts a WGS 84 position into this system (the forward formulas), e.g. to export for
    /// a commercial map.
    public func fromWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        switch self {
        case .wgs84:
            return (latitude, longitude)
        case .gcj02:
            return ChinaOffsets.wgs84ToGCJ02(latitude: latitude, longitude: longitude)
        case .bd09:
            let gcj = ChinaOffsets.wgs84ToGCJ02(latitude: latitude, longitude: longitude)
            return ChinaOffsets.gcj02ToBD09(latitude: gcj.latitude, longitude: gcj.longitude)
        }
    }
}

/// The GCJ-02 and BD-09 formulas as published in the widely circulated open-source ports
/// (Krasovsky 1940 ellipsoid constants).
enum ChinaOffsets {
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23
    private static let xPi = Double.pi * 3000.0 / 180.0

    /// The rough box outside which GCJ-02 applies no offset.
    static func isOutsideChina(latitude: Double, longitude: Double) -> Bool {
        longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271
    }

    static func wgs84ToGCJ02(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        guard !isOutsideChina(latitude: latitude, longitude: longitude) else { return (latitude, longitude) }
        let d = delta(latitude: latitude, longitude: longitude)
        return (latitude + d.latitude, longitude + d.longitude)
    }

    /// Solves wgs + delta(wgs) = gcj by fixed-point iteration; the offset varies slowly, so each
    /// step gains several digits and a few steps reach 1e-12 degree.
    static func gcj02ToWGS84(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        guard !isOutsideChina(latitude: latitude, longitude: longitude) else { return (latitude, longitude) }
        var lat = latitude, lng = longitude
        for _ in 0..<30 {
            let forward = wgs84ToGCJ02(latitude: lat, longitude: lng)
            let dLat = forward.latitude - latitude, dLng = forward.longitude - longitude
            lat -= dLat
            lng -= dLng
            if abs(dLat) < 1e-12 && abs(dLng) < 1e-12 { break }
        }
        return (lat, lng)
    }

    static func gcj02ToBD09(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let x = longitude, y = latitude
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return (z * sin(theta) + 0.006, z * cos(theta) + 0.0065)
    }

    /// Inverts `gcj02ToBD09` by iteration (the usual closed-form inverse is only good to ~1e-6).
    static func bd09ToGCJ02(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        var lat = latitude - 0.006, lng = longitude - 0.0065
        for _ in 0..<30 {
            let forward = gcj02ToBD09(latitude: lat, longitude: lng)
            let dLat = forward.latitude - latitude, dLng = forward.longitude - longitude
            lat -= dLat
            lng -= dLng
            if abs(dLat) < 1e-12 && abs(dLng) < 1e-12 { break }
        }
        return (lat, lng)
    }

    private static func delta(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let x = longitude - 105.0, y = latitude - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        dLng += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLng += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLng += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = latitude / 180.0 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLng = (dLng * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLng)
    }
}
