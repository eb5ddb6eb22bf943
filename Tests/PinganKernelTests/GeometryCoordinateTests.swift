import Testing
import PinganKernel

@Suite("Geometry: coordinate systems and distance")
struct GeometryCoordinateTests {
    private func close(_ a: (latitude: Double, longitude: Double), _ lat: Double, _ lng: Double, _ tolerance: Double) -> Bool {
        abs(a.latitude - lat) < tolerance && abs(a.longitude - lng) < tolerance
    }

    // Published sample (wandergis/coordtransform README): WGS 84 (39.915, 116.404) is
    // GCJ-02 (39.91640428150164, 116.41024449916938).
    @Test func gcj02PublishedSample() {
        let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: 39.915, longitude: 116.404)
        #expect(close(gcj, 39.91640428150164, 116.41024449916938, 1e-9))
        let back = CoordinateSystem.gcj02.toWGS84(latitude: 39.91640428150164, longitude: 116.41024449916938)
        #expect(close(back, 39.915, 116.404, 1e-7))
    }

    // A second, independently published pair: WGS 84 (40, 116) ≈ GCJ-02 (40.001213650174, 116.006141221789).
    @Test func gcj02SecondSample() {
        let back = CoordinateSystem.gcj02.toWGS84(latitude: 40.001213650174, longitude: 116.006141221789)
        #expect(close(back, 40.0, 116.0, 1e-6))
    }

    // Published sample (same README): GCJ-02 (39.915, 116.404) is BD-09 (39.92133699351021, 116.41036949371029),
    // and its closed-form inverse of BD-09 (39.915, 116.404) gives GCJ-02 (39.90865673957631, 116.39762729119315).
    @Test func bd09PublishedSamples() {
        let wgsOfGCJ = CoordinateSystem.gcj02.toWGS84(latitude: 39.915, longitude: 116.404)
        let viaBD = CoordinateSystem.bd09.toWGS84(latitude: 39.92133699351021, longitude: 116.41036949371029)
        #expect(close(viaBD, wgsOfGCJ.latitude, wgsOfGCJ.longitude, 1e-7))
        let expected = CoordinateSystem.gcj02.toWGS84(latitude: 39.90865673957631, longitude: 116.39762729119315)
        #expect(close(CoordinateSystem.bd09.toWGS84(latitude: 39.915, longitude: 116.404), expected.latitude, expected.longitude, 1e-6))
    }

    @Test(arguments: CoordinateSystem.allCases)
    func roundTripsAroundLukou(_ system: CoordinateSystem) {
        for (lat, lng) in [(27.702, 113.1427), (27.45, 112.95), (27.85, 113.4), (22.3, 114.17)] {
            let there = system.fromWGS84(latitude: lat, longitude: lng)
            #expect(close(system.toWGS84(latitude: there.latitude, longitude: there.longitude), lat, lng, 1e-7))
        }
    }

    @Test func offsetsAreRealInsideChinaAndAbsentOutside() {
        let inChina = CoordinateSystem.gcj02.fromWGS84(latitude: 27.702, longitude: 113.1427)
        // GCJ-02 shifts Lukou by a few hundred metres.
        let shift = distanceMeters(GeoPoint(latitude: 27.702, longitude: 113.1427),
                                   GeoPoint(latitude: inChina.latitude, longitude: inChina.longitude))
        #expect(shift > 100 && shift < 1_000)
        let paris = CoordinateSystem.gcj02.toWGS84(latitude: 48.8566, longitude: 2.3522)
        #expect(paris.latitude == 48.8566 && paris.longitude == 2.3522)
        #expect(CoordinateSystem(rawValue: "bd09") == .bd09)
    }

    @Test func haversineDistances() {
        // One degree of latitude on the mean sphere is 111.195 km.
        #expect(abs(distanceMeters(GeoPoint(latitude: 0, longitude: 0), GeoPoint(latitude: 1, longitude: 0)) - 111_195) < 1)
        // Beijing Tiananmen to Shanghai People's Square: about 1,067 km.
        let d = distanceMeters(GeoPoint(latitude: 39.9087, longitude: 116.3975), GeoPoint(latitude: 31.2304, longitude: 121.4737))
        #expect(abs(d - 1_067_000) < 5_000)
        #expect(distanceMeters(GeoPoint(latitude: 27.7, longitude: 113.1), GeoPoint(latitude: 27.7, longitude: 113.1)) == 0)
    }
}
