import Foundation
import Logging
import PinganKernel
import PinganServer
import PinganStorage
import SQLKit
import Synchronization

/// The small demo, seeded once per engine and start time in a test process and copied into each
/// test's fresh database (SQLite: the file; PostgreSQL: `CREATE DATABASE … TEMPLATE`). Seeding
/// is seconds of CPU (grids, accounts, population, events, signals) and about ninety test cases
/// start from the demo: seeding in each of them was most of the Swift tests' time on two cores.
/// A copy opens through `PinganServices.open` exactly as the product does after a restart, so the
/// tests also cover everything a server rebuilds from its database.
actor DemoTemplates {
    static let shared = DemoTemplates()

    private struct Key: Hashable {
        let engine: DatabaseEngine
        let start: Int64
    }
    private var templates: [Key: Task<DatabaseURL, any Error>] = [:]

    /// The template database for `engine` with the demo seeded at `now`; seeded on first use.
    func template(_ engine: DatabaseEngine, now: Date) async throws -> DatabaseURL {
        let key = Key(engine: engine, start: now.epochMillis)
        if let task = templates[key] { return try await task.value }
        let task = Task { try await Self.seed(engine, now: now) }
        templates[key] = task
        return try await task.value
    }

    private static func seed(_ engine: DatabaseEngine, now: Date) async throws -> DatabaseURL {
        let database = try await TestDatabase.make(engine, name: "tmpl")
        let photos = NSTemporaryDirectory() + "pingan-photos-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: photos) }
        let services = try await TestServices.open(database.url, clock: ManualClock(now), photos: photos)
        do {
            _ = try await DemoSeeder(services: services).run(seed: 7, scale: .small, password: TestClock.password, now: now)
            await services.shutdown()
            try? FileManager.default.removeItem(atPath: services.auditPaths.checkpoints)
        } catch {
            await services.shutdown()
            await database.drop()
            throw error
        }
        // A pool can take seconds to let go of its connections; a template must have none.
        try await database.disconnectEveryone()
        if engine == .sqlite { removeAtExit(database.url) }
        return database.url
    }

    /// SQLite templates are files; they go when the test process ends (PostgreSQL's templates live in
    /// the throw-away test cluster, and the next process drops them: `TestDatabase.dropStaleTemplates`).
    private static func removeAtExit(_ url: DatabaseURL) {
        guard case .sqlite(let path) = url else { return }
        sqliteTemplates.withLock { $0.append(path) }
        _ = registerCleanup
    }

    private static let registerCleanup: Void = {
        atexit {
            for path in sqliteTemplates.withLock({ $0 }) {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
    }()
}

private let sqliteTemplates = Mutex<[String]>([])
