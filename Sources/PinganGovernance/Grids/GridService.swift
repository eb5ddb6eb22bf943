import Foundation
import Logging
import PinganAccess
import PinganKernel
import PinganStorage
import Synchronization

/// The grid tree as users see it: every read is limited to the caller's scope, and a node
/// outside it is reported exactly like one that does not exist.
public final class GridService: Sendable {
    public let store: GridStore
    private let clock: any PinganClock
    private let indexes = Mutex<[GridLayer: GridIndex]>([:])
    /// Every current node without its boundary, by layer and code: locate answers from memory.
    private let directory = Mutex<[GridLayer: [String: GridSummary]]>([:])

    public init(database: Database, clock: any PinganClock) {
        self.store = GridStore(database: database)
        self.clock = clock
    }

    /// Reloads the locate indexes of every layer from the current leaves.
    public func rebuildIndexes() async throws {
        var built: [GridLayer: GridIndex] = [:]
        var entries: [GridLayer: [String: GridSummary]] = [:]
        let now = clock.now()
        for layer in GridLayer.allCases {
            let nodes = try await store.allNodes(layer: layer, at: now)
            let parents = Set(nodes.compactMap(\.parentCode))
            let leaves = nodes.filter { !parents.contains($0.code) }
            built[layer] = GridIndex(leaves: leaves.map { ($0.code, $0.boundary) })
            entries[layer] = Dictionary(nodes.map { n in
                (n.code, GridSummary(layer: n.layer, code: n.code, name: n.name, level: n.level, parentCode: n.parentCode, path: n.path,
                                     bbox: n.boundary.boundingBox, labelPoint: n.boundary.labelPoint, validFrom: n.validFrom, validTo: n.validTo))
            }, uniquingKeysWith: { a, _ in a })
        }
        indexes.withLock { $0 = built }
        directory.withLock { $0 = entries }
    }

    func visible(_ path: String, layer: GridLayer, to identity: Identity) -> Bool {
        identity.scope.contains(path: path, layer: layer.rawValue)
    }

    /// The top nodes of the caller's scope in `layer`.
    public func roots(for identity: Identity, layer: GridLayer) async throws -> [GridSummary] {
        try identity.require(.gridsRead)
        let codes = identity.scope.roots(in: layer.rawValue).map(\.code)
        return try await store.summaries(layer: layer, codes: codes, at: clock.now()).sorted { $0.path < $1.path }
    }

    public func detail(code: String, layer: GridLayer, for identity: Identity, at: Date? = nil) async throws -> GridDetail {
        try identity.require(.gridsRead)
        let at = at ?? clock.now()
        guard GridCode.level(of: code) != nil || layer == .police,
              let node = try await store.node(layer: layer, code: code, at: at),
              visible(node.path, layer: layer, to: identity)
        else { throw Problem.notFound }
        let ancestorCodes = Array(node.pathCodes.dropLast())
        let ancestors = try await store.summaries(layer: layer, codes: ancestorCodes, at: at)
            .sorted { $0.path.count < $1.path.count }
        let children = try await store.children(layer: layer, code: code, at: at)
        let counts = try await store.descendantCounts(layer: layer, path: node.path, at: at)
        let workers = try await store.workers(layer: layer, under: node.path, at: at)
        return GridDetail(node: node, ancestors: ancestors, children: children,
                          descendantCounts: counts, workers: workers)
    }

    /// Nodes of `level` under `parent` (or under the caller's scope roots), with their boundaries.
    public func features(level: Int, parent: String?, layer: GridLayer, for identity: Identity) async throws -> [(GridSummary, String)] {
        try identity.require(.gridsRead)
        guard (0...5).contains(level) else { throw Problem.invalid("level", "层级须为 1–5") }
        let now = clock.now()
        let ranges: [(lower: String, upper: String)]
        if let parent {
            guard let node = try await store.summaries(layer: layer, codes: [parent], at: now).first,
                  visible(node.path, layer: layer, to: identity)
            else { throw Problem.notFound }
            ranges = [(node.path, String(node.path.dropLast()) + "0")]
        } else {
            ranges = identity.scope.pathRanges(layer: layer.rawValue)
        }
        return try await store.features(layer: layer, level: level, within: ranges, at: now)
    }

    /// The leaf grid containing a point and its ancestors (root first), from memory: no query.
    /// A leaf outside the caller's scope is reported like no leaf at all.
    public func locateFast(_ point: GeoPoint, layer: GridLayer, for identity: Identity) throws -> [GridSummary] {
        try identity.require(.gridsRead)
        guard let code = indexes.withLock({ $0[layer] })?.locate(point),
              let chain = directory.withLock({ d -> [GridSummary]? in
                  guard let nodes = d[layer], let leaf = nodes[code] else { return nil }
                  return leaf.path.split(separator: "/").compactMap { nodes[String($0)] }
              }),
              let leaf = chain.last, visible(leaf.path, layer: layer, to: identity)
        else { throw Problem.notFound }
        return chain
    }

    /// A current node without its boundary, from memory (for parts that show grid names).
    public func summary(code: String, layer: GridLayer = .governance) -> GridSummary? {
        directory.withLock { $0[layer]?[code] }
    }

    /// The current children of a node, in code order, from memory.
    public func childSummaries(of code: String, layer: GridLayer = .governance) -> [GridSummary] {
        directory.withLock { d in (d[layer] ?? [:]).values.filter { $0.parentCode == code } }.sorted { $0.code < $1.code }
    }

    /// Locating without a user: for services that store the grid of a located record.
    public func locateLeaf(_ point: GeoPoint, layer: GridLayer = .governance) -> String? {
        indexes.withLock { $0[layer] }?.locate(point)
    }
}
