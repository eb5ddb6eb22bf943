import Foundation
import Logging
import PinganKernel
import PinganStorage
import SQLKit

/// The single chain writer. Searches and lists are appended in batches (at most ~100 ms
/// late); opening a record, a reveal, an export, a login or a data change waits until its
/// own entry is committed. Each flush reads the chain's tail inside its transaction, so
/// another process appending (a CLI command beside the server) cannot fork the chain.
public actor AuditLog {
    private let database: Database
    private let logger: Logger
    private let batchDelay: Duration
    private var pending: [(AuditEntry, CheckedContinuation<Void, any Error>?)] = []
    private var flushScheduled = false
    private var flushing = false

    public init(database: Database, logger: Logger = Logger(label: "pingan.audit"), batchDelay: Duration = .milliseconds(100)) {
        self.database = database
        self.logger = logger
        self.batchDelay = batchDelay
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
                let hash = StoredAuditEntry.chainHash(seq: seq, at: at, username: e.username, action: e.action, target: e.target,
                                                      outcome: e.outcome.rawValue, client: e.client, detail: detail, prevHash: prev)
                rows.append(StoredAuditEntry(seq: seq, at: at, username: e.username, action: e.action, target: e.target,
                                             outcome: e.outcome.rawValue, client: e.client, detail: detail, prevHash: prev, hash: hash))
                prev = hash
            }
            for chunk in rows.chunked(500) {
                let insert = db.insert(into: "audit_log").columns(
                    "seq", "at", "username", "action", "target", "outcome", "client", "detail", "prev_hash", "hash")
                for r in chunk {
                    insert.values(SQLBind(r.seq), SQLBind(r.at), SQLBind(r.username), SQLBind(r.action), SQLBind(r.target),
                                  SQLBind(r.outcome), SQLBind(r.client), SQLBind(r.detail), SQLBind(r.prevHash), SQLBind(r.hash))
                }
                try await insert.run()
            }
        }
    }
}
