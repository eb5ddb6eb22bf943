import Foundation

/// A closed ring of points: the first point equals the last. Consecutive repeated points are
/// tolerated (rounding to 1e-7 degree can create them) and ignored by every predicate.
public struct Ring: Hashable, Sendable {
    public var points: [GeoPoint]

    /// A ring from its points exactly as given (close it yourself or use `closing`).
    public init(points: [GeoPoint]) {
        self.points = points
    }

    /// A ring from an open list of vertices; appends the first point when it is not already last.
    public init(closing vertices: [GeoPoint]) {
        var pts = vertices
        if let first = pts.first, pts.last != first { pts.append(first) }
        points = pts
    }

    /// True when the ring has points and its first point equals its last.
    public var isClosed: Bool { points.count >= 2 && points.first == points.last }

    /// Twice the signed area (positive when counter-clockwise with x = longitude, y = latitude).
    public var signedDoubleArea: Int128 {
        guard points.count >= 3 else { return 0 }
        var sum: Int128 = 0
        for i in 0..<(points.count - 1) {
            let a = points[i], b = points[i + 1]
            sum += Int128(a.lng7) * Int128(b.lat7) - Int128(b.lng7) * Int128(a.lat7)
        }
        if let first = points.first, let last = points.last, first != last {
            sum += Int128(last.lng7) * Int128(first.lat7) - Int128(first.lng7) * Int128(last.lat7)
        }
        return sum
    }

    /// The same ring traversed the other way.
    public var reversed: Ring { Ring(points: points.reversed()) }
}

/// A polygon: one outer ring and any number of holes.
public struct Polygon: Hashable, Sendable {
    public var outer: Ring
    public var holes: [Ring]

    /// A polygon from its rings.
    public init(outer: Ring, holes: [Ring] = []) {
        self.outer = outer
        self.holes = holes
    }

    /// Twice the area, outer minus holes, never negative.
    public var doubleArea: Int128 {
        var area = outer.signedDoubleArea.magnitudeInt128
        for hole in holes { area -= hole.signedDoubleArea.magnitudeInt128 }
        return max(0, area)
    }

    /// The polygon with its outer ring counter-clockwise and holes clockwise (RFC 7946 winding).
    public var normalizedWinding: Polygon {
        Polygon(outer: outer.signedDoubleArea < 0 ? outer.reversed : outer,
                holes: holes.map { $0.signedDoubleArea > 0 ? $0.reversed : $0 })
    }
}

/// One or more polygons: the shape of a grid, a district, a search area.
public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]

    /// A multipolygon from its polygons.
    public init(polygons: [Polygon]) {
        self.polygons = polygons
    }

    /// A multipolygon holding one polygon.
    public init(_ polygon: Polygon) {
        polygons = [polygon]
    }

    /// The box around every outer ring; a zero box at (0, 0) when there are no points.
    public var boundingBox: BoundingBox {
        BoundingBox(covering: polygons.lazy.flatMap(\.outer.points))
            ?? BoundingBox(minLat7: 0, minLng7: 0, maxLat7: 0, maxLng7: 0)
    }

    /// Twice the exact area in (1e-7 degree)², outer rings minus holes, never negative.
    public var doubleArea: Int128 {
        polygons.reduce(0) { $0 + $1.doubleArea }
    }

    /// Approximate area in square metres (local equirectangular scale at the shape's centre);
    /// for messages and statistics, not for exact comparisons.
    public var approximateSquareMeters: Double {
        squareMeters(doubleArea: doubleArea, atLatitude: boundingBox.center.latitude)
    }

    /// Every ring of every polygon in the same order GeoJSON writes them.
    var allRings: [Ring] { polygons.flatMap { [$0.outer] + $0.holes } }
}

/// Converts a doubled area in (1e-7 degree)² to square metres at a latitude.
func squareMeters(doubleArea: Int128, atLatitude latitude: Double) -> Double {
    let metersPerDegree = meanEarthRadiusMeters * Double.pi / 180
    let unit = metersPerDegree * 1e-7
    return Double(doubleArea) / 2 * unit * unit * cos(latitude * Double.pi / 180)
}

extension Int128 {
    /// The absolute value as Int128 (the area sums never reach Int128.min).
    var magnitudeInt128: Int128 { self < 0 ? -self : self }
}
