/// The subtrees of the grid tree a user may read. A located record stores its grid's
/// materialised path (`/430212/430212100/…/`), so "in scope" is a prefix test on the record's
/// own table, with no join into another part's tables.
public struct Scope: Sendable, Hashable, Codable {
    public struct Root: Sendable, Hashable, Codable {
        public var layer: String
        public var code: String
        public var path: String
        public init(layer: String, code: String, path: String) {
            self.layer = layer
            self.code = code
            self.path = path
        }
    }

    public var roots: [Root]

    public init(roots: [Root]) { self.roots = roots }

    public static let empty = Scope(roots: [])

    public func roots(in layer: String) -> [Root] { roots.filter { $0.layer == layer } }

    /// Whether a record at `path` of `layer` lies inside one of the subtrees.
    public func contains(path: String, layer: String = "governance") -> Bool {
        roots.contains { $0.layer == layer && path.hasPrefix($0.path) }
    }

    /// Half-open byte ranges `[lower, upper)` covering the subtrees: a path is in scope when it
    /// falls in one. `/` is followed by `0` in ASCII, so `/a/` … `/a0` bounds every descendant.
    public func pathRanges(layer: String = "governance") -> [(lower: String, upper: String)] {
        roots(in: layer).map { ($0.path, String($0.path.dropLast()) + "0") }
    }
}
