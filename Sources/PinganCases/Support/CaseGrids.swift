import PinganKernel

/// A node of the governance grid tree as the events part sees it.
public struct GridPlace: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var level: Int
    public var path: String
    public init(code: String, name: String, level: Int, path: String) {
        self.code = code
        self.name = name
        self.level = level
        self.path = path
    }
}

/// What the events part needs to know about grids, answered from the grid part's memory.
/// The composition root adapts the grid service to it, so Cases never reads the grid tables.
public protocol CaseGrids: Sendable {
    /// The unit grid containing a point, if any.
    func locate(_ point: GeoPoint) -> GridPlace?
    /// A current node by code.
    func place(code: String) -> GridPlace?
    /// Its current children, in code order.
    func children(of code: String) -> [GridPlace]
}

extension CaseGrids {
    /// Names of the nodes along a path below the district, joined for a list row.
    public func placeName(path: String) -> String {
        path.split(separator: "/").dropFirst().compactMap { place(code: String($0))?.name }.joined(separator: " › ")
    }

    public func name(code: String) -> String { place(code: code)?.name ?? code }
}
