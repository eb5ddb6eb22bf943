import Foundation
import Logging
import PinganKernel
import PinganStorage
import SQLKit

/// The single chain writer. Searches and lists are appended in batches (at most ~100 ms
/// late); opening a record, a reveal, an export, a login or a data change waits until its
/// own entry is committed. Each flush reads the chain's tail inside its transaction, so
/// another process appending (a CLI command beside the server) cannot fork the chain.
///
/// With a key, each entry's hash is HMAC-SHA256 over its canonical body (`hash_kind`
/// `hmac-sha256`), and `checkpoint()` writes the signed head to the checkpoint folder, so
/// verify can tell a truncated or re-chained log (see Sources/PinganAccess/README.md).
public actor AuditLog {
    private let database: Database
    private let logger: Logger
    private let batchDelay: Duration
    private let key: AuditKey?
    private let checkpoints: AuditCheckpointStore?
    private let clock: any PinganClock
    private var pending: [(AuditEntry, CheckedContinuation<Void, any Error>?)] = []
    private var flushScheduled = false
    private var flushing = false
    /// The head the last checkpoint recorded (nil before the first one of this process).
    private var checkpointed: (seq: Int64, hash: String)?

    public init(database: Database, logger: Logger = Logger(label: "pingan.audit"), batchDelay: Duration = .milliseconds(100),
                key: AuditKey? = nil, checkpoints: AuditCheckpointStore? = nil, clock: any PinganClock = SystemClock()) {
        self.database = database
        self.logger = logger
        self.batchDelay = batchDelay
        self.key = key
        self.checkpoints = checkpoints
        self.clock = clock
    }

    /// Writes a signed checkpoint of the chain's head when it moved since the last one (or always,
    /// with `force`). Reads the head from the database, so entries other processes appended count.
    @discardableResult
    public func checkpoint(force: Bool = false) async throws -> AuditCheckpoint? {
        guard let key, let checkpoints else { return nil }
        let tail = try await database.read { db in
            try await db.raw("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first()
        }
        let seq = try tail?.decode(column: "seq", as: Int64.self) ?? 0
        let hash = try tail?.decode(column: "hash", as: String.self) ?? StoredAuditEntry.genesis
        if !force, let last = checkpointed, last.seq == seq, last.hash == hash { return nil }
        let checkpoint = AuditCheckpoint(seq: seq, headHash: hash, at: clock.now().epochMillis, key: key)
        try checkpoints.write(checkpoint)
        checkpointed = (seq, hash)
        return checkpoint
    }

    /// After a restore from backup: a `restored` entry (who, from what) and a fresh checkpoint, so
    /// the restored copy verifies while a copy truncated without this step does not.
    public func recordRestore(username: String, client: String, detail: JSONValue = [:]) async throws {
        try await recordAndWait(AuditEntry(at: clock.now(), username: username, action: "restored", target: "database",
                                           client: client, detail: detail))
        try await checkpoint(force: true)
    }

    /// Appends soon (batched); never blocks the caller.
    public func record(_ entry: AuditEntry) {
        pending.append((entry, nil))
        scheduleFlush(after: batchDelay)
    }

    /// Appends and returns once the entry is committed.
    public func recordAndWait(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((entry, continuation))
            scheduleFlush(after: .zero)
        }
    }

    /// Writes everything pending now (shutdown, tests).
    public func flush() async {
        while !pending.isEmpty || flushing {
            if flushing {
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            await flushOnce()
        }
    }

    private func scheduleFlush(after delay: Duration) {
        if delay == .zero {
            Task { await self.flushOnce() }
            return
        }
        guard !flushScheduled else { return }
        flushScheduled = true
        Task {
            try? await Task.sleep(for: delay)
            await self.flushOnce()
        }
    }

    private func flushOnce() async {
        flushScheduled = false
        guard !flushing, !pending.isEmpty else { return }
        flushing = true
        let batch = pending
        pending = []
        do {
            try await append(batch.map(\.0))
            for case let (_, c?) in batch { c.resume() }
        } catch {
            logger.error("audit append failed", metadata: ["error": "\(error)", "entries": "\(batch.count)"])
            for case let (_, c?) in batch { c.resume(throwing: error) }
            // Entries nobody waits for go back to the queue; the log must not silently lose them.
            pending.insert(contentsOf: batch.filter { $0.1 == nil }, at: 0)
            flushing = false
            scheduleFlush(after: .seconds(1))
            return
        }
        flushing = false
        if !pending.isEmpty { scheduleFlush(after: .zero) }
    }

    private func append(_ entries: [AuditEntry]) async throws {
        try await database.write { db in
            if db.dialect.name == "postgresql" {
                try await db.raw("SELECT pg_advisory_xact_lock(734202)").run()
            }
            let tail = try await db.raw("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first()
            var seq = try tail?.decode(column: "seq", as: Int64.self) ?? 0
            var prev = try tail?.decode(column: "hash", as: String.self) ?? StoredAuditEntry.genesis
            var rows: [StoredAuditEntry] = []
            for e in entries {
                seq += 1
                let detail = e.detail.canonical
                let at = e.at.epochMillis
                let body = StoredAuditEntry.canonicalBody(seq: seq, at: at, username: e.username, action: e.action, target: e.target,
                                                          outcome: e.outcome.rawValue, client: e.client, detail: detail, prevHash: prev)
                let hash = key.map { $0.mac(body) }
                    ?? StoredAuditEntry.chainHash(seq: seq, at: at, username: e.username, action: e.action, target: e.target,
                                                  outcome: e.outcome.rawValue, client: e.client, detail: detail, prevHash: prev)
                rows.append(StoredAuditEntry(seq: seq, at: at, username: e.username, action: e.action, target: e.target,
                                             outcome: e.outcome.rawValue, client: e.client, detail: detail, prevHash: prev, hash: hash,
                                             hashKind: key == nil ? StoredAuditEntry.HashKind.legacy : StoredAuditEntry.HashKind.keyed))
                prev = hash
            }
            for chunk in rows.chunked(500) {
                let insert = db.insert(into: "audit_log").columns(
                    "seq", "at", "username", "action", "target", "outcome", "client", "detail", "prev_hash", "hash", "hash_kind")
                for r in chunk {
                    insert.values(SQLBind(r.seq), SQLBind(r.at), SQLBind(r.username), SQLBind(r.action), SQLBind(r.target),
                                  SQLBind(r.outcome), SQLBind(r.client), SQLBind(r.detail), SQLBind(r.prevHash), SQLBind(r.hash),
                                  SQLBind(r.hashKind))
                }
                try await insert.run()
            }
        }
    }
}
