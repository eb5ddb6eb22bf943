/// A government department (职能部门) that grid events are dispatched to. The code is the
/// lowercase pinyin initials of its name (`cgj` 城市管理局); its officers sign in as `dept-<code>`.
public struct Department: Sendable, Codable, Hashable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}
