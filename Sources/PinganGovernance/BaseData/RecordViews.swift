import Foundation

// Read models of the record pages. IDs and phones in them are always masked; the full
// values come only from a reveal.

public struct Ref: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
}

public struct HouseRef: Sendable, Codable, Hashable {
    public var id: String
    public var address: String
}

public struct GridRef: Sendable, Codable {
    public struct Step: Sendable, Codable { public var code: String; public var name: String; public var level: Int }
    public var code: String
    public var name: String
    public var path: [Step]
}

public struct VisitView: Sendable, Codable {
    public var dueAt: String
    public var doneAt: String?
    public var overdue: Bool
}

public struct TagView: Sendable, Codable {
    public var id: String
    public var group: String
    public var groupName: String
    public var risk: String
    public var riskName: String
    public var minor: Bool
    public var responsibleWorker: String?
    public var responsibleWorkerName: String?
    public var nextDue: String?
    public var overdue: Bool
    public var visits: [VisitView]
}

public struct ProvenanceView: Sendable, Codable {
    public var source: String
    public var importId: String?
    public var at: String
    public var fields: [String]
}

public struct ConflictView: Sendable, Codable {
    public var field: String
    public var value: String
    public var source: String
    public var at: String
}

public struct PersonView: Sendable, Codable {
    public struct HouseholdLink: Sendable, Codable { public var id: String; public var number: String?; public var relationToHead: String? }
    public struct Reveal: Sendable, Codable { public var residentId: Bool; public var phone: Bool }
    public var id: String
    public var name: String
    public var documentType: String
    public var documentTypeName: String
    public var residentId: String?
    public var phone: String?
    public var sex: String?
    public var birthDate: String?
    public var age: Int?
    public var residency: String
    public var residencyName: String
    public var awayPlace: String?
    public var awayReason: String?
    public var household: HouseholdLink?
    public var house: HouseRef?
    public var workplace: Ref?
    public var grid: GridRef
    /// Nil (left out) without the special-groups permission.
    public var tags: [TagView]?
    public var provenance: [ProvenanceView]
    public var conflicts: [ConflictView]
    public var canReveal: Reveal
}

public struct HouseholdView: Sendable, Codable {
    public struct Member: Sendable, Codable {
        public var id: String; public var name: String; public var relationToHead: String?; public var residentId: String?
        public var phone: String?; public var residency: String
    }
    public var id: String
    public var number: String?
    public var head: Ref?
    public var members: [Member]
    public var house: HouseRef?
    public var grid: GridRef
}

public struct HouseView: Sendable, Codable {
    public struct HouseholdRow: Sendable, Codable { public var id: String; public var number: String?; public var headName: String?; public var memberCount: Int }
    public struct OrganisationRow: Sendable, Codable { public var id: String; public var name: String; public var kindName: String }
    public var id: String
    /// 房屋编号 from the housing register, when an import gave one.
    public var number: String?
    public var address: String
    public var lat: Double
    public var lng: Double
    public var use: String
    public var useName: String
    public var ownerName: String?
    public var floors: Int?
    public var households: [HouseholdRow]
    public var organisations: [OrganisationRow]
    public var residents: Int
    public var grid: GridRef
}

public struct OrganisationView: Sendable, Codable {
    public var id: String
    public var name: String
    public var creditCode: String?
    public var kind: String
    public var kindName: String
    public var legalRepresentative: String?
    public var phone: String?
    public var address: String
    public var house: HouseRef?
    public var employees: Int
    public var grid: GridRef
}

public struct PlaceView: Sendable, Codable {
    public var id: String
    public var name: String
    public var kind: String
    public var lat: Double
    public var lng: Double
    public var grid: GridRef
}
