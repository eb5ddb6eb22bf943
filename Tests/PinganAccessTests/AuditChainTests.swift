import Foundation
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

@Suite(.storeTestLimit) struct AuditChainTests {
    func fill(_ s: PinganServices, _ n: Int) async throws {
        for i in 0..<n {
            await s.audit.record(AuditEntry(at: s.clock.now(), username: "u\(i % 3)", action: "grids.read", target: "grid:\(i)",
                                            client: "127.0.0.1", detail: ["i": .int(Int64(i)), "名称": "网格"]))
        }
        await s.audit.flush()
    }

    func verify(_ s: PinganServices, batch: Int = 5000) async throws -> AuditReader.Verification {
        try await AuditReader(database: s.database).verify(key: s.auditKey, checkpoints: AuditCheckpointStore(directory: s.auditPaths.checkpoints),
                                                           batch: batch)
    }

    @Test(arguments: TestEngines.all)
    func anIntactChainVerifies(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 250)
            let v = try await verify(s, batch: 64)
            #expect(v.isIntact && v.checked == 250)
        }
    }

    @Test(arguments: TestEngines.all)
    func editingAnEntryIsFoundAtThatEntry(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 50)
            try await s.database.write { try await $0.raw("UPDATE audit_log SET target = 'grid:forged' WHERE seq = 17").run() }
            let v = try await verify(s)
            #expect(v.firstBad?.seq == 17 && v.checked == 16)
        }
    }

    @Test(arguments: TestEngines.all)
    func deletingAnEntryIsFoundWhereTheGapIs(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await fill(s, 30)
            try await s.database.write { try await $0.raw("DELETE FROM audit_log WHERE seq = 9").run() }
            let v = try await verify(s)
            #expect(v.firstBad?.seq == 10)
        }
    }

    @Test(arguments: TestEngines.all)
    func waitingWritersSeeTheirEntryCommitted(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        try await s.audit.recordAndWait(AuditEntry(at: s.clock.now(), username: "w", action: "people.open",
                                                                   target: "person:\(i)", client: "x"))
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await AuditReader(database: s.database).list(.init(action: "people.open", limit: 100))
            #expect(Set(rows.map(\.target)).count == 20)
            #expect(try await verify(s).isIntact)
        }
    }

    @Test func theHashIsOverCanonicalBytes() {
        let a = StoredAuditEntry.chainHash(seq: 1, at: 5, username: "u", action: "a", target: "t", outcome: "ok", client: "c",
                                           detail: "{}", prevHash: StoredAuditEntry.genesis)
        let b = StoredAuditEntry.chainHash(seq: 1, at: 5, username: "u", action: "a", target: "t", outcome: "ok", client: "c",
                                           detail: "{}", prevHash: StoredAuditEntry.genesis)
        let c = StoredAuditEntry.chainHash(seq: 1, at: 6, username: "u", action: "a", target: "t", outcome: "ok", client: "c",
                                           detail: "{}", prevHash: StoredAuditEntry.genesis)
        #expect(a == b && a != c && a.count == 64)
    }
}
