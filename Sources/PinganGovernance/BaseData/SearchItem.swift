/// One hit of the search box, and one row of every list of base records: the same shape
/// everywhere so a list behind a number looks like a search result.
public struct SearchItem: Sendable, Hashable, Codable {
    public var kind: String
    public var id: String
    public var title: String
    public var subtitle: String
    public var gridCode: String
    public var gridPath: String
    /// Names along the grid path below the district: "渌口镇 › 渌口社区 › 渌口社区第1网格".
    public var place: String?
    /// Masked, people only.
    public var residentId: String?
    public var phone: String?

    public init(kind: String, id: String, title: String, subtitle: String, gridCode: String, gridPath: String,
                residentId: String? = nil, phone: String? = nil) {
        self.kind = kind
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.gridCode = gridCode
        self.gridPath = gridPath
        self.residentId = residentId
        self.phone = phone
    }
}

public struct SearchGroup: Sendable, Codable {
    public var kind: String
    public var kindName: String
    public var count: Int
    public var items: [SearchItem]
}

public enum RecordKind: String, Sendable, CaseIterable {
    case grid, person, household, house, organisation, place

    public var chineseName: String {
        switch self {
        case .grid: "网格"
        case .person: "人员"
        case .household: "家庭户"
        case .house: "房屋"
        case .organisation: "单位"
        case .place: "场所"
        }
    }

    /// The table holding records of this kind (grids live in the grid tree).
    var table: String {
        switch self {
        case .grid: "grids"
        case .person: "people"
        case .household: "households"
        case .house: "houses"
        case .organisation: "organisations"
        case .place: "places"
        }
    }
}
