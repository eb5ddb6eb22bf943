import Foundation

extension MultiPolygon {
    /// Parses a GeoJSON `Polygon` or `MultiPolygon` geometry object (RFC 7946: positions are
    /// [longitude, latitude], extra altitude ignored), rounding to 1e-7 degree. Throws a 400 naming
    /// `field` for any other type, a malformed structure, a non-numeric or out-of-range
    /// coordinate, a ring of fewer than 4 positions, or a ring whose last position is not its first.
    /// Winding is kept as given; `validate()` checks the rest.
    public static func fromGeoJSON(_ value: JSONValue, field: String) throws -> MultiPolygon {
        guard case .object(let object) = value else {
            throw Problem.invalid(field, "应为 GeoJSON 几何对象")
        }
        guard let type = object["type"]?.stringValue else {
            throw Problem.invalid(field, "缺少 type 字段")
        }
        guard let coordinates = object["coordinates"] else {
            throw Problem.invalid(field, "缺少 coordinates 字段")
        }
        switch type {
        case "Polygon":
            return MultiPolygon(try parsePolygon(coordinates, field: field, path: "coordinates"))
        case "MultiPolygon":
            guard case .array(let items) = coordinates, !items.isEmpty else {
                throw Problem.invalid(field, "MultiPolygon 的 coordinates 应为非空数组")
            }
            return MultiPolygon(polygons: try items.enumerated().map { i, item in
                try parsePolygon(item, field: field, path: "coordinates[\(i)]")
            })
        default:
            throw Problem.invalid(field, "几何类型应为 Polygon 或 MultiPolygon，实际为 \(type)")
        }
    }

    /// The shape as a GeoJSON geometry: `Polygon` for one polygon, else `MultiPolygon`; outer
    /// rings counter-clockwise and holes clockwise (RFC 7946), coordinates with 7 decimals.
    public var geoJSON: JSONValue {
        let encoded = polygons.map { polygon -> JSONValue in
            let p = polygon.normalizedWinding
            return .array(([p.outer] + p.holes).map { ring in
                .array(ring.points.map { .array([.double($0.longitude), .double($0.latitude)]) })
            })
        }
        if encoded.count == 1, let only = encoded.first {
            return .object(["type": .string("Polygon"), "coordinates": only])
        }
        return .object(["type": .string("MultiPolygon"), "coordinates": .array(encoded)])
    }

    private static func parsePolygon(_ value: JSONValue, field: String, path: String) throws -> Polygon {
        guard case .array(let rings) = value, !rings.isEmpty else {
            throw Problem.invalid(field, "\(path) 应为由线性环组成的非空数组")
        }
        let parsed = try rings.enumerated().map { i, ring in
            try parseRing(ring, field: field, path: "\(path)[\(i)]")
        }
        return Polygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
    }

    private static func parseRing(_ value: JSONValue, field: String, path: String) throws -> Ring {
        guard case .array(let positions) = value else {
            throw Problem.invalid(field, "\(path) 应为坐标数组")
        }
        guard positions.count >= 4 else {
            throw Problem.invalid(field, "\(path) 只有 \(positions.count) 个坐标，线性环至少需要 4 个")
        }
        let points = try positions.enumerated().map { i, position in
            try parsePosition(position, field: field, path: "\(path)[\(i)]")
        }
        guard points.first == points.last else {
            throw Problem.invalid(field, "\(path) 未闭合：最后一个坐标必须与第一个相同")
        }
        return Ring(points: points)
    }

    private static func parsePosition(_ value: JSONValue, field: String, path: String) throws -> GeoPoint {
        guard case .array(let numbers) = value, numbers.count >= 2 else {
            throw Problem.invalid(field, "\(path) 应为 [经度, 纬度] 数组")
        }
        guard let lng = number(numbers[0]), let lat = number(numbers[1]) else {
            throw Problem.invalid(field, "\(path) 的经纬度必须是数值")
        }
        guard lat.isFinite, lng.isFinite else {
            throw Problem.invalid(field, "\(path) 的经纬度必须是有限数值")
        }
        guard (-180.0...180.0).contains(lng) else {
            throw Problem.invalid(field, "\(path) 的经度 \(lng) 超出范围（-180 至 180）")
        }
        guard (-90.0...90.0).contains(lat) else {
            throw Problem.invalid(field, "\(path) 的纬度 \(lat) 超出范围（-90 至 90）")
        }
        return GeoPoint(latitude: lat, longitude: lng)
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
