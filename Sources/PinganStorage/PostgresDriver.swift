import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client. The client's `run()` lives in a task owned
/// by this driver and ends on `close()`.
final class PostgresDriver: DatabaseDriver {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, runTask: Task<Void, Never>, logger: Logger) {
        self.client = client
        self.runTask = runTask
        self.logger = logger
    }

    static func open(_ a: DatabaseURL.PostgresAddress, logger: Logger) async throws -> PostgresDriver {
        var configuration = PostgresClient.Configuration(
            host: a.host, port: a.port, username: a.username, password: a.password, database: a.database,
            tls: a.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let task = Task { await client.run() }
        let driver = PostgresDriver(client: client, runTask: task, logger: logger)
        // Fail at start, with the server's reason, rather than on the first request.
        _ = try await driver.read { db in try await db.raw("SELECT 1 AS one").all() }
        return driver
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil, logger: logger))
        }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await client.withConnection { connection in
            let db = connection.sql(queryLogLevel: nil, logger: logger)
            try await db.raw("BEGIN").run()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async {
        runTask.cancel()
        _ = await runTask.value
    }
}
