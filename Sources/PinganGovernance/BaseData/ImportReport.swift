import Foundation

/// What an import did, or on a dry run would do. Every rejected row and every conflict is
/// listed with its row, field, value and a Chinese message.
public struct ImportReport: Sendable, Codable {
    public struct Conflict: Sendable, Codable, Hashable {
        public var row: Int
        public var field: String
        public var value: String
        public var message: String
    }

    public var dryRun: Bool
    public var kind: String
    public var encoding: String
    public var rows: Int = 0
    public var imported: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0
    public var rejected: Int = 0
    public var conflicts: [Conflict] = []
    /// Whether anything was written (false on a dry run, and when rows were rejected without keepValid).
    public var applied: Bool = false
    public var importId: String?
}

/// Which fields a source is the authority for. Public security owns name and identity; the
/// grid worker owns where someone lives now and how to reach them. Anyone may fill a field
/// that is empty; a different value from a non-authoritative source is kept as a conflict.
public struct ImportSource: Sendable {
    public let name: String
    public let authoritativeFields: Set<String>

    public init(name: String) {
        self.name = name
        if name.contains("公安") {
            authoritativeFields = ["name", "residentId", "sex", "birthDate", "residency", "householdNumber", "relationToHead"]
        } else if name.contains("网格") {
            authoritativeFields = ["phone", "address", "grid", "awayPlace", "awayReason"]
        } else if name.contains("市场监管") || name.contains("工商") {
            authoritativeFields = ["name", "creditCode", "kind", "legalRepresentative", "address"]
        } else {
            authoritativeFields = []
        }
    }
}
