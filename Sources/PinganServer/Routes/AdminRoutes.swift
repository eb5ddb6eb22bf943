import Foundation
import Hummingbird
import PinganAccess
import PinganKernel

/// The security auditor's log view and the system administrator's user list.
struct AdminRoutes {
    let auditReader: AuditReader
    let users: UserStore
    let clock: any PinganClock
    let time: CountyTime
    let reads: ReadAudit

    struct AuditItem: Encodable {
        var seq: Int64
        var at: String
        var user: String
        var action: String
        var target: String
        var outcome: String
        var client: String
        var detail: JSONValue
        var hash: String
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("audit") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.auditRead)
            let q = request.uri.queryParameters
            var filter = AuditReader.Filter()
            filter.username = q.get("user").flatMap { $0.isEmpty ? nil : $0 }
            filter.action = q.get("action").flatMap { $0.isEmpty ? nil : $0 }
            if let from = q.get("from"), !from.isEmpty {
                guard let d = time.startOfDay(from) ?? time.parse(from) else { throw Problem.invalid("from", "日期格式应为 YYYY-MM-DD 或 ISO 8601") }
                filter.from = d
            }
            if let to = q.get("to"), !to.isEmpty {
                guard let d = time.endOfDay(to) ?? time.parse(to) else { throw Problem.invalid("to", "日期格式应为 YYYY-MM-DD 或 ISO 8601") }
                filter.until = d
            }
            if let b = q.get("before"), !b.isEmpty {
                guard let seq = Int64(b), seq > 0 else { throw Problem.invalid("before", "须为正整数序号") }
                filter.beforeSeq = seq
            }
            if let l = q.get("limit"), !l.isEmpty {
                guard let limit = Int(l), BaseDataRoutes.limits.contains(limit) else { throw Problem.invalid("limit", "须为 1–500 的整数") }
                filter.limit = limit
            }
            let rows = try await auditReader.list(filter)
            // Reading the audit log is itself audited: the auditor's queries are on the record too.
            await reads.record(context, "audit.read", query: "\(request.uri)", ids: rows.map { "audit:\($0.seq)" })
            struct Out: Encodable {
                var items: [AuditItem]
                var nextBefore: Int64?
                enum CodingKeys: String, CodingKey { case items, nextBefore }
                /// The last page says `"nextBefore": null` rather than leaving the key out.
                func encode(to encoder: any Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(items, forKey: .items)
                    try c.encode(nextBefore, forKey: .nextBefore)
                }
            }
            let items = rows.map { r in
                AuditItem(seq: r.seq, at: time.format(Date(epochMillis: r.at)), user: r.username, action: r.action, target: r.target,
                          outcome: r.outcome, client: r.client,
                          detail: (try? JSONDecoder().decode(JSONValue.self, from: Data(r.detail.utf8))) ?? .string(r.detail), hash: r.hash)
            }
            return try JSONResponse.make(Out(items: items, nextBefore: rows.count == filter.limit ? rows.last?.seq : nil))
        }

        group.get("users") { request, context in
            let identity = try context.requireIdentity()
            guard identity.can(.usersManage) || identity.can(.usersRead) else { throw Problem.forbidden() }
            await reads.record(context, "users.list", query: "\(request.uri)")
            struct ScopeItem: Encodable { var layer: String; var code: String }
            struct Item: Encodable { var username: String; var displayName: String; var role: String; var roleName: String
                var department: String?; var locked: Bool; var scopes: [ScopeItem] }
            let now = clock.now()
            let items = try await users.list().map {
                Item(username: $0.username, displayName: $0.displayName, role: $0.role.rawValue, roleName: $0.role.chineseName,
                     department: $0.department, locked: $0.isLocked(at: now),
                     scopes: $0.scope.roots.map { ScopeItem(layer: $0.layer, code: $0.code) })
            }
            struct Out: Encodable { var items: [Item] }
            return try JSONResponse.make(Out(items: items))
        }
    }
}
