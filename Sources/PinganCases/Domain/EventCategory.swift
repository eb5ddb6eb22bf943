/// How urgent an event is; it picks which of the category's time limits applies.
public enum EventSeverity: String, Sendable, Codable, CaseIterable {
    case normal, urgent

    /// 一般 / 紧急
    public var chineseName: String {
        switch self {
        case .normal: "一般"
        case .urgent: "紧急"
        }
    }
}

/// An event category (事部件类别) in the style of digital city management (GB/T 30428):
/// a two-digit group and a two-digit item, a default department and the handling time limits.
public struct EventCategory: Sendable, Codable, Hashable {
    /// Four digits: group code (2) + item (2), e.g. `0101`.
    public var code: String
    /// 暴露垃圾
    public var name: String
    /// 市容环境
    public var group: String
    /// The department an event of this category is normally dispatched to.
    public var departmentCode: String
    /// Whether the category is an Open311 service (治安 and 矛盾纠纷 never are).
    public var isPublic: Bool
    /// Working minutes from registration to the deadline.
    public var normalLimitMinutes: Int
    public var urgentLimitMinutes: Int
    /// One Chinese sentence, used as the Open311 service description.
    public var description: String

    public init(code: String, name: String, group: String, departmentCode: String, isPublic: Bool,
                normalLimitMinutes: Int, urgentLimitMinutes: Int, description: String) {
        self.code = code
        self.name = name
        self.group = group
        self.departmentCode = departmentCode
        self.isPublic = isPublic
        self.normalLimitMinutes = normalLimitMinutes
        self.urgentLimitMinutes = urgentLimitMinutes
        self.description = description
    }

    /// The two-digit group code (`01` for `0101`).
    public var groupCode: String { String(code.prefix(2)) }

    /// The time limit, in working minutes, for an event of this severity.
    public func limitMinutes(for severity: EventSeverity) -> Int {
        switch severity {
        case .normal: normalLimitMinutes
        case .urgent: urgentLimitMinutes
        }
    }
}
