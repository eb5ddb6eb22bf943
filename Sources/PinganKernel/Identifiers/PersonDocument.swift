import Foundation

/// The kind of identity document a person is known by; (type, number) is a person's identity.
public enum DocumentType: String, Sendable, Codable, CaseIterable {
    /// 居民身份证 (GB 11643).
    case residentId
    /// 外国人永久居留身份证 (2023 layout): 18 characters starting with 9, GB 11643 check.
    case foreignPermanentResident
    /// 港澳台居民居住证: GB 11643 layout with division code 810000 / 820000 / 830000.
    case hkMacaoTaiwanPermit
    /// 护照: 5–17 letters or digits.
    case passport
    /// 无证件 (newborns, unknown persons): no number.
    case none

    /// The Chinese name shown in the UI and accepted in imports.
    public var displayName: String {
        switch self {
        case .residentId: "居民身份证"
        case .foreignPermanentResident: "外国人永久居留身份证"
        case .hkMacaoTaiwanPermit: "港澳台居民居住证"
        case .passport: "护照"
        case .none: "无"
        }
    }

    /// Reads a raw value (`residentId`) or a Chinese label as found in department exports.
    public init?(label: String) {
        let text = IdentifierText.normalize(label)
        if let type = DocumentType(rawValue: text) { self = type; return }
        switch text {
        case "居民身份证", "身份证", "公民身份号码", "二代身份证": self = .residentId
        case "外国人永久居留身份证", "外国人永久居留证", "永久居留身份证": self = .foreignPermanentResident
        // Not a bare "居住证": that is the floating-population permit, not an identity document.
        case "港澳台居民居住证", "港澳居民居住证", "台湾居民居住证": self = .hkMacaoTaiwanPermit
        case "护照": self = .passport
        case "", "无", "无证件": self = .none
        default: return nil
        }
    }
}

/// A person's identity document: its type and normalised number (nil only for `.none`).
public struct PersonDocument: Hashable, Sendable, Codable {
    /// What kind of document the number belongs to.
    public var type: DocumentType
    /// The normalised number; nil for `.none`.
    public var number: String?

    /// Wraps values that were validated before (e.g. read back from storage); no checks here.
    public init(type: DocumentType, number: String?) {
        self.type = type
        self.number = number
    }

    /// Validates `number` for `type` and normalises it (18-digit IDs, uppercase letters).
    /// A residence permit filed as a resident ID (or the reverse) is rejected, so one person
    /// cannot exist under two identities.
    public static func parse(type: DocumentType, number: String?, field: String, asOf: Date? = nil) throws -> PersonDocument {
        let text = IdentifierText.normalize(number ?? "")
        if type == .none {
            guard text.isEmpty else { throw Problem.invalid(field, "证件类型为“无”时不应填写证件号码") }
            return PersonDocument(type: .none, number: nil)
        }
        guard !text.isEmpty else { throw Problem.invalid(field, "\(type.displayName)号码不能为空") }
        switch type {
        case .residentId:
            let id = try ResidentID.parse(text, field: field, asOf: asOf)
            guard !id.isResidencePermit else {
                throw Problem.invalid(field, "该号码是港澳台居民居住证号码，证件类型应选“港澳台居民居住证”")
            }
            return PersonDocument(type: type, number: id.value)
        case .hkMacaoTaiwanPermit:
            let id = try ResidentID.parse(text, field: field, asOf: asOf)
            guard id.isResidencePermit else {
                throw Problem.invalid(field, "港澳台居民居住证号码应以 810000、820000 或 830000 开头")
            }
            return PersonDocument(type: type, number: id.value)
        case .foreignPermanentResident:
            return PersonDocument(type: type, number: try parseForeignPermanent(text, field: field, asOf: asOf))
        case .passport:
            return PersonDocument(type: type, number: try parsePassport(text, field: field))
        case .none:
            return PersonDocument(type: .none, number: nil)
        }
    }

    /// The number masked for display (`nil` for `.none`).
    public var maskedNumber: String? { number.map(Masking.documentNumber) }

    /// 2023 foreigners' permanent-residence ID: `9` + issuing province (2) + nationality (3,
    /// GB/T 2659 numeric) + birth date (8) + sequence (3) + check character (GB 11643).
    private static func parseForeignPermanent(_ text: String, field: String, asOf: Date?) throws -> String {
        let chars = GB11643.normalize(text)
        guard chars.count == 18 else {
            throw Problem.invalid(field, "外国人永久居留身份证号码应为 18 位，实际为 \(chars.count) 位")
        }
        guard chars[0] == "9" else {
            throw Problem.invalid(field, "外国人永久居留身份证号码应以 9 开头")
        }
        try GB11643.requireDigits(chars, field: field)
        let province = String(chars[1..<3])
        guard DivisionCodes.mainlandProvinces.contains(province) else {
            throw Problem.invalid(field, "第 2–3 位“\(province)”不是受理地省级代码")
        }
        try GB11643.validateBirthDate(chars, field: field, asOf: asOf)
        try GB11643.verifyCheck(chars, field: field)
        return String(chars)
    }

    /// Passport numbers differ by country; only the common shape is checked.
    private static func parsePassport(_ text: String, field: String) throws -> String {
        // Check ASCII before uppercasing: "ß".uppercased() is "SS".
        let isASCIIAlphanumeric = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let value = text.uppercased()
        guard isASCIIAlphanumeric, (5...17).contains(value.count) else {
            throw Problem.invalid(field, "护照号码应为 5–17 位字母或数字")
        }
        return value
    }

    private enum CodingKeys: String, CodingKey { case type, number }

    /// Decoding (API input) validates like `parse`, reporting the field `document`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(DocumentType.self, forKey: .type)
        let number = try container.decodeIfPresent(String.self, forKey: .number)
        self = try PersonDocument.parse(type: type, number: number, field: "document")
    }
}
