import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import SQLKit
import Synchronization

/// The engines a store test runs on: SQLite always; PostgreSQL when the test command has
/// started one (`PINGAN_TEST_POSTGRES_URL`, set by scripts/test). In CI
/// (`CI=true`) a missing PostgreSQL is an error, not a silent skip.
public enum TestEngines {
    public static var all: [DatabaseEngine] {
        let env = ProcessInfo.processInfo.environment
        if env["PINGAN_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

/// A fresh, empty database of one engine: a temporary SQLite file, or a new PostgreSQL
/// database on the test cluster (tests run in parallel and must not share tables).
public struct TestDatabase: Sendable {
    public let url: DatabaseURL
    let cleanup: @Sendable () async -> Void

    public static func make(_ engine: DatabaseEngine) async throws -> TestDatabase {
        try await make(engine, name: "t")
    }

    /// `name` tells test databases (`t`) from demo templates (`tmpl`) in the file or database name.
    static func make(_ engine: DatabaseEngine, name: String) async throws -> TestDatabase {
        switch engine {
        case .sqlite:
            return fresh(sqlitePath(name))
        case .postgres:
            let (admin, address) = try await cluster()
            // Templates carry the process id: test processes of other checkouts may share the cluster.
            let owner = name == "tmpl" ? "p\(getpid())_" : ""
            let database = "pingan_\(name)_" + owner + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            if name == "tmpl" {
                ownTemplates.withLock { _ = $0.insert(database) }
                try await dropStaleTemplates(admin)
            }
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: database)").run() }
            return fresh(address, database, admin)
        }
    }

    /// A new database holding what `template` holds (a demo template from `DemoTemplates`).
    static func copy(of template: DatabaseURL) async throws -> TestDatabase {
        switch template {
        case .sqlite(let source):
            let path = sqlitePath("t")
            try FileManager.default.copyItem(atPath: source, toPath: path)
            if FileManager.default.fileExists(atPath: source + "-wal") { try FileManager.default.copyItem(atPath: source + "-wal", toPath: path + "-wal") }
            return fresh(path)
        case .postgres(let source):
            let (admin, address) = try await cluster()
            let database = "pingan_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            try await admin.read { db in
                try await db.raw("CREATE DATABASE \(unsafeRaw: database) TEMPLATE \(unsafeRaw: source.database)").run()
            }
            return fresh(address, database, admin)
        }
    }

    public func drop() async { await cleanup() }

    /// PostgreSQL: ends every session on this database (a closed pool may still hold some for a while).
    func disconnectEveryone() async throws {
        guard case .postgres(let address) = url else { return }
        let (admin, _) = try await Self.cluster()
        try await admin.read { db in
            try await db.raw("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(bind: address.database) AND pid <> pg_backend_pid()
                """).run()
        }
    }

    private static func sqlitePath(_ name: String) -> String {
        NSTemporaryDirectory() + "pingan-\(name == "t" ? "test" : name)-\(UUID().uuidString).sqlite"
    }

    private static func fresh(_ path: String) -> TestDatabase {
        TestDatabase(url: .sqlite(path: path)) {
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
        }
    }

    private static func fresh(_ address: DatabaseURL.PostgresAddress, _ database: String, _ admin: Database) -> TestDatabase {
        var address = address
        address.database = database
        return TestDatabase(url: .postgres(address)) {
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)").run() }
        }
    }

    /// The test cluster's admin pool and address.
    private static func cluster() async throws -> (Database, DatabaseURL.PostgresAddress) {
        guard let text = ProcessInfo.processInfo.environment["PINGAN_TEST_POSTGRES_URL"] else {
            throw Problem(status: 500, kind: "test-setup", title: "测试环境", detail: "PINGAN_TEST_POSTGRES_URL 未设置：请用 scripts/test 运行（它会启动 PostgreSQL）。")
        }
        let admin = try DatabaseURL.parse(text)
        guard case .postgres(let address) = admin else { throw Problem.invalid("PINGAN_TEST_POSTGRES_URL", "须为 postgres:// 地址") }
        return (try await AdminDatabase.shared.open(admin), address)
    }

    /// Demo templates left by earlier test processes that have ended (this process makes at most one
    /// per start time); a template of a process still running, in another checkout, is left alone.
    private static func dropStaleTemplates(_ admin: Database) async throws {
        let ours = ownTemplates.withLock { $0 }
        let stale = try await admin.read { db in
            try await db.raw("SELECT datname FROM pg_database WHERE datname LIKE 'pingan\\_tmpl\\_%'").all()
                .map { try $0.decode(column: "datname", as: String.self) }
        }
        func running(_ name: String) -> Bool {
            let parts = name.split(separator: "_")
            guard parts.count >= 4, parts[2].hasPrefix("p"), let pid = Int32(parts[2].dropFirst()) else { return false }
            return kill(pid, 0) == 0
        }
        for name in stale where !ours.contains(name) && !running(name) {
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
        }
    }
}

/// One pool on the test cluster's admin database for the whole test process, opened on first use
/// and never closed. Each test used to open a pool to create its database and another to drop
/// it: hundreds of pools opened and shut while the suites ran in parallel.
actor AdminDatabase {
    static let shared = AdminDatabase()
    private var opening: Task<Database, any Error>?

    func open(_ url: DatabaseURL) async throws -> Database {
        if let opening { return try await opening.value }
        let task = Task { try await Database.open(url, logger: Logger(label: "test")) }
        opening = task
        return try await task.value
    }
}

/// Opens the product's services on a fresh database, runs `body`, and cleans up. With `demo`, the
/// database starts as a copy of the small demo (`DemoTemplates`).
public func withServices<T: Sendable>(
    _ engine: DatabaseEngine, clock: any PinganClock = ManualClock(TestClock.start), demo: Bool = false,
    _ body: (PinganServices) async throws -> T
) async throws -> T {
    let db = demo ? try await TestDatabase.copy(of: try await DemoTemplates.shared.template(engine, now: clock.now()))
        : try await TestDatabase.make(engine)
    let photos = NSTemporaryDirectory() + "pingan-photos-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: photos) }
    let services = try await TestServices.open(db.url, clock: clock, photos: photos)
    defer { try? FileManager.default.removeItem(atPath: services.auditPaths.checkpoints) }
    do {
        let value = try await body(services)
        await services.shutdown()
        await db.drop()
        return value
    } catch {
        await services.shutdown()
        await db.drop()
        // PostgresNIO hides the server's message unless asked; tests should show it.
        if error is Problem { throw error }
        throw Problem(status: 500, kind: "test", title: "测试失败", detail: String(reflecting: error))
    }
}

public enum TestServices {
    /// One audit key for the whole test process: demo templates are keyed with it, and their
    /// copies verify. Each services instance gets its own checkpoint folder.
    public static let auditKeyPath = NSTemporaryDirectory() + "pingan-test-audit-\(UUID().uuidString).key"

    /// Fresh audit paths in the temporary directory (the shared key, a new checkpoint folder).
    public static func auditPaths() -> AuditPaths {
        AuditPaths(key: auditKeyPath, checkpoints: NSTemporaryDirectory() + "pingan-test-checkpoints-\(UUID().uuidString)")
    }

    /// The product's services as tests run them: cheap bcrypt, a quick audit batch, quiet logs.
    static func open(_ url: DatabaseURL, clock: any PinganClock, photos: String) async throws -> PinganServices {
        var options = PinganServices.Options()
        options.bcryptCost = 4
        // Hundreds of tests log in at once in one process: the flood bound is tested on its own hasher.
        options.maxPendingHashes = 100_000
        options.auditBatchDelay = .milliseconds(10)
        options.photoDirectory = photos
        options.auditPaths = auditPaths()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try await PinganServices.open(url, clock: clock, options: options, logger: logger)
    }
}

public enum TestClock {
    /// 2026-11-24 09:00 in the county.
    public static let start = Date(timeIntervalSince1970: 1_795_482_000)
    public static let password = "pingan-demo"
}

/// The PostgreSQL demo templates this process made (kept from `dropStaleTemplates`).
private let ownTemplates = Mutex<Set<String>>([])
