import Foundation
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// The keyed chain and its checkpoints (security-defects issue, item 6): what someone who can
/// rewrite the database but does not hold the key file can no longer hide.
@Suite(.storeTestLimit) struct AuditAnchorTests {
    func fill(_ s: PinganServices, _ n: Int, from first: Int = 0) async throws {
        for i in first..<(first + n) {
            await s.audit.record(AuditEntry(at: s.clock.now(), username: "u\(i % 3)", action: "people.open", target: "person:\(i)", client: "127.0.0.1"))
        }
        await s.audit.flush()
    }

    func verify(_ s: PinganServices) async throws -> AuditReader.Verification {
        try await AuditReader(database: s.database).verify(key: s.auditKey, checkpoints: AuditCheckpointStore(directory: s.auditPaths.checkpoints))
    }

    func advance(_ s: PinganServices, seconds: TimeInterval = 61) {
        (s.clock as? ManualClock)?.advance(by: seconds)
    }

    /// Recomputes `hash`/`prev_hash` from `seq` on, as an attacker without the key can: plain SHA-256
    /// (kind `sha256`) or an HMAC with a key of their own.
    func rechain(_ s: PinganServices, from seq: Int64, with key: AuditKey?) async throws {
        try await s.database.write { db in
            var prev = try await db.raw("SELECT hash FROM audit_log WHERE seq = \(bind: seq - 1)").first()?.decode(column: "hash", as: String.self)
                ?? StoredAuditEntry.genesis
            let rows = try await db.raw("SELECT seq, at, username, action, target, outcome, client, detail FROM audit_log WHERE seq >= \(bind: seq) ORDER BY seq").all()
            for r in rows {
                let n = try r.decode(column: "seq", as: Int64.self)
                let (at, user, action, target) = (try r.decode(column: "at", as: Int64.self), try r.decode(column: "username", as: String.self),
                                                  try r.decode(column: "action", as: String.self), try r.decode(column: "target", as: String.self))
                let (outcome, client, detail) = (try r.decode(column: "outcome", as: String.self), try r.decode(column: "client", as: String.self),
                                                 try r.decode(column: "detail", as: String.self))
                let body = StoredAuditEntry.canonicalBody(seq: n, at: at, username: user, action: action, target: target, outcome: outcome,
                                                          client: client, detail: detail, prevHash: prev)
                let hash = key?.mac(body) ?? StoredAuditEntry.chainHash(seq: n, at: at, username: user, action: action, target: target,
                                                                        outcome: outcome, client: client, detail: detail, prevHash: prev)
                let kind = key == nil ? StoredAuditEntry.HashKind.legacy : StoredAuditEntry.HashKind.keyed
                try await db.raw("UPDATE audit_log SET prev_hash = \(bind: prev), hash = \(bind: hash), hash_kind = \(bind: kind) WHERE seq = \(bind: n)").run()
                prev = hash
            }
        }
    }

    @Test(arguments: TestEngines.all)
    func theKeyFileIsCreatedPrivateAndEntriesAreKeyed(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 3)
            let attributes = try FileManager.default.attributesOfItem(atPath: s.auditPaths.key)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let kinds = try await s.database.read { db in
                try await db.raw("SELECT DISTINCT hash_kind FROM audit_log").all().map { try $0.decode(column: "hash_kind", as: String.self) }
            }
            #expect(kinds == [StoredAuditEntry.HashKind.keyed])
            #expect(try await verify(s).isIntact)
        }
    }

    @Test(arguments: TestEngines.all)
    func deletingTheLastEntriesIsTruncation(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 30)
            try await s.audit.checkpoint()
            try await s.database.write { try await $0.raw("DELETE FROM audit_log WHERE seq > 25").run() }
            let v = try await verify(s)
            #expect(v.firstBad == nil, "the chain itself is intact up to its new head")
            #expect(!v.isIntact)
            #expect(v.anchorProblems.contains { $0.contains("截断") && $0.contains("30") && $0.contains("25") }, "\(v.anchorProblems)")
        }
    }

    @Test(arguments: TestEngines.all)
    func truncatingAndAppendingAgainIsFound(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 30)
            try await s.audit.checkpoint()
            // Delete the last ten, then let the (keyed) writer append ten others: the count is back.
            try await s.database.write { try await $0.raw("DELETE FROM audit_log WHERE seq > 20").run() }
            try await fill(s, 10, from: 100)
            let v = try await verify(s)
            #expect(v.firstBad == nil)
            #expect(v.anchorProblems.contains { $0.contains("第 30 条") }, "\(v.anchorProblems)")
        }
    }

    @Test(arguments: TestEngines.all)
    func editingAndRechainingWithoutTheKeyIsFound(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 40)
            try await s.audit.checkpoint()
            try await s.database.write { try await $0.raw("UPDATE audit_log SET target = 'person:forged' WHERE seq = 12").run() }
            // Re-chained with plain SHA-256 from the edited entry on.
            try await rechain(s, from: 12, with: nil)
            let plain = try await verify(s)
            #expect(plain.firstBad?.seq == 12 && plain.checked == 11, "\(plain.reason ?? "")")
            // Re-chained with a key of the attacker's own.
            try await rechain(s, from: 12, with: AuditKey(bytes: [UInt8](repeating: 7, count: 32)))
            let forged = try await verify(s)
            #expect(forged.firstBad?.seq == 12 && forged.reason?.contains("签名不符") == true, "\(forged.reason ?? "")")
            // The whole chain recomputed as an unkeyed one: every link checks, the checkpoint does not.
            try await rechain(s, from: 1, with: nil)
            let whole = try await verify(s)
            #expect(whole.firstBad == nil)
            #expect(whole.anchorProblems.contains { $0.contains("第 40 条") }, "\(whole.anchorProblems)")
        }
    }

    @Test(arguments: TestEngines.all)
    func aTamperedCheckpointIsNamed(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 20)
            try await s.audit.checkpoint()
            try await s.database.write { try await $0.raw("DELETE FROM audit_log WHERE seq > 15").run() }
            // Lower the checkpoint's count to match the truncated log: the signature no longer fits.
            let store = AuditCheckpointStore(directory: s.auditPaths.checkpoints)
            let file = try #require(try store.files().last)
            let path = s.auditPaths.checkpoints + "/" + file.name
            var c = try #require(file.checkpoint)
            let head = try await s.database.read { db in
                try await db.raw("SELECT hash FROM audit_log WHERE seq = 15").first()!.decode(column: "hash", as: String.self)
            }
            c.seq = 15
            c.headHash = head
            try JSONEncoder().encode(c).write(to: URL(fileURLWithPath: path))
            let v = try await verify(s)
            #expect(v.anchorProblems.contains { $0.contains(file.name) && $0.contains("签名不符") }, "\(v.anchorProblems)")
            #expect(!v.isIntact)
        }
    }

    @Test(arguments: TestEngines.all)
    func aRestoredCopyVerifiesAndATruncatedOneDoesNot(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 30)
            try await s.audit.checkpoint()
            // The backup holds the first 22 entries; the live log went on to 30.
            try await s.database.write { try await $0.raw("DELETE FROM audit_log WHERE seq > 22").run() }
            #expect(try await !verify(s).isIntact)
            advance(s)
            try await s.audit.recordRestore(username: "cli", client: "cli", detail: ["backup": "pingan-20261124.sqlite"])
            let v = try await verify(s)
            #expect(v.isIntact, "\(v.anchorProblems) \(v.reason ?? "")")
            #expect(v.checkpoint?.seq == 23)
            let last = try await AuditReader(database: s.database).list(.init(limit: 1))
            #expect(last.first?.action == "restored")
        }
    }

    @Test(arguments: TestEngines.all)
    func entriesWrittenBeforeTheKeyStillVerify(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            // An earlier version's log: plain SHA-256, no key.
            let unkeyed = AuditLog(database: s.database, batchDelay: .zero)
            for i in 0..<5 {
                try await unkeyed.recordAndWait(AuditEntry(at: s.clock.now(), username: "old", action: "people.open", target: "person:\(i)", client: "x"))
            }
            try await fill(s, 5)
            try await s.audit.checkpoint()
            let v = try await verify(s)
            #expect(v.isIntact && v.checked == 10, "\(v.reason ?? "") \(v.anchorProblems)")
            // An unkeyed entry after the first keyed one is a forgery.
            try await unkeyed.recordAndWait(AuditEntry(at: s.clock.now(), username: "x", action: "people.open", target: "person:x", client: "x"))
            let late = try await verify(s)
            #expect(late.firstBad?.seq == 11)
        }
    }
}
