import Foundation
import PinganKernel
import PinganStorage
import SQLKit

// Small pieces the house and household importers share: keys that match two spellings of one
// thing, the Chinese words department files use for a house's use and coordinate system, and
// the provenance rows of an import.

/// One row of `record_versions`: where a version of a record came from.
typealias VersionRow = (kind: String, id: String, version: Int, source: String, importID: String?, at: Date, fields: [String])

enum ImportText {
    /// Full-width ASCII forms as ASCII, ideographic spaces as spaces, zero-width marks dropped, trimmed:
    /// the kernel's identifier clean-up, which suits every cell a department file carries.
    static func halfWidth(_ text: String) -> String { IdentifierText.normalize(text) }

    /// The form two spellings of one address share: half-width, upper case, without spaces or
    /// the punctuation people type between parts ("渌口镇 朱亭路１８号" = "渌口镇朱亭路18号").
    static func addressKey(_ address: String) -> String {
        String(halfWidth(address).uppercased().unicodeScalars.filter {
            !CharacterSet.whitespacesAndNewlines.contains($0) && !"-—_,，、.。·()（）".unicodeScalars.contains($0)
        }.map(Character.init))
    }

    /// A register number (房屋编号, 户号): half-width, upper case, no inner spaces.
    static func registerNumber(_ text: String) -> String {
        halfWidth(text).uppercased().filter { !$0.isWhitespace }
    }

    /// A house's use from an API value or the Chinese of housing registers.
    static func houseUse(_ text: String) -> HouseUse? {
        let t = halfWidth(text).lowercased()
        if let use = HouseUse(rawValue: t) { return use }
        if HouseUse.allCases.contains(where: { $0.chineseName == t }) { return HouseUse.allCases.first { $0.chineseName == t } }
        if t.contains("商住") || t.contains("混合") { return .mixed }
        if t.contains("住宅") || t.contains("居住") || t == "住房" || t.contains("民房") { return .residential }
        if t.contains("商铺") || t.contains("商业") || t.contains("门面") || t.contains("店铺") || t.contains("商服") { return .shop }
        if t.contains("厂房") || t.contains("工业") || t.contains("仓储") || t.contains("仓库") { return .factory }
        if t.contains("公共") || t.contains("公建") || t.contains("办公") || t.contains("学校") || t.contains("医院") { return .publicBuilding }
        return nil
    }

    /// A coordinate system as written in department files; nil when unknown. Empty means WGS 84.
    static func coordinateSystem(_ text: String?) -> CoordinateSystem? {
        let t = halfWidth(text ?? "").lowercased().filter { $0 != "-" && $0 != "_" && !$0.isWhitespace }
        switch t {
        case "", "wgs84", "gps", "cgcs2000", "天地图", "2000": return .wgs84
        case "gcj02", "火星", "火星坐标", "国测局", "高德", "腾讯": return .gcj02
        case "bd09", "bd09ll", "百度", "百度坐标": return .bd09
        default: return CoordinateSystem(rawValue: t)
        }
    }

    /// A whole number of floors ("6", "6层"), 1–300.
    static func floors(_ text: String) -> Int? {
        var t = halfWidth(text)
        if t.hasSuffix("层") { t.removeLast() }
        guard let n = Int(t), (1...300).contains(n) else { return nil }
        return n
    }

    /// An identity document number in a household or house file: a resident ID, or the permits
    /// that share its layout (Hong Kong / Macau / Taiwan residence permit, foreigners' permanent residence).
    static func personDocument(_ text: String, field: String, asOf: Date) throws -> PersonDocument {
        let t = halfWidth(text)
        if t.hasPrefix("81") || t.hasPrefix("82") || t.hasPrefix("83"),
           let permit = try? PersonDocument.parse(type: .hkMacaoTaiwanPermit, number: t, field: field, asOf: asOf) {
            return permit
        }
        if t.hasPrefix("9"), let foreign = try? PersonDocument.parse(type: .foreignPermanentResident, number: t, field: field, asOf: asOf) {
            return foreign
        }
        return try PersonDocument.parse(type: .residentId, number: t, field: field, asOf: asOf)
    }

    /// The Chinese message of a validation problem.
    static func message(_ problem: Problem) -> String { problem.errors.first?.message ?? problem.detail }
}

enum ImportLookups {
    /// The last version number of each record of `kind` in `ids` (records without provenance are version 1).
    static func latestVersions(kind: String, ids: [String], on db: any SQLDatabase) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for chunk in ids.chunked(500) {
            for r in try await db.raw("""
                SELECT record_id, MAX(version) AS v FROM record_versions WHERE kind = \(bind: kind)
                AND record_id IN (\(SQLList(chunk.map { SQLBind($0) }))) GROUP BY record_id
                """).all() {
                out[try r.decode(column: "record_id", as: String.self)] = try r.decode(column: "v", as: Int.self)
            }
        }
        return out
    }

    /// Known people by document number, limited to unit grids in `paths` (the caller's scope):
    /// number → (id, name, grid path, household, relation, house, version).
    static func people(numbers: [String], inside paths: Set<String>, on db: any SQLDatabase) async throws -> [String: KnownPerson] {
        var out: [String: KnownPerson] = [:]
        for chunk in Array(Set(numbers)).chunked(500) {
            for r in try await db.raw("""
                SELECT id, name, doc_type, doc_number, household_id, relation, house_id, grid_path, version FROM people
                WHERE doc_number IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all() {
                let path = try r.decode(column: "grid_path", as: String.self)
                guard paths.contains(path) else { continue }
                let person = KnownPerson(id: try r.decode(column: "id", as: String.self), name: try r.decode(column: "name", as: String.self),
                                         householdID: try r.decode(column: "household_id", as: String?.self),
                                         relation: try r.decode(column: "relation", as: String?.self),
                                         houseID: try r.decode(column: "house_id", as: String?.self), gridPath: path,
                                         version: try r.decode(column: "version", as: Int.self))
                let number = try r.decode(column: "doc_number", as: String.self)
                let type = try r.decode(column: "doc_type", as: String.self)
                // A resident ID wins over another document type that happens to carry the same number.
                if out[number] == nil || type == DocumentType.residentId.rawValue {
                    out[number] = person
                }
            }
        }
        return out
    }
}

/// A person already known, as the household and house importers need them.
struct KnownPerson: Sendable {
    var id: String
    var name: String
    var householdID: String?
    var relation: String?
    var houseID: String?
    var gridPath: String
    var version: Int
}

/// The rows an import rejects or notes, each with its row, field, value and a Chinese message.
struct ImportNotes {
    var conflicts: [ImportReport.Conflict] = []
    var rejected = Set<Int>()

    mutating func reject(_ row: Int, _ field: String, _ value: String, _ message: String) {
        rejected.insert(row)
        conflicts.append(.init(row: row, field: field, value: value, message: message))
    }

    /// A note that rejects nothing (a conflict kept aside, an owner not on record).
    mutating func note(_ row: Int, _ field: String, _ value: String, _ message: String) {
        conflicts.append(.init(row: row, field: field, value: value, message: message))
    }

    /// Conflict message of a value a non-authoritative source disagrees on.
    static func asideMessage(field: String, existing: String, source: String) -> String {
        "与已有值不一致（已有“\(Masking.field(field, existing))”），\(source)不是该字段的权威来源，已另存为冲突"
    }

    var sorted: [ImportReport.Conflict] { conflicts.sorted { ($0.row, $0.field) < ($1.row, $1.field) } }
}
