import Foundation

/// A WGS 84 position stored as integers of 1e-7 degree (about 1 cm), so every geometric
/// predicate on stored shapes is exact integer arithmetic.
public struct GeoPoint: Hashable, Sendable, Codable {
    /// Latitude in 1e-7 degree.
    public var lat7: Int64
    /// Longitude in 1e-7 degree.
    public var lng7: Int64

    /// A point from integer 1e-7 degree coordinates.
    public init(lat7: Int64, lng7: Int64) {
        self.lat7 = lat7
        self.lng7 = lng7
    }

    /// A point from degrees, rounded to the nearest 1e-7 degree. Non-finite input becomes 0 and
    /// values are clamped to ±90 / ±180 so this never traps; use `validated` for user input.
    public init(latitude: Double, longitude: Double) {
        lat7 = GeoPoint.toFixed(latitude, limit: 90)
        lng7 = GeoPoint.toFixed(longitude, limit: 180)
    }

    /// A point from user-supplied degrees, or a 400 naming `field` when a value is not a number
    /// or lies outside the valid range.
    public static func validated(latitude: Double, longitude: Double, field: String) throws -> GeoPoint {
        guard latitude.isFinite, longitude.isFinite else {
            throw Problem.invalid(field, "坐标必须是有限数值")
        }
        guard (-90.0...90.0).contains(latitude) else {
            throw Problem.invalid(field, "纬度 \(latitude) 超出范围（-90 至 90）")
        }
        guard (-180.0...180.0).contains(longitude) else {
            throw Problem.invalid(field, "经度 \(longitude) 超出范围（-180 至 180）")
        }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }

    /// Latitude in degrees.
    public var latitude: Double { Double(lat7) / 1e7 }
    /// Longitude in degrees.
    public var longitude: Double { Double(lng7) / 1e7 }

    private static func toFixed(_ degrees: Double, limit: Double) -> Int64 {
        guard degrees.isFinite else { return 0 }
        return Int64((min(max(degrees, -limit), limit) * 1e7).rounded())
    }
}

/// An axis-aligned box in 1e-7 degree; bounds are inclusive.
public struct BoundingBox: Hashable, Sendable {
    public var minLat7: Int64
    public var minLng7: Int64
    public var maxLat7: Int64
    public var maxLng7: Int64

    /// A box from its inclusive bounds.
    public init(minLat7: Int64, minLng7: Int64, maxLat7: Int64, maxLng7: Int64) {
        self.minLat7 = minLat7
        self.minLng7 = minLng7
        self.maxLat7 = maxLat7
        self.maxLng7 = maxLng7
    }

    /// The smallest box holding every point; nil for no points.
    public init?<S: Sequence>(covering points: S) where S.Element == GeoPoint {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var box = BoundingBox(minLat7: first.lat7, minLng7: first.lng7, maxLat7: first.lat7, maxLng7: first.lng7)
        while let p = it.next() { box.extend(p) }
        self = box
    }

    /// True when `p` lies inside or on the box.
    public func contains(_ p: GeoPoint) -> Bool {
        p.lat7 >= minLat7 && p.lat7 <= maxLat7 && p.lng7 >= minLng7 && p.lng7 <= maxLng7
    }

    /// True when the boxes share at least one point (touching counts).
    public func intersects(_ o: BoundingBox) -> Bool {
        minLat7 <= o.maxLat7 && o.minLat7 <= maxLat7 && minLng7 <= o.maxLng7 && o.minLng7 <= maxLng7
    }

    /// The smallest box holding both.
    public func union(_ o: BoundingBox) -> BoundingBox {
        BoundingBox(minLat7: min(minLat7, o.minLat7), minLng7: min(minLng7, o.minLng7),
                    maxLat7: max(maxLat7, o.maxLat7), maxLng7: max(maxLng7, o.maxLng7))
    }

    /// Grows the box to hold `p`.
    public mutating func extend(_ p: GeoPoint) {
        minLat7 = min(minLat7, p.lat7)
        maxLat7 = max(maxLat7, p.lat7)
        minLng7 = min(minLng7, p.lng7)
        maxLng7 = max(maxLng7, p.lng7)
    }

    /// The centre, rounded down to the 1e-7 grid.
    public var center: GeoPoint {
        GeoPoint(lat7: minLat7 + (maxLat7 - minLat7) / 2, lng7: minLng7 + (maxLng7 - minLng7) / 2)
    }
}

/// Mean Earth radius (IUGG), the usual choice for haversine distances.
let meanEarthRadiusMeters = 6_371_008.8

/// Great-circle distance in metres by the haversine formula (spherical Earth, error < 0.5 %).
public func distanceMeters(_ a: GeoPoint, _ b: GeoPoint) -> Double {
    let rad = Double.pi / 180
    let lat1 = a.latitude * rad, lat2 = b.latitude * rad
    let dLat = lat2 - lat1
    let dLng = (b.longitude - a.longitude) * rad
    let s = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLng / 2) * sin(dLng / 2)
    return 2 * meanEarthRadiusMeters * asin(min(1, sqrt(s)))
}
