import Foundation
import Testing
@testable import PinganCases

@Suite("Open311 GET requests query")
struct Open311RequestQueryTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    /// 2025-03-10T12:00:00Z, computed by Foundation's own ISO 8601 reader.
    let now = ISO8601DateFormatter().date(from: "2025-03-10T12:00:00Z")!
    let ninetyDays: TimeInterval = 90 * 24 * 3600

    private func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return ISO8601DateFormatter().date(from: text) ?? formatter.date(from: text)!
    }

    private func search(_ items: [(String, String)]) throws -> Open311RequestSearch {
        guard case .search(let search) = try Open311RequestQuery.parse(items: items, now: now, zone: zone).get() else {
            Issue.record("expected a search")
            throw CancellationError()
        }
        return search
    }

    private func failure(_ items: [(String, String)]) throws -> Open311Failure {
        try #require(Open311RequestQuery.parse(items: items, now: now, zone: zone).open311Failure)
    }

    @Test func noArgumentsMeanTheLast90DaysAndTheFirst1000() throws {
        let s = try search([])
        #expect(s.end == now)
        #expect(s.start == now.addingTimeInterval(-ninetyDays))
        #expect(s.page == 1)
        #expect(s.pageSize == 1000)
        #expect(s.offset == 0)
        #expect(s.serviceCodes.isEmpty)
        #expect(s.statuses.isEmpty)
    }

    @Test func emptyValuesCountAsAbsent() throws {
        let s = try search([("start_date", ""), ("status", ""), ("page", " "), ("service_code", ""),
                            ("jurisdiction_id", "")])
        #expect(s == (try search([])))
    }

    @Test func serviceRequestIdOverridesEverythingElse() throws {
        let query = try Open311RequestQuery.parse(
            items: [("service_request_id", "E-1, E-2,,E-1"), ("service_request_id", "E-3"),
                    ("start_date", "garbage"), ("status", "pending"), ("page", "0")],
            now: now, zone: zone).get()
        #expect(query == .ids(["E-1", "E-2", "E-3"]))
    }

    @Test func tooManyIdsAreRefused() throws {
        let ids = (1...1001).map(String.init).joined(separator: ",")
        #expect(try failure([("service_request_id", ids)]).status == 400)
        let ok = (1...1000).map(String.init).joined(separator: ",")
        #expect(throws: Never.self) { try Open311RequestQuery.parse(items: [("service_request_id", ok)], now: now, zone: zone).get() }
    }

    @Test func datesWithOffsetsAndZ() throws {
        let s = try search([("start_date", "2025-01-01T00:00:00+08:00"), ("end_date", "2025-01-31T23:59:59Z")])
        #expect(s.start == instant("2024-12-31T16:00:00Z"))
        #expect(s.end == instant("2025-01-31T23:59:59Z"))
        let fractional = try search([("start_date", "2025-01-01T00:00:00.250-05:00"),
                                     ("end_date", "2025-01-02T00:00+0800")])
        #expect(fractional.start == instant("2025-01-01T05:00:00.250Z"))
        #expect(fractional.end == instant("2025-01-01T16:00:00Z"))
    }

    @Test func anUnencodedPlusThatArrivedAsASpaceStillMeansPlus() throws {
        let s = try search([("start_date", "2025-01-01T08:00:00 08:00"), ("end_date", "2025-01-02T08:00:00 08:00")])
        #expect(s.start == instant("2025-01-01T00:00:00Z"))
        #expect(s.end == instant("2025-01-02T00:00:00Z"))
    }

    @Test func timesWithoutOffsetAndBareDatesAreCountyTime() throws {
        let s = try search([("start_date", "2025-01-01T08:00:00"), ("end_date", "2025-01-31")])
        #expect(s.start == instant("2025-01-01T00:00:00Z"))
        // A bare end date includes its whole county-zone day: up to 2025-02-01T00:00+08:00, exclusive.
        let nextDay = instant("2025-01-31T16:00:00Z")
        #expect(s.end < nextDay)
        #expect(s.end > nextDay.addingTimeInterval(-0.001))
        let day = try search([("start_date", "2025-01-31"), ("end_date", "2025-01-31")])
        #expect(day.start == instant("2025-01-30T16:00:00Z"))
    }

    @Test func oneSidedRangesSpanTheDefault90Days() throws {
        let start = instant("2024-06-01T00:00:00Z")
        let fromStart = try search([("start_date", "2024-06-01T00:00:00Z")])
        #expect(fromStart.start == start)
        #expect(fromStart.end == start.addingTimeInterval(ninetyDays))
        let toEnd = try search([("end_date", "2024-06-01T00:00:00Z")])
        #expect(toEnd.end == start)
        #expect(toEnd.start == start.addingTimeInterval(-ninetyDays))
    }

    @Test func bothDatesMaySpanMoreThan90Days() throws {
        let s = try search([("start_date", "2024-01-01T00:00:00+08:00"), ("end_date", "2024-12-31T23:59:59+08:00")])
        #expect(s.end.timeIntervalSince(s.start) > ninetyDays)
    }

    @Test func startAfterEndIsA400() throws {
        let f = try failure([("start_date", "2025-02-01T00:00:00Z"), ("end_date", "2025-01-01T00:00:00Z")])
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains("start_date"))
    }

    @Test(arguments: ["2025-13-01T00:00:00Z", "2025-02-30", "2025-01-01T24:00:00Z", "2025-01-01T10:60:00Z",
                      "yesterday", "2025-1-1", "2025-01-01T00:00:00+15:00", "2025-01-01T00:00:00Q",
                      "2025-01-01T00:00:00.Z", "1735689600"])
    func invalidDatesAreA400NamingTheField(text: String) throws {
        let f = try failure([("end_date", text)])
        #expect(f.status == 400)
        #expect(f.errors.map(\.code) == [400])
        #expect(f.errors[0].description.contains("end_date"))
    }

    @Test func statusesAndServiceCodesTakeCommaListsAndRepeats() throws {
        let s = try search([("status", "open,CLOSED"), ("status", "open"), ("service_code", "A, B"),
                            ("service_code", "C")])
        #expect(s.statuses == [.open, .closed])
        #expect(s.serviceCodes == ["A", "B", "C"])
        #expect(try search([("status", "closed")]).statuses == [.closed])
    }

    @Test func unknownStatusIsA400() throws {
        let f = try failure([("status", "open,pending")])
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains("pending"))
    }

    @Test func paginationExtension() throws {
        let s = try search([("page", "3"), ("page_size", "50")])
        #expect(s.page == 3)
        #expect(s.pageSize == 50)
        #expect(s.offset == 100)
        #expect(try search([("page_size", "1000")]).pageSize == 1000)
        #expect(try search([("page_size", "1")]).pageSize == 1)
    }

    @Test(arguments: [("page", "0"), ("page", "-1"), ("page", "abc"), ("page", "1.5"), ("page", "99999999999999999999"),
                      ("page", "1000001"), ("page_size", "0"), ("page_size", "1001"), ("page_size", "１０")])
    func badPaginationIsA400(field: String, value: String) throws {
        let f = try failure([(field, value)])
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.hasPrefix(field))
    }

    @Test func everyFaultIsReportedAtOnce() throws {
        let f = try failure([("start_date", "x"), ("end_date", "y"), ("status", "z"), ("page", "0"),
                             ("page_size", "5000")])
        #expect(f.status == 400)
        #expect(f.errors.count == 5)
    }
}
