import PinganKernel
// The demo city's signal network: 7 arterials (4 east–west, 3 north–south) through 66 signalized intersections
// in Lukou, with volumes for the four periods of the day. Deterministic for a seed.

/// One period's volumes on the demo network.
public struct PeriodNetwork: Sendable, Codable, Hashable {
    public var period: DayPeriod
    public var network: SignalNetwork
}

/// The demo signal network for every period.
public struct DemoSignalCity: Sendable, Codable, Hashable {
    public var schedule: TimeOfDaySchedule
    public var periods: [PeriodNetwork]
    /// The network of one period.
    public func network(_ period: DayPeriod) -> SignalNetwork? { periods.first { $0.period == period }?.network }
}

/// Generates the demo signal network.
public enum DemoSignalNetwork {
    static let origin = (lat: 27.702, lon: 113.1427)
    static let eastWest = ["渌江路", "建设路", "株洲大道", "湘江路"]
    static let northSouth = ["解放路", "人民路", "朱亭路"]
    /// Columns of the east–west grid where the north–south arterials run.
    static let crossingColumns = [2, 6, 9]
    static let periodScale: [(DayPeriod, Double, Double)] = [
        // period, volume factor, share of the arterial volume travelling outbound (east / north)
        (.morningPeak, 1.0, 0.62), (.offPeak, 0.6, 0.5), (.eveningPeak, 0.95, 0.38), (.night, 0.25, 0.5),
    ]

    /// The city for a seed: same seed, same network and volumes.
    public static func generate(seed: UInt64) -> DemoSignalCity {
        var rng = SeededGenerator(seed: seed)
        // East–west arterials share column positions (a grid of blocks of irregular length).
        var xs: [Double] = [0]
        for _ in 1..<12 { xs.append(xs.last! + Double(Int.random(in: 22...58, using: &rng)) * 10) }
        let ewY: [Double] = [0, 640, 1230, 1900]
        // North–south arterials: 10 intersections each, 4 of them on the east–west arterials.
        var nsY: [Double] = ewY
        for y in [-420.0, -180, 330, 950, 1560, 2280] { nsY.append(y + Double(Int.random(in: -4...4, using: &rng)) * 10) }
        nsY.sort()
        let baseVolume = (0..<7).map { _ in Double(Int.random(in: 55...80, using: &rng)) * 10 }
        let crossBase = (0..<66).map { _ in Double(Int.random(in: 8...22, using: &rng)) * 10 }
        let noise = (0..<66 * 12).map { _ in Double.random(in: 0.85...1.15, using: &rng) }

        var layout: [(id: String, x: Double, y: Double, ew: Int?, ns: Int?)] = []
        func idAt(_ x: Double, _ y: Double) -> String? { layout.first { abs($0.x - x) < 1 && abs($0.y - y) < 1 }?.id }
        for (r, y) in ewY.enumerated() {
            for (c, x) in xs.enumerated() {
                let ns = crossingColumns.firstIndex(of: c)
                layout.append((String(format: "S%02d", layout.count + 1), x, y, r, ns))
            }
        }
        for (a, c) in crossingColumns.enumerated() {
            for y in nsY where idAt(xs[c], y) == nil {
                layout.append((String(format: "S%02d", layout.count + 1), xs[c], y, nil, a))
            }
        }
        var periods: [PeriodNetwork] = []
        for (period, factor, outShare) in periodScale {
            var intersections: [Intersection] = []
            for (k, node) in layout.enumerated() {
                let ewVol = node.ew.map { baseVolume[$0] } ?? crossBase[k]
                let nsVol = node.ns.map { baseVolume[4 + $0] } ?? crossBase[k]
                let ewLanes = node.ew != nil ? 3 : 1, nsLanes = node.ns != nil ? 3 : 1
                func approach(_ id: String, _ bearing: Double, _ total: Double, lanes: Int, noiseAt: Int) -> Approach {
                    let v = total * factor
                    let n = { (i: Int) in noise[k * 12 + noiseAt + i] }
                    let left = (v * 0.12 * n(0)).rounded(), right = (v * 0.1 * n(1)).rounded(), through = (v * 0.78 * n(2)).rounded()
                    let leftLane = lanes >= 3
                    return Approach(id: id, bearing: bearing, lanes: lanes, movements: [
                        Movement(id: "\(id).left", turn: .left, lanes: 1, volume: left, exclusiveLane: leftLane),
                        Movement(id: "\(id).through", turn: .through, lanes: max(lanes - (leftLane ? 1 : 0), 1), volume: through),
                        Movement(id: "\(id).right", turn: .right, lanes: 1, volume: right),
                    ])
                }
                let lat = origin.lat + node.y / 111_320
                let lon = origin.lon + node.x / (111_320 * 0.8853)   // cos(27.7°)
                intersections.append(Intersection(
                    id: node.id, name: intersectionName(node.ew, node.ns, k), position: Position(x: lon, y: lat),
                    approaches: [
                        approach("W", 270, ewVol * outShare * 2 * 0.5, lanes: ewLanes, noiseAt: 0),
                        approach("E", 90, ewVol * (1 - outShare) * 2 * 0.5, lanes: ewLanes, noiseAt: 3),
                        approach("S", 180, nsVol * outShare * 2 * 0.5, lanes: nsLanes, noiseAt: 6),
                        approach("N", 0, nsVol * (1 - outShare) * 2 * 0.5, lanes: nsLanes, noiseAt: 9),
                    ],
                    pedestrianMinimumCross: node.ew != nil || node.ns != nil ? 18 : 12, pedestrianMinimumAlong: 12))
            }
            var arterials: [Arterial] = []
            for r in 0..<4 {
                let ids = xs.compactMap { idAt($0, ewY[r]) }
                arterials.append(arterial("A\(r + 1)", eastWest[r], ids, xs, speed: 13.9, out: "W", inb: "E"))
            }
            for a in 0..<3 {
                let ids = nsY.compactMap { idAt(xs[crossingColumns[a]], $0) }
                arterials.append(arterial("A\(a + 5)", northSouth[a], ids, nsY, speed: 12.5, out: "S", inb: "N"))
            }
            periods.append(PeriodNetwork(period: period, network: SignalNetwork(intersections: intersections, arterials: arterials)))
        }
        return DemoSignalCity(schedule: .standard, periods: periods)
    }

    static func arterial(_ id: String, _ name: String, _ ids: [String], _ coords: [Double], speed: Double,
                         out: String, inb: String) -> Arterial {
        let gaps = zip(coords, coords.dropFirst()).map { $1 - $0 }
        return Arterial(id: id, name: name, intersectionIds: ids, distances: gaps,
                        outboundSpeeds: gaps.map { _ in speed }, inboundSpeeds: gaps.map { _ in speed },
                        outboundApproaches: ids.map { _ in out }, inboundApproaches: ids.map { _ in inb })
    }

    static func intersectionName(_ ew: Int?, _ ns: Int?, _ k: Int) -> String {
        switch (ew, ns) {
        case let (e?, n?): "\(eastWest[e])与\(northSouth[n])交叉口"
        case let (e?, nil): "\(eastWest[e])第\(k % 12 + 1)路口"
        case let (nil, n?): "\(northSouth[n])第\(k)路口"
        default: "路口\(k)"
        }
    }
}
