import Foundation
import PinganKernel

/// One grid event as stored: what was reported, where, and the summary the workflow keeps of
/// its history (stage, deadline, counts). Only `EventWorkflow` changes the summary fields.
public struct EventRecord: Sendable, Equatable {
    public var id: String
    public var categoryCode: String
    public var severity: EventSeverity
    public var stage: EventStage
    public var channel: EventChannel
    public var description: String
    public var address: String?
    public var point: GeoPoint
    public var gridCode: String
    public var gridPath: String
    public var reporterUsername: String?
    public var reporterName: String?
    public var reporterPhone: String?
    public var reportedAt: Date
    public var registeredAt: Date?
    public var dispatchedAt: Date?
    public var departmentCode: String?
    /// Working minutes from registration to the deadline (category and severity, as reported).
    public var limitMinutes: Int
    public var deadline: Date?
    public var warnedAt: Date?
    /// 0 = the village centre follows it; 1 = escalated to the town; 2 = to the district.
    public var escalationLevel: Int
    public var extensionCount: Int
    /// A pending extension request (working minutes asked for) and its reason.
    public var extensionMinutes: Int?
    public var extensionReason: String?
    public var reworkCount: Int
    public var sendBackCount: Int
    public var verifiedAt: Date?
    public var closedAt: Date?
    public var closedOnTime: Bool?
    public var cancelledAt: Date?
    public var duplicateOf: String?
    /// The latest note meant for the public (Open311 `status_notes`).
    public var publicNote: String?
    public var historyCount: Int
    public var updatedAt: Date
    public var open311Token: String?

    public init(id: String, categoryCode: String, severity: EventSeverity, channel: EventChannel, description: String,
                address: String?, point: GeoPoint, gridCode: String, gridPath: String, reporterUsername: String?,
                reporterName: String?, reporterPhone: String?, reportedAt: Date, limitMinutes: Int) {
        self.id = id
        self.categoryCode = categoryCode
        self.severity = severity
        self.stage = .received
        self.channel = channel
        self.description = description
        self.address = address
        self.point = point
        self.gridCode = gridCode
        self.gridPath = gridPath
        self.reporterUsername = reporterUsername
        self.reporterName = reporterName
        self.reporterPhone = reporterPhone
        self.reportedAt = reportedAt
        self.limitMinutes = limitMinutes
        self.escalationLevel = 0
        self.extensionCount = 0
        self.reworkCount = 0
        self.sendBackCount = 0
        self.historyCount = 0
        self.updatedAt = reportedAt
    }

    /// Past its (extended) deadline and still open.
    public func isOverdue(at now: Date) -> Bool {
        guard stage.isOpen, let deadline else { return false }
        return now > deadline
    }
}

/// One step of an event's history: who did what, when, with which note and photos.
public struct EventHistoryEntry: Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var action: EventAction
    public var actorUsername: String
    public var actorName: String
    public var actorRole: String
    public var fromStage: EventStage?
    public var toStage: EventStage
    public var note: String?
    public var detail: [String: JSONValue]
    /// Whether the note may be shown to the public (Open311 status notes).
    public var isPublic: Bool
    public var photoIDs: [String]

    public init(seq: Int, at: Date, action: EventAction, actorUsername: String, actorName: String, actorRole: String,
                fromStage: EventStage?, toStage: EventStage, note: String?, detail: [String: JSONValue] = [:],
                isPublic: Bool = false, photoIDs: [String] = []) {
        self.seq = seq
        self.at = at
        self.action = action
        self.actorUsername = actorUsername
        self.actorName = actorName
        self.actorRole = actorRole
        self.fromStage = fromStage
        self.toStage = toStage
        self.note = note
        self.detail = detail
        self.isPublic = isPublic
        self.photoIDs = photoIDs
    }
}
