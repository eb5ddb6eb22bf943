/// Where an event is in 受理 → 立案 → 派遣 → 处置 → 核查 → 结案, or set aside (挂账) or cancelled.
public enum EventStage: String, Sendable, Codable, CaseIterable {
    case received, registered, dispatched, handling, verifying, closed, standing, cancelled

    public var chineseName: String {
        switch self {
        case .received: "受理"
        case .registered: "立案"
        case .dispatched: "派遣"
        case .handling: "处置"
        case .verifying: "核查"
        case .closed: "结案"
        case .standing: "挂账"
        case .cancelled: "作废"
        }
    }

    /// Stages whose clock is running: they count for deadlines, warnings and escalation.
    public var isOpen: Bool { self != .closed && self != .cancelled && self != .standing }
}

/// How an event reached the centre.
public enum EventChannel: String, Sendable, Codable, CaseIterable {
    case grid, hotline, publicReport = "public", system

    public var chineseName: String {
        switch self {
        case .grid: "网格员上报"
        case .hotline: "热线受理"
        case .publicReport: "群众上报"
        case .system: "系统发现"
        }
    }
}

/// The centre levels an overdue event climbs: village → town → district.
public enum EscalationLevel {
    public static let names = ["村（社区）", "镇（街道）", "区"]
    public static func name(_ level: Int) -> String { names[max(0, min(level, names.count - 1))] }
}
