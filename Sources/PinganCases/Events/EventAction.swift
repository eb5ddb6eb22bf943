/// A workflow step, named after what it does. `warn` and `escalate` are taken by the server's
/// clock, never posted by a user; `report` opens the history.
public enum EventAction: String, Sendable, Codable, CaseIterable {
    case report, register, dispatch, sendBack, accept, requestExtension, approveExtension, rejectExtension
    case feedback, verify, rework, close, stand, resume, cancel, merge, warn, escalate

    public var chineseName: String {
        switch self {
        case .report: "上报"
        case .register: "立案"
        case .dispatch: "派遣"
        case .sendBack: "退回"
        case .accept: "接收处置"
        case .requestExtension: "申请延期"
        case .approveExtension: "批准延期"
        case .rejectExtension: "驳回延期"
        case .feedback: "处置反馈"
        case .verify: "核查通过"
        case .rework: "核查不通过（返工）"
        case .close: "结案"
        case .stand: "挂账"
        case .resume: "恢复处置"
        case .cancel: "作废"
        case .merge: "合并重复"
        case .warn: "临期预警"
        case .escalate: "超期升级"
        }
    }

    /// Steps a user may post to `/events/{id}/actions`.
    public var isUserAction: Bool { self != .report && self != .warn && self != .escalate }
}
