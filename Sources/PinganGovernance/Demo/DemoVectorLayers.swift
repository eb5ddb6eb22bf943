import PinganKernel

/// Map layers for the demo county: a road graph (nodes joined by road polylines, with class,
/// speed and Chinese names), the 湘江 and 渌江 rivers meeting at 渌口, and named places. All are
/// laid over the unit grids of a `DemoCountyLayout`, so every road point lies in the district.
public struct DemoVectorLayers: Sendable, Hashable {
    /// Functional class of a road, highest first.
    public enum RoadClass: String, Sendable, Hashable, CaseIterable {
        case expressway, trunk, primary, secondary, local

        /// The design speed used for the demo, km/h.
        public var speedKmh: Int {
            switch self {
            case .expressway: 120
            case .trunk: 80
            case .primary: 60
            case .secondary: 40
            case .local: 30
            }
        }
    }

    /// A junction, interchange, town centre or end of a road at the district boundary.
    public struct RoadNode: Sendable, Hashable {
        /// "N001"…, stable for a seed.
        public var id: String
        public var point: GeoPoint
        /// A name when the node is a named place (a town centre, an interchange, an exit).
        public var name: String?
    }

    /// One edge of the road graph: a polyline from node `from` to node `to`, usable both ways.
    public struct Road: Sendable, Hashable {
        /// "R001"…, stable for a seed.
        public var id: String
        public var name: String
        public var roadClass: RoadClass
        public var speedKmh: Int
        public var from: String
        public var to: String
        /// From the `from` node's point to the `to` node's point.
        public var points: [GeoPoint]
        public var lengthMeters: Double
    }

    /// A river as a centre line, upstream first.
    public struct River: Sendable, Hashable {
        public var name: String
        public var points: [GeoPoint]
    }

    /// What a named place is.
    public enum PlaceKind: String, Sendable, Hashable, CaseIterable {
        case government, committee, school, hospital, market, bridge
    }

    /// A named point for the map and for place-name search.
    public struct Place: Sendable, Hashable {
        public var name: String
        public var kind: PlaceKind
        public var point: GeoPoint
        /// The unit grid the point lies in.
        public var gridCode: String?
    }

    public var nodes: [RoadNode]
    public var roads: [Road]
    public var rivers: [River]
    public var places: [Place]

    /// The layers for a layout; the same seed and layout give the same layers.
    public static func generate(seed: UInt64, layout: DemoCountyLayout) -> DemoVectorLayers {
        var rng = SeededGenerator(seed: seed).fork("vector-layers")
        let graph = CellGraph(layout: layout)
        let anchors = TownAnchors(layout: layout, graph: graph)
        let rivers = RiverBuilder(graph: graph, anchors: anchors).build(rng: &rng)
        var network = RoadNetworkBuilder(graph: graph, anchors: anchors, rivers: rivers)
        network.build(rng: &rng)
        let places = PlaceBuilder(layout: layout, graph: graph, anchors: anchors)
            .build(bridges: network.bridges, rng: &rng)
        return DemoVectorLayers(nodes: network.nodes, roads: network.roads,
                                rivers: rivers.map { River(name: $0.name, points: $0.points) }, places: places)
    }
}

/// Each town's centre cell (where its government and main junction are) from the layout.
struct TownAnchors {
    struct Town {
        var code: String
        var name: String
        var stem: String
        var cell: Int
        var point: GeoPoint
    }

    let towns: [Town]
    /// The cell holding each village's committee (its label point), in layout order.
    let villageCells: [Int]
    /// The district seat, 27.702 N 113.1427 E.
    let seat: GeoPoint

    init(layout: DemoCountyLayout, graph: CellGraph) {
        seat = GeoPoint(latitude: LukouGazetteer.seat.latitude, longitude: LukouGazetteer.seat.longitude)
        let seatCell = graph.cell(containing: seat)
        var towns: [Town] = []
        for spec in layout.grids where spec.layer == "governance" && spec.level == 2 {
            let stem = LukouGazetteer.towns.first { $0.code == spec.code }?.stem ?? String(spec.name.dropLast())
            let inTown = { (c: Int) in graph.codes[c].hasPrefix(spec.code) }
            let cell = seatCell.flatMap { inTown($0) ? $0 : nil }
                ?? graph.nearestCell(to: spec.boundary.labelPoint, where: inTown) ?? 0
            towns.append(Town(code: spec.code, name: spec.name, stem: stem, cell: cell, point: graph.centers[cell]))
        }
        self.towns = towns
        villageCells = layout.grids.filter { $0.layer == "governance" && $0.level == 4 }
            .compactMap { graph.cell(containing: $0.boundary.labelPoint) }
    }

    /// The town whose centre is nearest `p`.
    func nearest(to p: GeoPoint) -> Town? {
        towns.min { distanceMeters($0.point, p) < distanceMeters($1.point, p) }
    }
}
