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
        /// What the checkpoints say is wrong with the log as a whole: truncated, re-chained after a
        /// checkpoint, or a checkpoint file that is not signed by the key.
        public var anchorProblems: [String] = []
        /// The checkpoint the head was compared with (nil when there is none).
        public var checkpoint: AuditCheckpoint?
        public var isIntact: Bool { firstBad == nil && anchorProblems.isEmpty }
    }

    /// Walks the chain from the start and stops at the first entry whose sequence, link or hash is
    /// wrong; keyed entries are checked with `key`. Then compares the head with the latest signed
    /// checkpoint in `checkpoints` (truncation, re-chaining) and checks every checkpoint's signature.
    public func verify(key: AuditKey? = nil, checkpoints: AuditCheckpointStore? = nil, batch: Int = 5000) async throws -> Verification {
        var anchorProblems: [String] = []
        var latest: AuditCheckpoint?
        if let checkpoints {
            for file in try checkpoints.files() {
                guard let c = file.checkpoint else { anchorProblems.append("检查点文件 \(file.name) 无法读取（被改动或损坏）"); continue }
                guard let key, c.isSigned(by: key) else { anchorProblems.append("检查点 \(file.name) 的签名不符（文件被篡改或不是本密钥所写）"); continue }
                latest = c
            }
        }
        var expectedSeq: Int64 = 1
        var prev = StoredAuditEntry.genesis
        var checked = 0
        var keyedSeen: Int64?
        var hashAtCheckpoint: String?
        func result(_ bad: StoredAuditEntry?, _ reason: String?) -> Verification {
            Verification(checked: checked, firstBad: bad, reason: reason, anchorProblems: anchorProblems, checkpoint: latest)
        }
        while true {
            let after = expectedSeq - 1
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT seq, at, username, action, target, outcome, client, detail, prev_hash, hash, hash_kind FROM audit_log
                    WHERE seq > \(bind: after) ORDER BY seq LIMIT \(unsafeRaw: String(batch))
                    """).all().map(Self.decode)
            }
            if rows.isEmpty { break }
            for e in rows {
                if e.seq != expectedSeq {
                    return result(e, "序号不连续：应为 \(expectedSeq)，实为 \(e.seq)（有条目被删除）")
                }
                if e.prevHash != prev {
                    return result(e, "前序哈希不符（链被改动）")
                }
                if e.hashKind == StoredAuditEntry.HashKind.keyed {
                    if keyedSeen == nil { keyedSeen = e.seq }
                    if key == nil { return result(e, "缺少审计密钥，无法校验带密钥的条目") }
                } else if let first = keyedSeen {
                    return result(e, "第 \(first) 条起链已带密钥，此条却是无密钥哈希（链被无密钥者重算）")
                }
                if !e.hashIsValid(key: key) {
                    return result(e, e.hashKind == StoredAuditEntry.HashKind.keyed
                        ? "内容签名不符（条目被篡改，或链被无密钥者重算）" : "内容哈希不符（条目被篡改）")
                }
                if e.seq == latest?.seq { hashAtCheckpoint = e.hash }
                prev = e.hash
                expectedSeq += 1
                checked += 1
            }
        }
        if let c = latest {
            let head = expectedSeq - 1
            if head < c.seq {
                anchorProblems.append("日志被截断：最新检查点（\(CountyTime.shanghai.format(Date(epochMillis: c.at)))）记有 \(c.seq) 条，库中只有 \(head) 条")
            } else if c.seq > 0, hashAtCheckpoint != c.headHash {
                anchorProblems.append("第 \(c.seq) 条与最新检查点记录的哈希不符（日志被截断后重写或整链重算）")
            }
        }
        return result(nil, nil)
    }

    static func decode(_ r: any SQLRow) throws -> StoredAuditEntry {
        StoredAuditEntry(
            seq: try r.decode(column: "seq", as: Int64.self), at: try r.decode(column: "at", as: Int64.self),
            username: try r.decode(column: "username", as: String.self), action: try r.decode(column: "action", as: String.self),
            target: try r.decode(column: "target", as: String.self), outcome: try r.decode(column: "outcome", as: String.self),
            client: try r.decode(column: "client", as: String.self), detail: try r.decode(column: "detail", as: String.self),
            prevHash: try r.decode(column: "prev_hash", as: String.self), hash: try r.decode(column: "hash", as: String.self),
            hashKind: (try? r.decode(column: "hash_kind", as: String.self)) ?? StoredAuditEntry.HashKind.legacy)
    }
}
