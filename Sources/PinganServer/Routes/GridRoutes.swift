import Foundation
import Hummingbird
import PinganAccess
import PinganGovernance
import PinganKernel

/// The grid tree: nodes, GeoJSON layers, locate, and boundary import.
struct GridRoutes {
    let grids: GridService
    let importer: GridImporter
    let audit: AuditLog
    let clock: any PinganClock
    let time: CountyTime

    struct PathItem: Encodable { var code: String; var name: String; var level: Int }
    struct ChildItem: Encodable { var code: String; var name: String; var level: Int; var levelName: String }
    struct LatLng: Encodable { var lat: Double; var lng: Double }
    struct NodeDTO: Encodable {
        var code: String
        var name: String
        var level: Int
        var levelName: String
        var layer: String
        var parentCode: String?
        var path: [PathItem]
        var childCounts: [String: Int]
        var children: [ChildItem]
        var workers: [GridWorker]
        var validFrom: String
        var validTo: String?
        var labelPoint: LatLng
        var bbox: [Double]

        enum CodingKeys: String, CodingKey {
            case code, name, level, levelName, layer, parentCode, path, childCounts, children, workers, validFrom, validTo, labelPoint, bbox
        }

        /// A root's `parentCode` and a current node's `validTo` are written as null, not left out.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(level, forKey: .level)
            try c.encode(levelName, forKey: .levelName)
            try c.encode(layer, forKey: .layer)
            try c.encode(parentCode, forKey: .parentCode)
            try c.encode(path, forKey: .path)
            try c.encode(childCounts, forKey: .childCounts)
            try c.encode(children, forKey: .children)
            try c.encode(workers, forKey: .workers)
            try c.encode(validFrom, forKey: .validFrom)
            try c.encode(validTo, forKey: .validTo)
            try c.encode(labelPoint, forKey: .labelPoint)
            try c.encode(bbox, forKey: .bbox)
        }
    }

    func dto(_ d: GridDetail) -> NodeDTO {
        let n = d.node
        let box = n.boundary.boundingBox
        let label = n.boundary.labelPoint
        return NodeDTO(
            code: n.code, name: n.name, level: n.level, levelName: GridNode.levelName(n.level, layer: n.layer),
            layer: n.layer.rawValue, parentCode: n.parentCode,
            path: d.ancestors.map { PathItem(code: $0.code, name: $0.name, level: $0.level) } + [PathItem(code: n.code, name: n.name, level: n.level)],
            childCounts: Dictionary(uniqueKeysWithValues: d.descendantCounts.map { (String($0.key), $0.value) }),
            children: d.children.map { ChildItem(code: $0.code, name: $0.name, level: $0.level, levelName: GridNode.levelName($0.level, layer: $0.layer)) },
            workers: d.workers, validFrom: time.format(n.validFrom), validTo: n.validTo.map(time.format),
            labelPoint: LatLng(lat: label.latitude, lng: label.longitude),
            bbox: [GeoPoint(lat7: box.minLat7, lng7: box.minLng7), GeoPoint(lat7: box.maxLat7, lng7: box.maxLng7)]
                .flatMap { [$0.latitude, $0.longitude] })
    }

    /// The located unit grid with its path: what a phone needs to file a record there. The
    /// grid's full page (workers, counts) is `GET /grids/{code}`.
    struct LocationDTO: Encodable {
        var code: String
        var name: String
        var level: Int
        var levelName: String
        var layer: String
        var parentCode: String?
        var path: [PathItem]
        var labelPoint: LatLng
        var bbox: [Double]
    }

    func locationDTO(_ chain: [GridSummary]) -> LocationDTO {
        let leaf = chain[chain.count - 1]
        let low = GeoPoint(lat7: leaf.bbox.minLat7, lng7: leaf.bbox.minLng7), high = GeoPoint(lat7: leaf.bbox.maxLat7, lng7: leaf.bbox.maxLng7)
        return LocationDTO(code: leaf.code, name: leaf.name, level: leaf.level, levelName: GridNode.levelName(leaf.level, layer: leaf.layer),
                           layer: leaf.layer.rawValue, parentCode: leaf.parentCode,
                           path: chain.map { PathItem(code: $0.code, name: $0.name, level: $0.level) },
                           labelPoint: LatLng(lat: leaf.labelPoint.latitude, lng: leaf.labelPoint.longitude),
                           bbox: [low.latitude, low.longitude, high.latitude, high.longitude])
    }

    static func layer(_ request: Request) throws -> GridLayer {
        try GridLayer.parse(request.uri.queryParameters.get("layer"))
    }

    var reads: ReadAudit { ReadAudit(audit: audit, clock: clock) }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("grids") { request, context in
            let identity = try context.requireIdentity()
            let roots = try await grids.roots(for: identity, layer: try Self.layer(request))
            await reads.record(context, "grids.list", query: "\(request.uri)", ids: roots.map { "grid:\($0.code)" })
            struct Out: Encodable { var items: [ChildItem] }
            return try JSONResponse.make(Out(items: roots.map {
                ChildItem(code: $0.code, name: $0.name, level: $0.level, levelName: GridNode.levelName($0.level, layer: $0.layer))
            }))
        }

        group.get("grids.geojson") { request, context in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            guard let levelText = q.get("level") else { throw Problem.invalid("level", "缺少层级 level（1–5）") }
            guard let level = Int(levelText), (1...5).contains(level) else { throw Problem.invalid("level", "层级须为 1–5 的整数") }
            let parent = q.get("parent").flatMap { $0.isEmpty ? nil : $0 }
            let features = try await grids.features(level: level, parent: parent, layer: try Self.layer(request), for: identity)
            await reads.record(context, "grids.geojson", query: "\(request.uri)", ids: features.map { "grid:\($0.0.code)" })
            // Boundaries are stored as canonical GeoJSON text: splice them in rather than re-encode.
            var out = "{\"type\":\"FeatureCollection\",\"features\":["
            for (i, (s, boundary)) in features.enumerated() {
                if i > 0 { out += "," }
                let props: JSONValue = ["code": .string(s.code), "name": .string(s.name), "level": .int(Int64(s.level)),
                                        "path": .string(s.path), "parentCode": s.parentCode.map(JSONValue.string) ?? .null,
                                        "layer": .string(s.layer.rawValue)]
                out += "{\"type\":\"Feature\",\"id\":\"\(s.code)\",\"properties\":\(props.canonical),\"geometry\":\(boundary)}"
            }
            out += "]}"
            return JSONResponse.raw(Data(out.utf8), contentType: "application/geo+json; charset=utf-8")
        }

        group.get("grids/locate") { request, context in
            let identity = try context.requireIdentity()
            let q = request.uri.queryParameters
            guard let latText = q.get("lat") else { throw Problem.invalid("lat", "缺少纬度 lat") }
            guard let lngText = q.get("lng") else { throw Problem.invalid("lng", "缺少经度 lng") }
            guard let lat = Double(latText), lat.isFinite, (-90...90).contains(lat) else { throw Problem.invalid("lat", "纬度须为 -90 到 90 之间的数") }
            guard let lng = Double(lngText), lng.isFinite, (-180...180).contains(lng) else { throw Problem.invalid("lng", "经度须为 -180 到 180 之间的数") }
            let system = try Self.coordinateSystem(q.get("crs"))
            let wgs = system.toWGS84(latitude: lat, longitude: lng)
            let chain = try grids.locateFast(GeoPoint(latitude: wgs.latitude, longitude: wgs.longitude),
                                             layer: try Self.layer(request), for: identity)
            await reads.record(context, "grids.locate", query: "\(request.uri)", ids: chain.map { "grid:\($0.code)" })
            return try JSONResponse.make(locationDTO(chain))
        }

        group.get("grids/{code}") { request, context in
            let identity = try context.requireIdentity()
            let code = try context.parameters.require("code")
            let detail = try await grids.detail(code: code, layer: try Self.layer(request), for: identity)
            await reads.record(context, "grids.read", query: "\(request.uri)", target: "grid:\(code)")
            return try JSONResponse.make(dto(detail))
        }

        group.post("grids/import") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.gridsWrite)
            let layer = try Self.layer(request)
            // Re-gridding changes the whole tree's shape: it is the district centre's task.
            guard identity.scope.roots(in: layer.rawValue).contains(where: { $0.path.split(separator: "/").count <= 1 }) else {
                throw Problem.forbidden("只有区级综治中心可以导入网格边界。")
            }
            let dryRunText = request.uri.queryParameters.get("dryRun") ?? "true"
            guard let dryRun = Bool(dryRunText) else { throw Problem.invalid("dryRun", "须为 true 或 false") }
            let buffer = try await request.collectBody(.gridImport)
            let json: JSONValue
            do { json = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) } catch {
                throw Problem.malformed("请求体不是有效的 GeoJSON（JSON 解析失败）。")
            }
            let report = try await importer.run(json, layer: layer, dryRun: dryRun, validFrom: clock.now())
            if !dryRun && report.rejected.isEmpty {
                try await grids.rebuildIndexes()
                try await audit.recordAndWait(AuditEntry(
                    at: clock.now(), username: identity.username, action: "grids.import", target: "grids:\(layer.rawValue)",
                    client: context.client,
                    detail: ["created": .int(Int64(report.created)), "replaced": .int(Int64(report.replaced)),
                             "unchanged": .int(Int64(report.unchanged))]))
            } else {
                await audit.record(AuditEntry(
                    at: clock.now(), username: identity.username, action: dryRun ? "grids.import.check" : "grids.import.rejected",
                    target: "grids:\(layer.rawValue)", client: context.client,
                    detail: ["created": .int(Int64(report.created)), "replaced": .int(Int64(report.replaced)),
                             "rejected": .int(Int64(report.rejected.count))]))
            }
            return try JSONResponse.make(report, status: report.rejected.isEmpty ? .ok : .unprocessableContent)
        }
    }

    static func coordinateSystem(_ text: String?) throws -> CoordinateSystem {
        guard let text, !text.isEmpty else { return .wgs84 }
        guard let system = CoordinateSystem(rawValue: text.lowercased()) else {
            throw Problem.invalid("crs", "坐标系须为 wgs84、gcj02 或 bd09")
        }
        return system
    }
}
