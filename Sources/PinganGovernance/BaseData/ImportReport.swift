import Foundation
import PinganKernel

/// What an import did, or on a dry run would do. Every rejected row and every conflict is
/// listed with its row, field, value and a Chinese message.
public struct ImportReport: Sendable, Codable {
    public struct Conflict: Sendable, Codable, Hashable {
        public var row: Int
        public var field: String
        public var value: String
        public var message: String

        /// Identity numbers and phones are masked here, once, like every other answer: a report
        /// never carries the full value, neither the submitted one nor the one on record.
        init(row: Int, field: String, value: String, message: String) {
            self.row = row
            self.field = field
            self.value = Masking.field(field, value)
            self.message = message
        }
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
    /// Whether the source was bound to the account by the security administrator; only a bound
    /// source is the authority for any field.
    public let bound: Bool

    /// An operator's own import: their centre's name, the authority for nothing.
    public init(centre name: String) {
        self.name = name
        authoritativeFields = []
        bound = false
    }

    /// A source bound to the importing account (`ImportSourceBindings`).
    public init(name: String) {
        self.name = name
        bound = true
        if name.contains("公安") {
            // The household register: who a household's head is and who belongs to it.
            authoritativeFields = ["name", "residentId", "sex", "birthDate", "residency", "householdNumber", "relationToHead", "head"]
        } else if name.contains("网格") {
            // Where people live now: also which house a household lives in and where a house stands.
            authoritativeFields = ["phone", "address", "grid", "awayPlace", "awayReason", "house", "location"]
        } else if name.contains("市场监管") || name.contains("工商") {
            authoritativeFields = ["name", "creditCode", "kind", "legalRepresentative", "address"]
        } else if name.contains("住建") || name.contains("房管") || name.contains("不动产") || name.contains("房产") {
            // Housing and real-estate registration: a house's registered facts.
            authoritativeFields = ["houseNumber", "address", "use", "ownerName", "ownerResidentId", "floors"]
        } else {
            authoritativeFields = []
        }
    }
}
