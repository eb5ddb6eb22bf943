import Foundation
import PinganAccess
import PinganKernel
import PinganStorage

/// What an import of grid boundaries did (or, on a dry run, would do).
public struct GridImportReport: Sendable, Codable {
    public struct Rejection: Sendable, Codable, Hashable {
        public var feature: Int?     // index in the FeatureCollection, nil for a problem of a group
        public var code: String?
        public var field: String
        public var message: String
    }

    public var dryRun: Bool
    public var features: Int
    public var created: Int = 0
    public var replaced: Int = 0
    public var unchanged: Int = 0
    public var rejected: [Rejection] = []
}

/// Imports boundaries from a GeoJSON FeatureCollection (RFC 7946). Each feature carries
/// `code`, `name` and (except a root) `parentCode`; level follows from the code on the
/// governance layer, or `level` on others. All or nothing: any rejected feature leaves the
/// tree untouched, and the report names every one.
public struct GridImporter: Sendable {
    let database: Database
    let store: GridStore

    public init(database: Database) {
        self.database = database
        self.store = GridStore(database: database)
    }

    struct Candidate {
        var index: Int
        var code: String
        var name: String
        var level: Int
        var parentCode: String?
        var shape: MultiPolygon
    }

    public func run(_ collection: JSONValue, layer: GridLayer, dryRun: Bool, validFrom: Date) async throws -> GridImportReport {
        guard collection["type"]?.stringValue == "FeatureCollection", case .array(let features)? = collection["features"] else {
            throw Problem.invalid("type", "须为 GeoJSON FeatureCollection，含 features 数组")
        }
        var report = GridImportReport(dryRun: dryRun, features: features.count)
        var candidates: [Candidate] = []
        var seen: Set<String> = []
        for (i, feature) in features.enumerated() {
            func reject(_ field: String, _ message: String, code: String? = nil) {
                report.rejected.append(.init(feature: i, code: code, field: "features[\(i)].\(field)", message: message))
            }
            guard let props = feature["properties"], case .object = props else { reject("properties", "缺少 properties"); continue }
            guard let code = props["code"]?.stringValue, !code.isEmpty else { reject("properties.code", "缺少网格编码 code"); continue }
            guard let name = props["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                reject("properties.name", "缺少名称 name", code: code); continue
            }
            let level: Int
            if layer == .governance {
                guard let l = GridCode.level(of: code), l >= 1 else {
                    reject("properties.code", "编码 \(code) 不符合规则：区 6 位、镇 9 位、片 11 位、村 12 位、网格 15 位", code: code); continue
                }
                level = l
            } else {
                guard case .int(let l)? = props["level"], (1...5).contains(l) else {
                    reject("properties.level", "须给出 1–5 的层级 level", code: code); continue
                }
                level = Int(l)
            }
            guard seen.insert(code).inserted else { reject("properties.code", "编码 \(code) 在文件中重复", code: code); continue }
            let shape: MultiPolygon
            do {
                shape = try MultiPolygon.fromGeoJSON(feature["geometry"] ?? .null, field: "features[\(i)].geometry")
            } catch let p as Problem {
                reject("geometry", p.errors.first?.message ?? p.detail, code: code); continue
            }
            let issues = shape.validate()
            if !issues.isEmpty {
                reject("geometry", issues.map(\.message).joined(separator: "；"), code: code); continue
            }
            candidates.append(Candidate(index: i, code: code, name: name, level: level,
                                        parentCode: props["parentCode"]?.stringValue, shape: shape))
        }

        let now = validFrom
        let byCode = Dictionary(uniqueKeysWithValues: candidates.map { ($0.code, $0) })
        let existing = try await store.allNodes(layer: layer, at: now)
        let existingByCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

        // Parents must exist (in the file or the tree) and sit one level up.
        var valid: [Candidate] = []
        for c in candidates {
            guard let parent = c.parentCode else {
                if c.level > 1 && layer == .governance && existingByCode.isEmpty == false {
                    report.rejected.append(.init(feature: c.index, code: c.code, field: "features[\(c.index)].properties.parentCode",
                                                 message: "缺少上级编码 parentCode"))
                } else {
                    valid.append(c)
                }
                continue
            }
            let parentLevel = byCode[parent]?.level ?? existingByCode[parent]?.level
            guard let parentLevel else {
                report.rejected.append(.init(feature: c.index, code: c.code, field: "features[\(c.index)].properties.parentCode",
                                             message: "上级网格 \(parent) 不存在"))
                continue
            }
            guard parentLevel == c.level - 1 else {
                report.rejected.append(.init(feature: c.index, code: c.code, field: "features[\(c.index)].properties.parentCode",
                                             message: "上级 \(parent) 为第 \(parentLevel) 级，本网格为第 \(c.level) 级，层级不相邻"))
                continue
            }
            valid.append(c)
        }

        // Siblings must tile their parent: no overlap, nothing outside, no gap.
        let groups = Dictionary(grouping: valid.filter { $0.parentCode != nil }, by: { $0.parentCode! })
        for (parentCode, members) in groups {
            let parentShape = byCode[parentCode]?.shape ?? existingByCode[parentCode]?.boundary
            let replacedCodes = Set(members.map(\.code))
            var children: [(id: String, shape: MultiPolygon)] = members.map { ($0.code, $0.shape) }
            children += existing.filter { $0.parentCode == parentCode && !replacedCodes.contains($0.code) }.map { ($0.code, $0.boundary) }
            for issue in Tiling.check(parent: parentShape, children: children) {
                let offenders = members.filter { issue.ids.contains($0.code) }
                if offenders.isEmpty {
                    report.rejected.append(.init(feature: nil, code: parentCode, field: "features", message: issue.message))
                } else {
                    for m in offenders {
                        report.rejected.append(.init(feature: m.index, code: m.code, field: "features[\(m.index)].geometry", message: issue.message))
                    }
                }
            }
        }

        // Decide per feature: new, replaced (a new version), or unchanged.
        var toInsert: [Candidate] = []
        var toClose: [String] = []
        for c in valid {
            if let old = existingByCode[c.code] {
                if old.name == c.name && old.parentCode == c.parentCode && old.boundary == c.shape {
                    report.unchanged += 1
                } else {
                    report.replaced += 1
                    toClose.append(c.code)
                    toInsert.append(c)
                }
            } else {
                report.created += 1
                toInsert.append(c)
            }
        }
        report.rejected.sort { ($0.feature ?? -1, $0.message) < ($1.feature ?? -1, $1.message) }
        guard report.rejected.isEmpty, !dryRun else { return report }

        // Paths follow parents, so insert top-down.
        var paths = Dictionary(existing.map { ($0.code, $0.path) }, uniquingKeysWith: { a, _ in a })
        var nodes: [GridNode] = []
        for c in toInsert.sorted(by: { $0.level < $1.level }) {
            let path = GridNode.childPath(parentPath: c.parentCode.flatMap { paths[$0] }, code: c.code)
            paths[c.code] = path
            nodes.append(GridNode(layer: layer, code: c.code, name: c.name, level: c.level, parentCode: c.parentCode,
                                  path: path, boundary: c.shape, validFrom: validFrom))
        }
        let closing = toClose
        let inserting = nodes
        try await database.write { db in
            for code in closing { try await GridStore.close(layer: layer, code: code, at: validFrom, on: db) }
            try await GridStore.insert(inserting, on: db)
        }
        return report
    }
}
