import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PinganAccess
import PinganStorage
import SQLKit
import Testing

/// An acknowledged write survives `kill -9` of the server: run the real binary, log in (the
/// session row and the audit entry are committed before the answer), kill it, reopen the file.
@Suite struct DurabilityTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary() throws -> URL {
        for candidate in [".build/debug/pingan", ".build/x86_64-unknown-linux-gnu/debug/pingan", ".build/aarch64-unknown-linux-gnu/debug/pingan"] {
            let url = packageRoot.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "pingan binary not built; run swift build --build-tests"])
    }

    static func run(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func request(_ url: URL, method: String = "GET", body: Data? = nil) async throws -> (Int, Data) {
        var r = URLRequest(url: url)
        r.httpMethod = method
        r.httpBody = body
        r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: r)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test func anAcknowledgedLoginSurvivesKillMinusNine() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = "sqlite://\(dir.path)/p.sqlite"
        #expect(try Self.run(["user", "add", "tester", "--role", "district-operator", "--password", "secret-pass-1",
                              "--database", db, "--bcrypt-cost", "4"]) == 0)
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = try Self.binary()
        server.arguments = ["serve", "--database", db, "--port", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var up = false
        for _ in 0..<100 where !up {
            up = ((try? await Self.request(base.appendingPathComponent("healthz")))?.0 == 200)
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(up)
        let (status, _) = try await Self.request(base.appendingPathComponent("api/v1/session"), method: "POST",
                                                 body: Data(#"{"username":"tester","password":"secret-pass-1"}"#.utf8))
        #expect(status == 200)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()

        let database = try await Database.open(.sqlite(path: "\(dir.path)/p.sqlite"))
        let sessions = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM sessions").first()!.decode(column: "n", as: Int.self) }
        let logins = try await AuditReader(database: database).list(.init(username: "tester", action: "login"))
        // The key and checkpoints sit beside the SQLite file by default.
        let key = try AuditKey.load(at: "\(dir.path)/audit.key")
        let chain = try await AuditReader(database: database).verify(key: key, checkpoints: AuditCheckpointStore(directory: "\(dir.path)/audit-checkpoints"))
        #expect(sessions == 1)
        #expect(logins.count == 1 && logins.first?.outcome == "ok")
        #expect(chain.isIntact)
        #expect(try Self.run(["audit", "verify", "--database", db]) == 0)
        // `user add` left a checkpoint at its exit: deleting the entries it covers is truncation, and verify exits 1.
        try await database.write { try await $0.raw("DELETE FROM audit_log WHERE action = 'user.add' OR seq > (SELECT MIN(seq) FROM audit_log WHERE action = 'user.add')").run() }
        await database.close()
        #expect(try Self.run(["audit", "verify", "--database", db]) == 1)
    }
}
