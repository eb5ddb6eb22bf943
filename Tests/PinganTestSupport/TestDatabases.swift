import Foundation
import Logging
import PinganKernel
import PinganServer
import PinganStorage
import SQLKit

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
        switch engine {
        case .sqlite:
            let path = NSTemporaryDirectory() + "pingan-test-\(UUID().uuidString).sqlite"
            return TestDatabase(url: .sqlite(path: path)) {
                for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
            }
        case .postgres:
            guard let text = ProcessInfo.processInfo.environment["PINGAN_TEST_POSTGRES_URL"] else {
                throw Problem(status: 500, kind: "test-setup", title: "测试环境", detail: "PINGAN_TEST_POSTGRES_URL 未设置：请用 scripts/test 运行（它会启动 PostgreSQL）。")
            }
            let admin = try DatabaseURL.parse(text)
            guard case .postgres(var address) = admin else { throw Problem.invalid("PINGAN_TEST_POSTGRES_URL", "须为 postgres:// 地址") }
            let name = "pingan_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let adminDB = try await AdminDatabase.shared.open(admin)
            try await adminDB.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            address.database = name
            return TestDatabase(url: .postgres(address)) {
                try? await adminDB.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            }
        }
    }

    public func drop() async { await cleanup() }
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

/// Opens the product's services on a fresh database, runs `body`, and cleans up.
public func withServices<T: Sendable>(
    _ engine: DatabaseEngine, clock: any PinganClock = ManualClock(TestClock.start), demo: Bool = false,
    _ body: (PinganServices) async throws -> T
) async throws -> T {
    let db = try await TestDatabase.make(engine)
    var options = PinganServices.Options()
    options.bcryptCost = 4
    options.auditBatchDelay = .milliseconds(10)
    let photos = NSTemporaryDirectory() + "pingan-photos-\(UUID().uuidString)"
    options.photoDirectory = photos
    defer { try? FileManager.default.removeItem(atPath: photos) }
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let services = try await PinganServices.open(db.url, clock: clock, options: options, logger: logger)
    do {
        if demo {
            _ = try await DemoSeeder(services: services).run(seed: 7, scale: .small, password: TestClock.password, now: clock.now())
        }
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

public enum TestClock {
    /// 2026-11-24 09:00 in the county.
    public static let start = Date(timeIntervalSince1970: 1_795_482_000)
    public static let password = "pingan-demo"
}
