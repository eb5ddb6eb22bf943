import Foundation

/// What a dispute is about.
public enum DisputeKind: String, Sendable, Codable, CaseIterable {
    case neighbour, land, family, property, labour, damages, other

    public var chineseName: String {
        switch self {
        case .neighbour: "邻里纠纷"
        case .land: "土地纠纷"
        case .family: "婚姻家庭纠纷"
        case .property: "物业纠纷"
        case .labour: "劳动争议"
        case .damages: "损害赔偿纠纷"
        case .other: "其他纠纷"
        }
    }
}

/// Who mediates: village cadres and the "五老" (retired cadres, teachers, soldiers, party members, deputies), lawyers.
public enum MediatorKind: String, Sendable, Codable, CaseIterable {
    case cadre, retiredCadre, retiredTeacher, veteran, partyMember, deputy, lawyer

    public var chineseName: String {
        switch self {
        case .cadre: "村（社区）干部"
        case .retiredCadre: "老干部"
        case .retiredTeacher: "老教师"
        case .veteran: "老兵"
        case .partyMember: "老党员"
        case .deputy: "人大代表"
        case .lawyer: "律师"
        }
    }
}

/// Where a mediation case stands.
public enum MediationStatus: String, Sendable, Codable, CaseIterable {
    case accepted, mediating, agreed, failed, fulfilled

    public var chineseName: String {
        switch self {
        case .accepted: "受理"
        case .mediating: "调解中"
        case .agreed: "达成协议"
        case .failed: "调解不成"
        case .fulfilled: "已履行"
        }
    }
}

public struct MediationParty: Sendable, Codable, Equatable {
    public var name: String
    /// applicant | respondent
    public var role: String
    public var phone: String?
    public init(name: String, role: String, phone: String?) {
        self.name = name
        self.role = role
        self.phone = phone
    }
}

public struct Mediator: Sendable, Codable, Equatable {
    public var name: String
    public var kind: MediatorKind
    public init(name: String, kind: MediatorKind) {
        self.name = name
        self.kind = kind
    }
}

public struct MediationSession: Sendable, Codable, Equatable {
    public var seq: Int
    public var at: Date
    public var mediators: [String]
    public var notes: String
    public var recordedBy: String
}

/// A people's-mediation case with its parties, mediators, sessions, outcome and fulfilment.
public struct MediationCase: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: DisputeKind
    public var summary: String
    public var status: MediationStatus
    public var gridCode: String
    public var gridPath: String
    public var committee: String
    public var eventID: String?
    public var openedAt: Date
    public var closedAt: Date?
    public var agreed: Bool?
    public var agreementText: String?
    public var amountCents: Int64?
    public var fulfilDeadline: String?
    /// pending | fulfilled | breached
    public var fulfilment: String?
    public var fulfilledAt: Date?
    public var fulfilmentNote: String?
    public var createdBy: String
    public var parties: [MediationParty]
    public var mediators: [Mediator]
    public var sessions: [MediationSession]
}

/// Mediation KPIs: cases opened in the period, agreements, success rate, fulfilment.
public struct MediationKPIs: Sendable, Encodable {
    public struct KindRow: Sendable, Encodable {
        public var kind: String
        public var kindName: String
        public var cases: Int
        public var agreements: Int
    }
    public var cases: Int
    public var concluded: Int
    public var agreements: Int
    /// agreements / concluded (agreed or failed), 0–1.
    public var successRate: Double
    public var fulfilled: Int
    /// fulfilled / agreements, 0–1.
    public var fulfilmentRate: Double
    public var byKind: [KindRow]
}
