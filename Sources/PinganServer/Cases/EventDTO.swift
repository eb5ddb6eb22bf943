import Foundation
import PinganAccess
import PinganCases
import PinganKernel

/// The event page's JSON (see notes in the OpenAPI document): names resolved, phones masked.
struct EventDTO: Encodable {
    struct Ref: Encodable { var code: String; var name: String }
    struct CategoryRef: Encodable { var code: String; var name: String; var group: String }
    struct PathNode: Encodable { var code: String; var name: String; var level: Int }
    struct GridRef: Encodable { var code: String; var name: String; var path: [PathNode] }
    struct Reporter: Encodable { var username: String?; var name: String?; var phone: String? }
    struct Extension: Encodable { var minutes: Int; var reason: String? }
    struct Photo: Encodable { var id: String; var url: String; var contentType: String; var stepSeq: Int }
    struct Actor: Encodable { var username: String; var name: String; var roleName: String }
    struct Step: Encodable {
        var seq: Int
        var at: String
        var action: String
        var actionName: String
        var actor: Actor
        var fromStage: String?
        var toStage: String
        var note: String?
        var photos: [String]
        var detail: [String: JSONValue]
    }

    var id: String
    var number: String
    var category: CategoryRef
    var severity: String
    var severityName: String
    var stage: String
    var stageName: String
    var channel: String
    var channelName: String
    var description: String
    var address: String?
    var lat: Double
    var lng: Double
    var grid: GridRef
    var reporter: Reporter
    var reportedAt: String
    var registeredAt: String?
    var dispatchedAt: String?
    var department: Ref?
    var deadline: String?
    var overdue: Bool
    var warning: Bool
    var escalationLevel: Int
    var escalatedTo: String?
    var extensionPending: Extension?
    var reworkCount: Int
    var extensionCount: Int
    var sendBackCount: Int
    var closedAt: String?
    var closedOnTime: Bool?
    var duplicateOf: String?
    var photos: [Photo]
    var history: [Step]
    var allowedActions: [String]

    static func make(_ d: EventDetail, service: EventService, grids: any CaseGrids, time: CountyTime, now: Date) -> EventDTO {
        let e = d.record
        let category = service.reference.category(e.categoryCode)
        let path = e.gridPath.split(separator: "/").compactMap { grids.place(code: String($0)) }
            .map { PathNode(code: $0.code, name: $0.name, level: $0.level) }
        let roleNames = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, $0.chineseName) })
        return EventDTO(
            id: e.id, number: e.id,
            category: CategoryRef(code: e.categoryCode, name: category?.name ?? e.categoryCode, group: category?.group ?? ""),
            severity: e.severity.rawValue, severityName: e.severity.chineseName, stage: e.stage.rawValue, stageName: e.stage.chineseName,
            channel: e.channel.rawValue, channelName: e.channel.chineseName, description: e.description, address: e.address,
            lat: e.point.latitude, lng: e.point.longitude,
            grid: GridRef(code: e.gridCode, name: grids.place(code: e.gridCode)?.name ?? e.gridCode, path: path),
            reporter: Reporter(username: e.reporterUsername, name: e.reporterName, phone: e.reporterPhone.map(Masking.phone)),
            reportedAt: time.format(e.reportedAt), registeredAt: e.registeredAt.map(time.format), dispatchedAt: e.dispatchedAt.map(time.format),
            department: e.departmentCode.map { Ref(code: $0, name: service.reference.department($0)?.name ?? $0) },
            deadline: e.deadline.map(time.format), overdue: e.isOverdue(at: now), warning: service.isWarning(e, now: now),
            escalationLevel: e.escalationLevel, escalatedTo: e.escalationLevel > 0 ? EscalationLevel.name(e.escalationLevel) : nil,
            extensionPending: e.extensionMinutes.map { Extension(minutes: $0, reason: e.extensionReason) },
            reworkCount: e.reworkCount, extensionCount: e.extensionCount, sendBackCount: e.sendBackCount,
            closedAt: e.closedAt.map(time.format), closedOnTime: e.closedOnTime, duplicateOf: e.duplicateOf,
            photos: d.photos.map { Photo(id: $0.id, url: "/api/v1/events/\(e.id)/photos/\($0.id)", contentType: $0.contentType, stepSeq: $0.seq) },
            history: d.history.map { h in
                Step(seq: h.seq, at: time.format(h.at), action: h.action.rawValue, actionName: h.action.chineseName,
                     actor: Actor(username: h.actorUsername, name: h.actorName,
                                  roleName: roleNames[h.actorRole] ?? (h.actorRole == "system" ? "系统" : h.actorRole == "public" ? "群众" : h.actorRole)),
                     fromStage: h.fromStage?.rawValue, toStage: h.toStage.rawValue, note: h.note, photos: h.photoIDs, detail: h.detail)
            },
            allowedActions: d.allowedActions.map(\.rawValue))
    }
}

/// KPI figures with their rates, as the API and the dashboard show them.
struct KPIDTO: Encodable {
    var reported: Int
    var closed: Int
    var closedOnTime: Int
    var reworked: Int
    var extended: Int
    var closureRate: Double
    var onTimeClosureRate: Double
    var reworkRate: Double
    var extensionRate: Double
    var averageHandlingHours: Double?

    init(_ f: EventKPIFigures) {
        func r(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
        reported = f.reported
        closed = f.closed
        closedOnTime = f.closedOnTime
        reworked = f.reworked
        extended = f.extended
        closureRate = r(f.closureRate)
        onTimeClosureRate = r(f.onTimeClosureRate)
        reworkRate = r(f.reworkRate)
        extensionRate = r(f.extensionRate)
        averageHandlingHours = f.averageHandlingHours
    }
}
