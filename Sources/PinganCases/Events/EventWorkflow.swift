import Foundation
import PinganAccess
import PinganKernel

/// What a user asks the workflow to do, with the fields that step needs.
public struct EventStepRequest: Sendable {
    public var action: EventAction
    public var note: String?
    public var reason: String?
    public var department: String?
    public var minutes: Int?
    public var into: String?

    public init(action: EventAction, note: String? = nil, reason: String? = nil, department: String? = nil,
                minutes: Int? = nil, into: String? = nil) {
        self.action = action
        self.note = note
        self.reason = reason
        self.department = department
        self.minutes = minutes
        self.into = into
    }
}

/// The rules of 受理 → 立案 → 派遣 → 处置 → 核查 → 结案, as a pure function of the event, the
/// caller and the time: who may take which step in which stage, and what each step changes.
/// A role that may never take a step gets 403; a step the stage or the department in charge
/// forbids gets 409 with the reason.
public enum EventWorkflow {
    /// Which kind of participant may take each user step.
    enum Party { case centre, department, verifier }

    static func party(of action: EventAction) -> Party? {
        switch action {
        case .register, .dispatch, .approveExtension, .rejectExtension, .close, .stand, .resume, .cancel, .merge: .centre
        case .sendBack, .accept, .requestExtension, .feedback: .department
        case .verify, .rework: .verifier
        case .report, .warn, .escalate: nil
        }
    }

    static let centreRoles: Set<Role> = [.districtOperator, .townOperator, .villageOperator]

    static func isCentre(_ actor: Identity, _ event: EventRecord) -> Bool {
        centreRoles.contains(actor.role) && actor.scope.contains(path: event.gridPath)
    }

    static func isDepartmentInCharge(_ actor: Identity, _ event: EventRecord) -> Bool {
        actor.role == .departmentOfficer && actor.department != nil && actor.department == event.departmentCode
    }

    static func isVerifier(_ actor: Identity, _ event: EventRecord) -> Bool {
        if isCentre(actor, event) { return true }
        return actor.role == .gridWorker && (event.reporterUsername == actor.username || actor.scope.contains(path: event.gridPath))
    }

    /// The stages each step may start from.
    static func allowedStages(_ action: EventAction) -> Set<EventStage> {
        switch action {
        case .register: [.received]
        case .dispatch: [.registered]
        case .sendBack, .accept: [.dispatched]
        case .requestExtension, .approveExtension, .rejectExtension, .feedback: [.handling]
        case .verify, .rework, .close: [.verifying]
        case .stand: [.registered, .dispatched, .handling]
        case .resume: [.standing]
        case .cancel: [.received, .registered]
        case .merge: [.received]
        case .warn, .escalate: [.registered, .dispatched, .handling, .verifying]
        case .report: []
        }
    }

    /// The steps this caller may take now (what the UI shows as buttons).
    public static func allowedActions(_ event: EventRecord, for actor: Identity) -> [EventAction] {
        EventAction.allCases.filter { action in
            guard action.isUserAction, let party = party(of: action), allowedStages(action).contains(event.stage) else { return false }
            guard (try? precondition(action, event)) != nil else { return false }
            switch party {
            case .centre: return isCentre(actor, event)
            case .department: return isDepartmentInCharge(actor, event)
            case .verifier: return isVerifier(actor, event)
            }
        }
    }

    /// Conditions beyond the stage (e.g. closing needs a passed verification).
    static func precondition(_ action: EventAction, _ event: EventRecord) throws {
        switch action {
        case .requestExtension where event.extensionMinutes != nil:
            throw Problem.conflict("已有延期申请待审批，不能重复申请。")
        case .approveExtension where event.extensionMinutes == nil, .rejectExtension where event.extensionMinutes == nil:
            throw Problem.conflict("没有待审批的延期申请。")
        case .close where event.verifiedAt == nil:
            throw Problem.conflict("尚未核查通过，不能结案。")
        case .verify where event.verifiedAt != nil:
            throw Problem.conflict("已核查通过，请结案。")
        default: return
        }
    }

    static func stageConflict(_ event: EventRecord, _ action: EventAction) -> Problem {
        Problem.conflict("当前环节为“\(event.stage.chineseName)”，不能执行“\(action.chineseName)”。")
    }

    /// Checks a user's step and applies it to `event`, returning the history entry to append.
    /// `departments` are the known department codes (for dispatch).
    public static func apply(_ request: EventStepRequest, to event: inout EventRecord, actor: Identity, now: Date,
                             calendar: WorkingCalendar, zone: TimeZone, departments: Set<String>) throws -> EventHistoryEntry {
        let action = request.action
        guard action.isUserAction, let party = party(of: action) else {
            throw Problem.invalid("action", "未知的操作“\(action.rawValue)”")
        }
        let roleMayEver: Bool = switch party {
        case .centre: centreRoles.contains(actor.role)
        case .department: actor.role == .departmentOfficer
        case .verifier: centreRoles.contains(actor.role) || actor.role == .gridWorker
        }
        guard roleMayEver else { throw Problem.forbidden("“\(actor.role.chineseName)”不能执行“\(action.chineseName)”。") }
        guard allowedStages(action).contains(event.stage) else { throw stageConflict(event, action) }
        switch party {
        case .centre where !isCentre(actor, event):
            throw Problem.conflict("该事件不在您的管辖范围内，不能执行“\(action.chineseName)”。")
        case .department where !isDepartmentInCharge(actor, event):
            throw Problem.conflict("该事件当前不由本部门承办，不能执行“\(action.chineseName)”。")
        case .verifier where !isVerifier(actor, event):
            throw Problem.conflict("只有上报的网格员或综治中心可以核查。")
        default: break
        }
        try precondition(action, event)

        let from = event.stage
        var detail: [String: JSONValue] = [:]
        var note = trimmed(request.note)
        var isPublic = false
        func requireReason() throws -> String {
            guard let reason = trimmed(request.reason) else { throw Problem.invalid("reason", "请填写原因") }
            guard reason.count <= 500 else { throw Problem.invalid("reason", "原因不能超过 500 字") }
            return reason
        }

        switch action {
        case .register:
            event.stage = .registered
            event.registeredAt = now
            event.deadline = calendar.adding(minutes: event.limitMinutes, to: now, zone: zone)
            isPublic = true
            note = note ?? "已立案"
        case .dispatch:
            guard let department = trimmed(request.department) else { throw Problem.invalid("department", "请选择承办部门") }
            guard departments.contains(department) else { throw Problem.invalid("department", "未知的部门“\(department)”") }
            event.stage = .dispatched
            event.dispatchedAt = now
            event.departmentCode = department
            detail["department"] = .string(department)
        case .sendBack:
            let reason = try requireReason()
            note = reason
            detail["department"] = .string(event.departmentCode ?? "")
            event.stage = .registered
            event.departmentCode = nil
            event.dispatchedAt = nil
            event.sendBackCount += 1
        case .accept:
            event.stage = .handling
        case .requestExtension:
            guard let minutes = request.minutes, (30...(60 * 420)).contains(minutes) else {
                throw Problem.invalid("minutes", "延期时长须为 30 分钟至 60 个工作日（按工作分钟计）")
            }
            note = try requireReason()
            event.extensionMinutes = minutes
            event.extensionReason = note
            detail["minutes"] = .int(Int64(minutes))
        case .approveExtension:
            let minutes = event.extensionMinutes ?? 0
            // The extension runs on from the current deadline, not from the approval.
            event.deadline = calendar.adding(minutes: minutes, to: event.deadline ?? now, zone: zone)
            event.extensionCount += 1
            event.extensionMinutes = nil
            event.extensionReason = nil
            event.warnedAt = nil
            detail["minutes"] = .int(Int64(minutes))
        case .rejectExtension:
            note = try requireReason()
            event.extensionMinutes = nil
            event.extensionReason = nil
        case .feedback:
            guard let text = note else { throw Problem.invalid("note", "请填写处置情况") }
            note = text
            event.stage = .verifying
            event.verifiedAt = nil
            isPublic = true
        case .verify:
            event.verifiedAt = now
        case .rework:
            note = try requireReason()
            event.stage = .handling
            event.reworkCount += 1
        case .close:
            event.stage = .closed
            event.closedAt = now
            event.closedOnTime = event.deadline.map { now <= $0 } ?? true
            isPublic = true
            note = note ?? "已办结"
        case .stand:
            note = try requireReason()
            event.stage = .standing
            isPublic = true
        case .resume:
            // Standing stopped the clock: handling starts again with the category's full limit.
            guard event.departmentCode != nil else { throw Problem.conflict("该事件尚未派遣，请先派遣承办部门。") }
            event.stage = .handling
            event.deadline = calendar.adding(minutes: event.limitMinutes, to: now, zone: zone)
            event.warnedAt = nil
        case .cancel:
            note = try requireReason()
            event.stage = .cancelled
            event.cancelledAt = now
        case .merge:
            guard let into = trimmed(request.into), into != event.id else { throw Problem.invalid("into", "请填写要合并到的事件编号") }
            event.stage = .cancelled
            event.cancelledAt = now
            event.duplicateOf = into
            detail["into"] = .string(into)
            note = note ?? "与事件 \(into) 重复，已合并"
        case .report, .warn, .escalate:
            throw Problem.invalid("action", "该操作由系统执行")
        }
        if let n = note, n.count > 2000 { throw Problem.invalid("note", "说明不能超过 2000 字") }
        if isPublic, let note { event.publicNote = note }
        event.historyCount += 1
        event.updatedAt = now
        return EventHistoryEntry(seq: event.historyCount, at: now, action: action, actorUsername: actor.username,
                                 actorName: actor.displayName, actorRole: actor.role.rawValue, fromStage: from, toStage: event.stage,
                                 note: note, detail: detail, isPublic: isPublic)
    }

    /// The server clock's steps: a warning when little time is left, an escalation when overdue.
    /// Returns nil when nothing is due.
    public static func tick(_ event: inout EventRecord, now: Date, calendar: WorkingCalendar, zone: TimeZone,
                            warnFraction: Double = 0.2) -> EventHistoryEntry? {
        guard event.stage.isOpen, let deadline = event.deadline, let registered = event.registeredAt else { return nil }
        let from = event.stage
        var action: EventAction
        var note: String
        if now > deadline {
            // One level per working limit overdue: village → town → district.
            let overdueMinutes = calendar.workingMinutes(from: deadline, to: now, zone: zone)
            let target = min(2, 1 + overdueMinutes / max(event.limitMinutes, 60))
            guard target > event.escalationLevel else { return nil }
            event.escalationLevel = target
            action = .escalate
            note = "已超过处置时限，升级至\(EscalationLevel.name(target))综治中心督办"
        } else {
            guard event.warnedAt == nil else { return nil }
            let total = max(1, calendar.workingMinutes(from: registered, to: deadline, zone: zone))
            let left = calendar.workingMinutes(from: now, to: deadline, zone: zone)
            guard Double(left) <= Double(total) * warnFraction else { return nil }
            event.warnedAt = now
            action = .warn
            note = "距处置时限不足 \(left) 个工作分钟"
        }
        event.historyCount += 1
        event.updatedAt = now
        return EventHistoryEntry(seq: event.historyCount, at: now, action: action, actorUsername: "system", actorName: "系统",
                                 actorRole: "system", fromStage: from, toStage: event.stage, note: note,
                                 detail: ["escalationLevel": .int(Int64(event.escalationLevel))])
    }

    static func trimmed(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}
