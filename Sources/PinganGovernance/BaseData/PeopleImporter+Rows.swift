import Foundation
import PinganKernel

/// The checks one row of a people file gets, on the reading thread: name, document (parsed once),
/// sex and birth date against a resident ID, phone, residency, the grid within scope, and the
/// same person twice in one file.
struct PeopleRowChecker: RowChecking {
    /// Unit grid code → path, inside the importer's scope.
    let leaves: [String: String]
    let now: Date
    /// "type:number" → the first row that named that person.
    private var seen: [String: Int] = [:]

    init(leaves: [String: String], now: Date) {
        self.leaves = leaves
        self.now = now
    }

    mutating func check(_ row: ImportRow, notes: inout ImportNotes) -> PeopleImporter.Candidate? {
        let f = row.fields
        var ok = true
        func fail(_ field: String, _ message: String) { notes.reject(row.number, field, f[field] ?? "", message); ok = false }
        let name = f["name"] ?? ""
        if name.isEmpty { fail("name", "缺少姓名") } else if name.count > 40 { fail("name", "姓名过长") }
        var docType = DocumentType.residentId
        if let t = f["documentType"] {
            if let parsed = DocumentType(label: t) { docType = parsed } else { fail("documentType", "无法识别的证件类型") }
        }
        var number: String? = nil
        var sex: Sex? = f["sex"].flatMap { $0.contains("男") || $0 == "male" ? .male : $0.contains("女") || $0 == "female" ? .female : nil }
        var birth = f["birthDate"]
        do {
            let parsed = try Self.parseDocument(type: docType, number: f["residentId"] ?? f["documentNumber"], asOf: now)
            number = parsed.number
            if let id = parsed.residentID {
                let derivedSex: Sex = id.isMale ? .male : .female
                let derivedBirth = Self.isoDate(id.birthDate)
                if let s = sex, s != derivedSex { fail("sex", "性别与身份证号码不符（号码显示为\(derivedSex == .male ? "男" : "女")）") }
                if let given = birth, given != derivedBirth { fail("birthDate", "出生日期与身份证号码不符（号码显示为 \(derivedBirth)）") }
                sex = derivedSex
                birth = derivedBirth
            }
        } catch let p as Problem {
            fail("residentId", ImportText.message(p))
        } catch {
            fail("residentId", "证件号码无效")
        }
        var phone: String? = nil
        if let raw = f["phone"] {
            do { phone = try PhoneNumber.parse(raw) } catch let p as Problem { fail("phone", ImportText.message(p)) } catch { fail("phone", "电话号码无效") }
        }
        var residency: Residency? = nil
        if let r = f["residency"] {
            residency = Residency(rawValue: r) ?? Residency.allCases.first { r.contains($0.chineseName.prefix(2)) }
            if residency == nil { fail("residency", "人口类型须为 户籍、流动 或 在外") }
        }
        let gridCode = f["grid"] ?? ""
        let gridPath = leaves[gridCode]
        if gridCode.isEmpty { fail("grid", "缺少网格编码") } else if gridPath == nil { fail("grid", "网格编码 \(gridCode) 不存在或不在管辖范围内") }
        if let n = number {
            let key = docType.rawValue + ":" + n
            if let first = seen[key] { fail("residentId", "与第 \(first) 行证件号码重复") } else { seen[key] = row.number }
        }
        guard ok, let gridPath else { return nil }
        return PeopleImporter.Candidate(row: row.number, name: name, documentType: docType, number: number, sex: sex, birthDate: birth,
                                        phone: phone, residency: residency, awayPlace: f["awayPlace"], awayReason: f["awayReason"],
                                        address: f["address"], gridCode: gridCode, gridPath: gridPath)
    }

    /// The document's normalised number, and the parsed ID when it is a resident ID: the same
    /// checks and messages as `PersonDocument.parse`, with one parse of the number.
    static func parseDocument(type: DocumentType, number: String?, asOf: Date) throws -> (number: String?, residentID: ResidentID?) {
        guard type == .residentId else {
            return (try PersonDocument.parse(type: type, number: number, field: "residentId", asOf: asOf).number, nil)
        }
        // The reader trims cells and leaves empty ones out.
        guard let number, !number.isEmpty else {
            throw Problem.invalid("residentId", "\(DocumentType.residentId.displayName)号码不能为空")
        }
        let id = try ResidentID.parse(number, field: "residentId", asOf: asOf)
        guard !id.isResidencePermit else { throw Problem.invalid("residentId", "该号码是港澳台居民居住证号码，证件类型应选“港澳台居民居住证”") }
        return (id.value, id)
    }

    /// `yyyy-MM-dd` without a formatter (a million rows pay for every `String(format:)`).
    static func isoDate(_ d: (year: Int, month: Int, day: Int)) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2)
    }
}
