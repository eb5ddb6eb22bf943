import Foundation
import PinganKernel

// The five kinds of base data (人、地、事、物、组织) as plain values. Stores, imports, search
// and the demo all speak these. Every located record carries its unit grid's code and path
// as of the moment it was written, so scoping is a prefix match on its own table.

/// 户籍人口 / 流动人口 / 在外人员.
public enum Residency: String, Sendable, Codable, CaseIterable {
    case registered, floating, away

    public var chineseName: String {
        switch self {
        case .registered: "户籍人口"
        case .floating: "流动人口"
        case .away: "在外人员"
        }
    }
}

public enum Sex: String, Sendable, Codable { case male, female }

public struct PersonRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var documentType: DocumentType
    public var documentNumber: String?
    public var sex: Sex?
    /// `yyyy-MM-dd`, derived from a resident ID when there is one.
    public var birthDate: String?
    public var phone: String?
    public var residency: Residency
    /// For `away` residents: where they are now and why (study, work, …).
    public var awayPlace: String?
    public var awayReason: String?
    public var householdID: String?
    /// Relation to the head of household: 户主, 配偶, 子, 女, 父母, 孙子女, 兄弟姐妹, 其他.
    public var relationToHead: String?
    public var houseID: String?
    public var workplaceOrganisationID: String?
    public var gridCode: String
    public var gridPath: String

    public init(id: String, name: String, documentType: DocumentType, documentNumber: String?, sex: Sex?, birthDate: String?,
                phone: String?, residency: Residency, awayPlace: String? = nil, awayReason: String? = nil,
                householdID: String?, relationToHead: String?, houseID: String?, workplaceOrganisationID: String? = nil,
                gridCode: String, gridPath: String) {
        self.id = id
        self.name = name
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.sex = sex
        self.birthDate = birthDate
        self.phone = phone
        self.residency = residency
        self.awayPlace = awayPlace
        self.awayReason = awayReason
        self.householdID = householdID
        self.relationToHead = relationToHead
        self.houseID = houseID
        self.workplaceOrganisationID = workplaceOrganisationID
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

public struct HouseholdRecord: Sendable, Hashable {
    public var id: String
    /// 户号 as printed on the household register, when known.
    public var number: String?
    public var headPersonID: String?
    public var houseID: String?
    public var gridCode: String
    public var gridPath: String

    public init(id: String, number: String?, headPersonID: String?, houseID: String?, gridCode: String, gridPath: String) {
        self.id = id
        self.number = number
        self.headPersonID = headPersonID
        self.houseID = houseID
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

public enum HouseUse: String, Sendable, Codable, CaseIterable {
    case residential, shop, factory, publicBuilding = "public", mixed

    public var chineseName: String {
        switch self {
        case .residential: "住宅"
        case .shop: "商铺"
        case .factory: "厂房"
        case .publicBuilding: "公共建筑"
        case .mixed: "商住混合"
        }
    }
}

public struct HouseRecord: Sendable, Hashable {
    public var id: String
    /// 房屋编号 from the housing register, when an import gave one (a house's identity then).
    public var number: String?
    public var address: String
    public var point: GeoPoint
    public var use: HouseUse
    public var ownerName: String?
    public var ownerPersonID: String?
    public var floors: Int?
    public var gridCode: String
    public var gridPath: String

    public init(id: String, number: String? = nil, address: String, point: GeoPoint, use: HouseUse, ownerName: String?, ownerPersonID: String?,
                floors: Int?, gridCode: String, gridPath: String) {
        self.id = id
        self.number = number
        self.address = address
        self.point = point
        self.use = use
        self.ownerName = ownerName
        self.ownerPersonID = ownerPersonID
        self.floors = floors
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    case enterprise, publicInstitution = "public-institution", soleTrader = "sole-trader", socialOrganisation = "social-organisation"

    public var chineseName: String {
        switch self {
        case .enterprise: "企业"
        case .publicInstitution: "事业单位"
        case .soleTrader: "个体工商户"
        case .socialOrganisation: "社会组织"
        }
    }
}

public struct OrganisationRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var creditCode: String?
    public var kind: OrganisationKind
    public var legalRepresentative: String?
    public var phone: String?
    public var address: String
    public var houseID: String?
    public var point: GeoPoint
    public var gridCode: String
    public var gridPath: String

    public init(id: String, name: String, creditCode: String?, kind: OrganisationKind, legalRepresentative: String?, phone: String?,
                address: String, houseID: String?, point: GeoPoint, gridCode: String, gridPath: String) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.kind = kind
        self.legalRepresentative = legalRepresentative
        self.phone = phone
        self.address = address
        self.houseID = houseID
        self.point = point
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

/// Named places: schools, markets, bridges, scenic spots, clinics, squares…
public struct PlaceRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    /// 学校, 市场, 桥梁, 景区, 医院, 广场, 车站, 政府机关, …
    public var kind: String
    public var point: GeoPoint
    public var gridCode: String
    public var gridPath: String

    public init(id: String, name: String, kind: String, point: GeoPoint, gridCode: String, gridPath: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.point = point
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

/// 特殊人群 / 重点人员 tags of the one "N合一" roster.
public enum SpecialGroup: String, Sendable, Codable, CaseIterable {
    case communityCorrection = "community-correction"
    case releasedPrisoner = "released-prisoner"
    case drugRehabilitation = "drug-rehabilitation"
    case severeMentalDisorder = "severe-mental-disorder"
    case leftBehindChild = "left-behind-child"
    case elderlyAlone = "elderly-alone"
    case petition

    public var chineseName: String {
        switch self {
        case .communityCorrection: "社区矫正人员"
        case .releasedPrisoner: "刑满释放人员"
        case .drugRehabilitation: "社区戒毒康复人员"
        case .severeMentalDisorder: "严重精神障碍患者"
        case .leftBehindChild: "留守儿童"
        case .elderlyAlone: "独居老人"
        case .petition: "信访重点人员"
        }
    }

    /// How often the grid worker must visit, in days.
    public var visitIntervalDays: Int {
        switch self {
        case .communityCorrection, .drugRehabilitation, .severeMentalDisorder, .petition: 30
        case .releasedPrisoner: 90
        case .leftBehindChild, .elderlyAlone: 30
        }
    }
}

public enum RiskLevel: String, Sendable, Codable, CaseIterable {
    case low, medium, high
    public var chineseName: String {
        switch self {
        case .low: "低"
        case .medium: "中"
        case .high: "高"
        }
    }
}

public struct TagRecord: Sendable, Hashable {
    public var id: String
    public var personID: String
    public var group: SpecialGroup
    public var risk: RiskLevel
    /// Username of the responsible grid worker.
    public var responsibleWorker: String?
    public var validFrom: Date
    public var validTo: Date?
    public var gridCode: String
    public var gridPath: String

    public init(id: String, personID: String, group: SpecialGroup, risk: RiskLevel, responsibleWorker: String?, validFrom: Date,
                validTo: Date? = nil, gridCode: String, gridPath: String) {
        self.id = id
        self.personID = personID
        self.group = group
        self.risk = risk
        self.responsibleWorker = responsibleWorker
        self.validFrom = validFrom
        self.validTo = validTo
        self.gridCode = gridCode
        self.gridPath = gridPath
    }
}

/// A follow-up visit: due by `dueAt`; done when `doneAt` is set.
public struct VisitRecord: Sendable, Hashable {
    public var id: String
    public var tagID: String
    public var personID: String
    public var dueAt: Date
    public var doneAt: Date?
    public var worker: String?
    public var note: String?
    public var gridPath: String

    public init(id: String, tagID: String, personID: String, dueAt: Date, doneAt: Date?, worker: String?, note: String?, gridPath: String) {
        self.id = id
        self.tagID = tagID
        self.personID = personID
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.worker = worker
        self.note = note
        self.gridPath = gridPath
    }
}
