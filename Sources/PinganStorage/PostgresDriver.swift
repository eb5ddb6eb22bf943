import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

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
        // `Task.immediate` enters `run()` before returning, so the first lease finds the pool running (a
        // plain Task could start later, and PostgresNIO then warns that `run()` has not been called).
        let task = Task.immediate { await client.run() }
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
        try await bulkWrite { db, _ in try await body(db) }
    }

    func bulkWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase, any TableCopying) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await client.withConnection { connection in
            let db = PostgresTransaction(base: connection.sql(queryLogLevel: nil, logger: logger), connection: connection)
            try await db.raw("BEGIN").run()
            do {
                let value = try await body(db, db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Cancelling `run()` closes every connection; `run()` returns once the pool's last
    /// connection and timer task has ended. Shutdown waits for that at most `closeWait`, then
    /// goes on and says so: a pool that never finishes (seen in the test suite, with no
    /// connection left open) must not keep a server or a test run from ending.
    func close() async {
        runTask.cancel()
        let (runTask, logger, start) = (self.runTask, self.logger, ContinuousClock.now)
        guard await !firstOf(seconds: Self.closeWait, { await runTask.value }) else { return }
        logger.error("PostgreSQL connection pool did not stop within \(Self.closeWait) s of shutdown; not waiting any longer")
        Task {
            await runTask.value
            logger.warning("PostgreSQL connection pool stopped \(ContinuousClock.now - start) after shutdown")
        }
    }

    static let closeWait: Int = 10
}

/// Runs `work` in its own task and returns true when it finishes within `seconds`, false
/// when the time runs out first. Unlike a task group, it does not wait for `work` to end.
private func firstOf(seconds: Int, _ work: @escaping @Sendable () async -> Void) async -> Bool {
    let outcome = Mutex<CheckedContinuation<Bool, Never>?>(nil)
    return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        outcome.withLock { $0 = continuation }
        let resume: @Sendable (Bool) -> Void = { value in outcome.withLock { $0.take() }?.resume(returning: value) }
        let timer = Task {
            try? await Task.sleep(for: .seconds(seconds))
            resume(false)
        }
        Task {
            await work()
            resume(true)
            timer.cancel()
        }
    }
}

/// The database a PostgreSQL write transaction hands its body: SQLKit's database over the
/// transaction's connection, plus COPY on that same connection (`TableCopying`).
struct PostgresTransaction: SQLDatabase, TableCopying {
    let base: any SQLDatabase
    let connection: PostgresConnection

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await base.execute(sql: query, onRow)
    }

    /// Already one session: the transaction's connection.
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// Sends the rows in pieces of about a megabyte (the server parses one while the next is on its way).
    func copy(into table: String, columns: [String], rows: CopyRows) async throws {
        precondition(rows.columnCount == columns.count, "CopyRows has \(rows.columnCount) columns, COPY names \(columns.count)")
        let text = rows.text
        guard !text.isEmpty else { return }
        try await connection.copyFrom(table: table, columns: columns, format: .text(.init()), logger: logger) { writer in
            var start = 0
            while start < text.count {
                // Pieces end at a row's end (COPY accepts any split; whole rows keep errors readable).
                var end = min(text.count, start + (1 << 20))
                while end < text.count, text[end - 1] != 0x0A { end += 1 }
                try await writer.write(ByteBuffer(bytes: text[start..<end]))
                start = end
            }
        }
    }
}
