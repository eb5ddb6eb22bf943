import Foundation

/// Derives an event's summary from its history alone: what the KPIs count must follow from
/// what happened, step by step. Used to check the stored summaries (tests, audits).
public enum EventHistoryReplay {
    public struct Summary: Sendable, Equatable {
        public var stage: EventStage
        public var departmentCode: String?
        public var reworkCount = 0
        public var extensionCount = 0
        public var sendBackCount = 0
        public var closedAt: Date?
        public var escalationLevel = 0
    }

    public static func summary(of history: [EventHistoryEntry]) -> Summary? {
        guard let first = history.first, first.action == .report else { return nil }
        var s = Summary(stage: first.toStage)
        for h in history.dropFirst() {
            guard h.fromStage == s.stage else { return nil }   // a step must start where the last one ended
            s.stage = h.toStage
            switch h.action {
            case .dispatch: s.departmentCode = h.detail["department"]?.stringValue
            case .sendBack: s.departmentCode = nil; s.sendBackCount += 1
            case .rework: s.reworkCount += 1
            case .approveExtension: s.extensionCount += 1
            case .close: s.closedAt = h.at
            case .escalate:
                if case .int(let level)? = h.detail["escalationLevel"] { s.escalationLevel = Int(level) }
            default: break
            }
        }
        return s
    }
}
