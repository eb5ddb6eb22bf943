import Foundation

/// The filters of `GET requests` once `service_request_id` is absent.
public struct Open311RequestSearch: Sendable, Equatable {
    /// Empty means every public service.
    public var serviceCodes: [String]
    /// Empty means both statuses.
    public var statuses: [Open311Status]
    /// Earliest `requested_datetime` included.
    public var start: Date
    /// Latest `requested_datetime` included.
    public var end: Date
    /// 1-based page of the pagination extension.
    public var page: Int
    /// Requests per page, 1…`Open311RequestQuery.maxPageSize`.
    public var pageSize: Int

    /// Requests to skip before this page.
    public var offset: Int { (page - 1) * pageSize }

    /// A search; `parse` is the usual way to get one.
    public init(serviceCodes: [String] = [], statuses: [Open311Status] = [], start: Date, end: Date,
                page: Int = 1, pageSize: Int = Open311RequestQuery.maxPageSize) {
        self.serviceCodes = serviceCodes
        self.statuses = statuses
        self.start = start
        self.end = end
        self.page = page
        self.pageSize = pageSize
    }
}

/// What `GET requests` asks for, read from its query items.
///
/// Decisions where the spec leaves room (documented so the lead and clients can rely on them):
/// - `service_request_id` (comma list) "overrides all other arguments": they are then ignored,
///   not even validated.
/// - The default window is the spec's 90 days: no dates → the 90 days up to `now`; only
///   `start_date` → 90 days from it; only `end_date` → 90 days up to it. With both dates the range
///   may be longer (KPI figures are checked against longer periods); `page_size` ≤ 1000 still
///   bounds every answer, which is the spec's other default limit.
/// - `page_size` defaults to 1000 (the spec's default cap), `page` to 1.
/// - Empty values count as absent (the spec's rule for optional arguments); unknown parameters
///   such as `jurisdiction_id` or `extensions` are left to the caller.
/// - Dates without an offset are county time; a date alone covers that whole county-zone day
///   (`end_date=2025-01-31` includes all of 31 January).
public enum Open311RequestQuery: Sendable, Equatable {
    /// Exactly these requests (at most `maxPageSize` ids).
    case ids([String])
    /// Requests matching the filters, one page of them.
    case search(Open311RequestSearch)

    /// The span the spec's default query covers.
    public static let defaultWindowDays = 90
    /// The spec's default result cap, also the largest page.
    public static let maxPageSize = 1000
    /// Bounds `page` so `offset` cannot overflow.
    public static let maxPage = 1_000_000

    /// Reads the query items of `GET requests`; every invalid parameter is reported (400).
    public static func parse(items: [(String, String)], now: Date, zone: TimeZone)
        -> Result<Open311RequestQuery, Open311Failure> {
        let ids = open311ListValues(items, key: "service_request_id")
        if !ids.isEmpty {
            guard ids.count <= maxPageSize else {
                return .failure(.badRequest(
                    "service_request_id 一次最多 \(maxPageSize) 个（at most \(maxPageSize) service_request_id values）"))
            }
            return .success(.ids(ids))
        }
        var errors: [String] = []
        let parameters = Open311Parameters(items)
        let statuses = parseStatuses(items, errors: &errors)
        let start = parameters["start_date"].flatMap { parseDate($0, field: "start_date", endOfDay: false, zone: zone, errors: &errors) }
        let end = parameters["end_date"].flatMap { parseDate($0, field: "end_date", endOfDay: true, zone: zone, errors: &errors) }
        let page = parseInt(parameters["page"], field: "page", range: 1...maxPage, default: 1, errors: &errors)
        let pageSize = parseInt(parameters["page_size"], field: "page_size", range: 1...maxPageSize,
                                default: maxPageSize, errors: &errors)
        guard errors.isEmpty else { return .failure(.badRequest(errors)) }

        let window = TimeInterval(defaultWindowDays * 86_400)
        let range: (Date, Date)
        switch (start, end) {
        case let (start?, end?): range = (start, end)
        case let (start?, nil): range = (start, start.addingTimeInterval(window))
        case let (nil, end?): range = (end.addingTimeInterval(-window), end)
        case (nil, nil): range = (now.addingTimeInterval(-window), now)
        }
        guard range.0 <= range.1 else {
            return .failure(.badRequest("start_date 不能晚于 end_date（start_date must not be after end_date）"))
        }
        return .success(.search(Open311RequestSearch(
            serviceCodes: open311ListValues(items, key: "service_code"), statuses: statuses,
            start: range.0, end: range.1, page: page, pageSize: pageSize)))
    }

    private static func parseStatuses(_ items: [(String, String)], errors: inout [String]) -> [Open311Status] {
        var statuses: [Open311Status] = []
        for value in open311ListValues(items, key: "status") {
            if let status = Open311Status(rawValue: value.lowercased()) {
                if !statuses.contains(status) { statuses.append(status) }
            } else {
                errors.append("status 只能是 open 或 closed，收到“\(value)”（status must be open or closed）")
            }
        }
        return statuses
    }

    /// An instant; a bare date is its day's first instant, or its last one for `end_date`.
    private static func parseDate(_ text: String, field: String, endOfDay: Bool, zone: TimeZone,
                                  errors: inout [String]) -> Date? {
        switch Open311Timestamp.parse(text, zone: zone) {
        case .instant(let date)?: return date
        case .day(let start, let next)?: return endOfDay ? next.addingTimeInterval(-0.000_001) : start
        case nil:
            errors.append("\(field) 不是有效的 ISO 8601 时间，例如 2025-01-01T00:00:00+08:00"
                + "（\(field) must be an ISO 8601 date-time with time zone）")
            return nil
        }
    }

    private static func parseInt(_ text: String?, field: String, range: ClosedRange<Int>, default value: Int,
                                 errors: inout [String]) -> Int {
        guard let text else { return value }
        guard text.allSatisfy(\.isASCII), let number = Int(text), range.contains(number) else {
            errors.append("\(field) 须为 \(range.lowerBound) 至 \(range.upperBound) 的整数"
                + "（\(field) must be an integer from \(range.lowerBound) to \(range.upperBound)）")
            return value
        }
        return number
    }
}
