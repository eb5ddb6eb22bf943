import Foundation
import PinganKernel

/// The layers over the same ground: the five-level governance tree and the police grids.
public enum GridLayer: String, Sendable, Codable, CaseIterable {
    case governance
    case police

    public static func parse(_ text: String?, field: String = "layer") throws -> GridLayer {
        guard let text, !text.isEmpty else { return .governance }
        guard let layer = GridLayer(rawValue: text) else {
            throw Problem.invalid(field, "图层须为 governance（综治网格）或 police（警务网格）")
        }
        return layer
    }
}

/// One version of a node of the grid tree.
public struct GridNode: Sendable, Hashable {
    public var layer: GridLayer
    public var code: String
    public var name: String
    public var level: Int
    public var parentCode: String?
    /// Materialised path of codes from the root, `/430212/430212100/…/CODE/`.
    public var path: String
    public var boundary: MultiPolygon
    public var validFrom: Date
    public var validTo: Date?

    public init(layer: GridLayer, code: String, name: String, level: Int, parentCode: String?, path: String,
                boundary: MultiPolygon, validFrom: Date, validTo: Date? = nil) {
        self.layer = layer
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.path = path
        self.boundary = boundary
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// The codes along the path, root first, self last.
    public var pathCodes: [String] { path.split(separator: "/").map(String.init) }

    public static func childPath(parentPath: String?, code: String) -> String {
        (parentPath ?? "/") + code + "/"
    }

    public static func levelName(_ level: Int, layer: GridLayer) -> String {
        switch (layer, level) {
        case (.governance, 0), (.police, 0): "市"
        case (.governance, 1): "区（县）"
        case (.governance, 2): "镇（街道）"
        case (.governance, 3): "片区"
        case (.governance, 4): "村（社区）"
        case (.governance, 5): "单元网格"
        case (.police, 1): "公安分局"
        case (.police, 2): "派出所"
        case (.police, _): "警务网格"
        default: "第\(level)级"
        }
    }
}

/// A node with what the grid page shows beside it.
public struct GridDetail: Sendable {
    public var node: GridNode
    public var ancestors: [GridSummary]       // root first, excluding self
    public var children: [GridSummary]
    public var descendantCounts: [Int: Int]   // level → count below this node
    public var workers: [GridWorker]
}

public struct GridWorker: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public init(username: String, displayName: String) {
        self.username = username
        self.displayName = displayName
    }
}
