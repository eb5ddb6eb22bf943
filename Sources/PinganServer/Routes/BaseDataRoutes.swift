import Foundation
import Hummingbird
import PinganAccess
import PinganGovernance
import PinganKernel

/// Search, record pages, reveal, grid contents, statistics and the special-group roster.
struct BaseDataRoutes {
    let search: BaseDataSearch
    let records: BaseDataRecords
    let statistics: BaseDataStatistics
    let audit: AuditLog
    let clock: any PinganClock
    var reads: ReadAudit { ReadAudit(audit: audit, clock: clock) }

    struct RevealRequest: StrictDecodable {
        static let fields: Set<String> = ["reason"]
        var reason: String
    }

    struct Page<Item: Encodable>: Encodable { var total: Int; var items: [Item] }

    /// Paging bounds of every list; the OpenAPI document states them from here.
    static let limits = 1...500
    static let offsets = 0...1_000_000

    static func paging(_ request: Request, defaultLimit: Int = 50) throws -> (limit: Int, offset: Int) {
        let q = request.uri.queryParameters
        var limit = defaultLimit, offset = 0
        if let l = q.get("limit"), !l.isEmpty {
            guard let v = Int(l), limits.contains(v) else { throw Problem.invalid("limit", "须为 1–500 的整数") }
            limit = v
        }
        if let o = q.get("offset"), !o.isEmpty {
            guard let v = Int(o), offsets.contains(v) else { throw Problem.invalid("offset", "须为 0–1000000 的整数") }
            offset = v
        }
        return (limit, offset)
    }

    static func requiredGrid(_ request: Request) throws -> String {
        guard let grid = request.uri.queryParameters.get("grid"), !grid.isEmpty else { throw Problem.invalid("grid", "缺少网格编码 grid") }
        return grid
    }

    /// A list request writes one audit entry with its query and the ids it returned (batched).
    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("search") { request, context in
            let identity = try context.requireIdentity()
            let (limit, _) = try Self.paging(request, defaultLimit: 20)
            let q = request.uri.queryParameters.get("q") ?? ""
            let groups = try await search.search(q, limit: limit, for: identity)
            // One audit entry per search: the query and the ids it returned.
            await audit.record(AuditEntry.list(at: clock.now(), username: identity.username, action: "search", target: "search", client: context.client,
                                               query: q, queryKey: "q", ids: groups.flatMap { $0.items.map { "\($0.kind):\($0.id)" } }))
            struct Out: Encodable { var query: String; var groups: [SearchGroup] }
            return try JSONResponse.make(Out(query: q, groups: groups))
        }
        group.get("people/{id}") { _, context in
            try JSONResponse.make(try await records.person(id: try context.parameters.require("id"), for: try context.requireIdentity(), client: context.client))
        }
        group.post("people/{id}/reveal") { request, context in
            let body = try await StrictJSON.decode(RevealRequest.self, from: request, limit: .small)
            let r = try await records.reveal(id: try context.parameters.require("id"), reason: body.reason, for: try context.requireIdentity(), client: context.client)
            struct Out: Encodable {
                var residentId: String?
                var phone: String?
                func encode(to encoder: any Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(residentId, forKey: .residentId)
                    try c.encode(phone, forKey: .phone)
                }
                enum CodingKeys: String, CodingKey { case residentId, phone }
            }
            return try JSONResponse.make(Out(residentId: r.residentId, phone: r.phone))
        }
        group.get("households/{id}") { _, context in
            try JSONResponse.make(try await records.household(id: try context.parameters.require("id"), for: try context.requireIdentity(), client: context.client))
        }
        group.get("houses/{id}") { _, context in
            try JSONResponse.make(try await records.house(id: try context.parameters.require("id"), for: try context.requireIdentity(), client: context.client))
        }
        group.get("organisations/{id}") { _, context in
            try JSONResponse.make(try await records.organisation(id: try context.parameters.require("id"), for: try context.requireIdentity(), client: context.client))
        }
        group.get("places/{id}") { _, context in
            try JSONResponse.make(try await records.place(id: try context.parameters.require("id"), for: try context.requireIdentity(), client: context.client))
        }
        group.get("grids/{code}/contents") { request, context in
            let kindText = request.uri.queryParameters.get("kind") ?? ""
            guard let kind = RecordKind(rawValue: kindText), kind != .grid else {
                throw Problem.invalid("kind", "kind 须为 person、household、house、organisation 或 place")
            }
            let (limit, offset) = try Self.paging(request)
            let page = try await records.contents(of: try context.parameters.require("code"), kind: kind, limit: limit, offset: offset,
                                                  for: try context.requireIdentity())
            await reads.record(context, "grids.contents", query: "\(request.uri)", ids: page.items.map { "\($0.kind):\($0.id)" })
            return try JSONResponse.make(Page(total: page.total, items: page.items))
        }
        group.get("stats/population") { request, context in
            let identity = try context.requireIdentity()
            let result = try await statistics.population(grid: try Self.requiredGrid(request), date: request.uri.queryParameters.get("date"), for: identity)
            await reads.record(context, "stats.population", query: "\(request.uri)", ids: [])
            struct Out: Encodable {
                var grid: BaseDataStatistics.NodeStats
                var date: String
                var totals: [String: Int]
                var children: [BaseDataStatistics.NodeStats]
            }
            return try JSONResponse.make(Out(grid: result.node, date: result.date, totals: result.node.totals, children: result.children))
        }
        group.get("stats/records") { request, context in
            let (limit, offset) = try Self.paging(request)
            let q = request.uri.queryParameters
            let page = try await statistics.records(grid: try Self.requiredGrid(request), metric: q.get("metric") ?? "", date: q.get("date"),
                                                    limit: limit, offset: offset, for: try context.requireIdentity())
            await reads.record(context, "stats.records", query: "\(request.uri)", ids: page.items.map { "\($0.kind):\($0.id)" })
            return try JSONResponse.make(Page(total: page.total, items: page.items))
        }
        group.get("roster") { request, context in
            let (limit, offset) = try Self.paging(request)
            let q = request.uri.queryParameters
            let overdueText = q.get("overdue") ?? "false"
            guard let overdue = Bool(overdueText) else { throw Problem.invalid("overdue", "须为 true 或 false") }
            let page = try await statistics.roster(grid: q.get("grid").flatMap { $0.isEmpty ? nil : $0 }, group: q.get("group"),
                                                   overdueOnly: overdue, limit: limit, offset: offset, for: try context.requireIdentity())
            await reads.record(context, "roster.list", query: "\(request.uri)", ids: page.items.map { "person:\($0.personId)" })
            return try JSONResponse.make(RosterPage(total: page.total, people: page.people, items: page.items))
        }
    }

    /// The roster's page: `total` rows (one per tag), `people` distinct people on them.
    struct RosterPage: Encodable { var total: Int; var people: Int; var items: [BaseDataStatistics.RosterRow] }
}
