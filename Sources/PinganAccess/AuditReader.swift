import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Reading and checking the audit log (the security auditor's view and `pingan audit verify`).
public struct AuditReader: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Filter: Sendable {
        public var username: String?
        public var action: String?
        public var from: Date?
        public var until: Date?
        public var beforeSeq: Int64?
        public var limit: Int

        public init(username: String? = nil, action: String? = nil, from: Date? = nil, until: Date? = nil,
                    beforeSeq: Int64? = nil, limit: Int = 50) {
            self.username = username
            self.action = action
            self.from = from
            self.until = until
            self.beforeSeq = beforeSeq
            self.limit = limit
        }
    }

    /// Newest first.
    public func list(_ f: Filter) async throws -> [StoredAuditEntry] {
        try await database.read { db in
            let q = db.select().columns("seq", "at", "username", "action", "target", "outcome", "client", "detail", "prev_hash", "hash")
                .from("audit_log")
            if let u = f.username { q.where("username", .equal, u) }
            if let a = f.action { q.where("action", .equal, a) }
            if let from = f.from { q.where("at", .greaterThanOrEqual, from.epochMillis) }
            if let until = f.until { q.where("at", .lessThan, until.epochMillis) }
            if let b = f.beforeSeq { q.where("seq", .lessThan, b) }
            return try await q.orderBy("seq", .descending).limit(f.limit).all().map(Self.decode)
        }
    }

    public struct Verification: Sendable, Equatable {
        public var checked: Int
        public var firstBad: StoredAuditEntry?
        public var reason: String?
        public var isIntact: Bool { firstBad == nil }
    }

    /// Walks the chain from the start and stops at the first entry whose sequence, link or hash is wrong.
    public func verify(batch: Int = 5000) async throws -> Verification {
        var expectedSeq: Int64 = 1
        var prev = StoredAuditEntry.genesis
        var checked = 0
        while true {
            let after = expectedSeq - 1
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT seq, at, username, action, target, outcome, client, detail, prev_hash, hash FROM audit_log
                    WHERE seq > \(bind: after) ORDER BY seq LIMIT \(unsafeRaw: String(batch))
                    """).all().map(Self.decode)
            }
            if rows.isEmpty { return Verification(checked: checked, firstBad: nil, reason: nil) }
            for e in rows {
                if e.seq != expectedSeq {
                    return Verification(checked: checked, firstBad: e, reason: "序号不连续：应为 \(expectedSeq)，实为 \(e.seq)（有条目被删除）")
                }
                if e.prevHash != prev {
                    return Verification(checked: checked, firstBad: e, reason: "前序哈希不符（链被改动）")
                }
                if e.expectedHash != e.hash {
                    return Verification(checked: checked, firstBad: e, reason: "内容哈希不符（条目被篡改）")
                }
                prev = e.hash
                expectedSeq += 1
                checked += 1
            }
        }
    }

    static func decode(_ r: any SQLRow) throws -> StoredAuditEntry {
        StoredAuditEntry(
            seq: try r.decode(column: "seq", as: Int64.self), at: try r.decode(column: "at", as: Int64.self),
            username: try r.decode(column: "username", as: String.self), action: try r.decode(column: "action", as: String.self),
            target: try r.decode(column: "target", as: String.self), outcome: try r.decode(column: "outcome", as: String.self),
            client: try r.decode(column: "client", as: String.self), detail: try r.decode(column: "detail", as: String.self),
            prevHash: try r.decode(column: "prev_hash", as: String.self), hash: try r.decode(column: "hash", as: String.self))
    }
}
