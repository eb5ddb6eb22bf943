import PinganKernel

/// One node of a demo grid tree: which layer it belongs to, its code, name, level, parent and shape.
public struct DemoGridSpec: Sendable, Hashable {
    /// "governance" (区 → 镇 → 片 → 村 → 单元网格) or "police" (分局 → 派出所 → 警务网格).
    public var layer: String
    /// Digits; see `DemoCountyLayout` for the scheme of each layer.
    public var code: String
    /// The Chinese name shown in the UI.
    public var name: String
    /// 1...5 for governance, 1...3 for police.
    public var level: Int
    /// The parent's code in the same layer; nil for the root.
    public var parentCode: String?
    /// The exact outline (WGS 84, one hole-free polygon).
    public var boundary: MultiPolygon

    /// A node from its parts.
    public init(layer: String, code: String, name: String, level: Int, parentCode: String?, boundary: MultiPolygon) {
        self.layer = layer
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.boundary = boundary
    }
}
