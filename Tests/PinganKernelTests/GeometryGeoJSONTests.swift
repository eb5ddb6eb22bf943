import Testing
import PinganKernel

@Suite("Geometry: GeoJSON")
struct GeometryGeoJSONTests {
    private func position(_ lng: Double, _ lat: Double) -> JSONValue { .array([.double(lng), .double(lat)]) }

    private func ringJSON(_ pairs: [(Double, Double)]) -> JSONValue {
        .array(pairs.map { position($0.0, $0.1) })
    }

    private var square: [(Double, Double)] {
        [(113.1, 27.7), (113.2, 27.7), (113.2, 27.8), (113.1, 27.8), (113.1, 27.7)]
    }

    @Test func polygonRoundTrip() throws {
        let hole: [(Double, Double)] = [(113.12, 27.72), (113.12, 27.74), (113.14, 27.74), (113.14, 27.72), (113.12, 27.72)]
        let json: JSONValue = ["type": "Polygon", "coordinates": .array([ringJSON(square), ringJSON(hole)])]
        let shape = try MultiPolygon.fromGeoJSON(json, field: "boundary")
        #expect(shape.polygons.count == 1 && shape.polygons[0].holes.count == 1)
        #expect(shape.polygons[0].outer.points[1] == GeoPoint(lat7: 277_000_000, lng7: 1_132_000_000))
        #expect(shape.geoJSON == json)
        #expect(try MultiPolygon.fromGeoJSON(shape.geoJSON, field: "boundary") == shape)
        #expect(shape.geoJSON.canonical.hasPrefix("{\"coordinates\":[[[113.1,27.7],[113.2,27.7]"))
    }

    @Test func multiPolygonRoundTripKeepsSevenDecimals() throws {
        let tiny: [(Double, Double)] = [(113.1427001, 27.7020001), (113.1427009, 27.7020001),
                                        (113.1427009, 27.7020009), (113.1427001, 27.7020001)]
        let json: JSONValue = ["type": "MultiPolygon", "coordinates": .array([.array([ringJSON(square)]), .array([ringJSON(tiny)])])]
        let shape = try MultiPolygon.fromGeoJSON(json, field: "boundary")
        #expect(shape.polygons.count == 2)
        #expect(shape.polygons[1].outer.points[0] == GeoPoint(lat7: 277_020_001, lng7: 1_131_427_001))
        #expect(shape.geoJSON == json)
        #expect(shape.geoJSON.canonical.contains("[113.1427001,27.7020001]"))
    }

    @Test func clockwiseInputIsWrittenCounterClockwise() throws {
        let json: JSONValue = ["type": "Polygon", "coordinates": .array([ringJSON(square.reversed())])]
        let shape = try MultiPolygon.fromGeoJSON(json, field: "boundary")
        #expect(shape.polygons[0].outer.signedDoubleArea < 0)
        let written = try MultiPolygon.fromGeoJSON(shape.geoJSON, field: "boundary")
        #expect(written.polygons[0].outer.signedDoubleArea > 0)
        #expect(written.doubleArea == shape.doubleArea)
    }

    @Test func integerCoordinatesAndAltitudeAreAccepted() throws {
        let json: JSONValue = ["type": "Polygon", "coordinates": [[[113, 27, 50], [114, 27, 50], [114, 28, 50], [113, 27, 50]]]]
        let shape = try MultiPolygon.fromGeoJSON(json, field: "boundary")
        #expect(shape.polygons[0].outer.points[2] == GeoPoint(lat7: 280_000_000, lng7: 1_140_000_000))
    }

    @Test(arguments: [
        ("not an object", JSONValue.array([])),
        ("point", ["type": "Point", "coordinates": [113, 27]]),
        ("no coordinates", ["type": "Polygon"]),
        ("no type", ["coordinates": []]),
        ("string coordinate", ["type": "Polygon", "coordinates": [[["113", 27], [114, 27], [114, 28], [113, 27]]]]),
        ("NaN", ["type": "Polygon", "coordinates": .array([.array([.array([.double(.nan), 27]), [114, 27], [114, 28], [113, 27]])])]),
        ("latitude out of range", ["type": "Polygon", "coordinates": [[[113, 95], [114, 27], [114, 28], [113, 95]]]]),
        ("longitude out of range", ["type": "Polygon", "coordinates": [[[200, 27], [114, 27], [114, 28], [200, 27]]]]),
        ("three positions", ["type": "Polygon", "coordinates": [[[113, 27], [114, 27], [113, 27]]]]),
        ("unclosed", ["type": "Polygon", "coordinates": [[[113, 27], [114, 27], [114, 28], [113, 28]]]]),
        ("empty polygon", ["type": "Polygon", "coordinates": []]),
        ("empty multipolygon", ["type": "MultiPolygon", "coordinates": []]),
        ("short position", ["type": "Polygon", "coordinates": [[[113], [114, 27], [114, 28], [113]]]]),
        ("polygon given as multipolygon", ["type": "MultiPolygon", "coordinates": [[[113, 27], [114, 27], [114, 28], [113, 27]]]]),
    ] as [(String, JSONValue)])
    func badInputIsRejected(_ name: String, _ json: JSONValue) {
        do {
            _ = try MultiPolygon.fromGeoJSON(json, field: "boundary")
            Issue.record("\(name) was accepted")
        } catch let problem as Problem {
            #expect(problem.status == 400)
            #expect(problem.errors.first?.field == "boundary")
            #expect(problem.detail.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(name): \(problem.detail)")
        } catch {
            Issue.record("\(name) threw \(error)")
        }
    }
}
