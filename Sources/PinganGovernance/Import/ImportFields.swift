// The API field names each import kind accepts, which of them a file must have a column for, their
// Chinese labels (for messages), and the headers of department exports that mean them.

/// Field names, required columns, labels and header aliases of each import kind.
public enum ImportFields {
    /// The API field names a file of this kind may carry, in a stable order.
    public static func fields(for kind: ImportKind) -> [String] {
        switch kind {
        case .people:
            ["name", "residentId", "documentType", "documentNumber", "phone", "residency", "awayPlace",
             "awayReason", "householdNumber", "relationToHead", "address", "grid", "workplaceCreditCode",
             "sex", "birthDate"]
        case .households:
            // One row per member (the police export shape): 户号, the member's ID and relation; or one row per
            // household with the head's ID only.
            ["householdNumber", "residentId", "relationToHead", "headResidentId", "headName", "houseNumber", "address", "grid"]
        case .houses:
            ["houseNumber", "address", "lat", "lng", "crs", "use", "ownerName", "ownerResidentId", "floors", "grid"]
        case .organisations:
            ["name", "creditCode", "kind", "legalRepresentative", "phone", "address", "grid", "lat", "lng", "crs"]
        }
    }

    /// Fields a file of this kind must have a column for (a row may still leave them empty; the importer judges rows).
    public static func required(for kind: ImportKind) -> [String] {
        switch kind {
        case .people: ["name"]
        case .households: ["householdNumber"]
        case .houses: ["address"]
        case .organisations: ["name"]
        }
    }

    /// The Chinese label of a field, as department templates head the column.
    public static func label(for field: String, kind: ImportKind) -> String {
        if kind == .organisations, field == "name" { return "单位名称" }
        return labels[field] ?? field
    }

    /// The field a file header means for this kind: an API field name (any case) or a common Chinese header.
    /// Spaces, BOMs, full-width forms and required-column marks (`*`, `（必填）`) are ignored.
    public static func field(forHeader header: String, kind: ImportKind) -> String? {
        aliasIndex[kind]?[HeaderText.key(header)]
    }

    private static let labels: [String: String] = [
        "name": "姓名", "residentId": "公民身份号码", "documentType": "证件类型", "documentNumber": "证件号码",
        "phone": "联系电话", "residency": "人口类型", "awayPlace": "外出地点", "awayReason": "外出原因",
        "householdNumber": "户号", "relationToHead": "与户主关系", "address": "地址", "grid": "网格编码", "houseNumber": "房屋编号",
        "workplaceCreditCode": "工作单位信用代码", "sex": "性别", "birthDate": "出生日期",
        "headResidentId": "户主身份证号", "headName": "户主姓名", "lat": "纬度", "lng": "经度", "crs": "坐标系",
        "use": "房屋用途", "ownerName": "产权人", "ownerResidentId": "产权人身份证号", "floors": "层数",
        "creditCode": "统一社会信用代码", "kind": "单位类型", "legalRepresentative": "法定代表人",
    ]

    /// Chinese headers → field. An alias applies to a kind only if the kind has the field, and `kinds`
    /// narrows it further where the same words mean different things (名称 is an organisation's name only).
    private static let aliases: [(headers: [String], field: String, kinds: Set<ImportKind>?)] = [
        (["姓名"], "name", [.people]),
        (["单位名称", "企业名称", "名称"], "name", [.organisations]),
        (["公民身份号码", "身份证号", "身份证号码", "证件号码"], "residentId", nil),
        (["证件类型"], "documentType", nil),
        (["联系电话", "手机号码", "电话", "手机"], "phone", nil),
        (["网格编码", "所属网格"], "grid", nil),
        (["住址", "现住址", "地址", "房屋地址", "居住地址"], "address", nil),
        (["统一社会信用代码", "信用代码"], "creditCode", nil),
        (["户号", "户编号", "户口号"], "householdNumber", nil),
        (["与户主关系", "与户主的关系", "家庭关系"], "relationToHead", nil),
        (["房屋编号", "房屋编码", "房屋代码", "房屋号"], "houseNumber", nil),
        (["房屋坐落", "坐落", "坐落地址"], "address", [.houses]),
        (["人口类型", "人员类别"], "residency", nil),
        (["性别"], "sex", nil),
        (["出生日期"], "birthDate", nil),
        (["法定代表人", "负责人"], "legalRepresentative", nil),
        (["经度"], "lng", nil),
        (["纬度"], "lat", nil),
        (["坐标系"], "crs", nil),
        (["房屋用途", "用途", "房屋类型", "规划用途"], "use", nil),
        (["产权人", "房主", "所有权人", "业主", "产权人姓名"], "ownerName", nil),
        (["产权人身份证号", "房主身份证号", "产权人证件号码", "产权人公民身份号码"], "ownerResidentId", nil),
        (["层数", "总层数", "楼层数"], "floors", nil),
        (["户主姓名"], "headName", nil),
        (["户主身份证号", "户主公民身份号码", "户主证件号码", "户主身份证号码"], "headResidentId", nil),
        (["外出地点", "现居住地"], "awayPlace", nil),
        (["外出原因"], "awayReason", nil),
        (["单位类型", "类型"], "kind", nil),
        (["工作单位信用代码"], "workplaceCreditCode", nil),
    ]

    /// Normalised header → field, per kind; built once from the field lists and the aliases.
    private static let aliasIndex: [ImportKind: [String: String]] = {
        var index: [ImportKind: [String: String]] = [:]
        for kind in ImportKind.allCases {
            let own = Set(fields(for: kind))
            var table: [String: String] = [:]
            for field in own { table[HeaderText.key(field)] = field }
            for alias in aliases where own.contains(alias.field) && (alias.kinds?.contains(kind) ?? true) {
                for header in alias.headers { table[HeaderText.key(header)] = alias.field }
            }
            index[kind] = table
        }
        return index
    }()
}
