import Foundation
import Logging
import PinganKernel
import SQLKit

/// The one handle every part's store uses. Reads may run concurrently; each `write` is one
/// transaction that is durable when it returns (SQLite WAL with `synchronous=FULL`, PostgreSQL
/// commit), so an acknowledged write survives `kill -9`.
public final class Database: Sendable {
    public let engine: DatabaseEngine
    public let url: DatabaseURL
    private let driver: any DatabaseDriver

    init(url: DatabaseURL, driver: any DatabaseDriver) {
        self.url = url
        self.engine = url.engine
        self.driver = driver
    }

    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "pingan.db")) async throws -> Database {
        switch url {
        case .sqlite(let path):
            return Database(url: url, driver: try await SQLiteDriver.open(path: path, logger: logger))
        case .postgres(let address):
            return Database(url: url, driver: try await PostgresDriver.open(address, logger: logger))
        }
    }

    /// Runs `body` on a connection outside any explicit transaction (a consistent snapshot per statement).
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.read(body)
    }

    /// Runs `body` in one transaction; it commits when `body` returns and rolls back when it throws.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.write(body)
    }

    /// `write`, also handing `body` the engine's bulk loader on the transaction's connection
    /// (PostgreSQL: COPY; SQLite: typed multi-row INSERTs, `SQLiteTableCopier`).
    public func bulkWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase, any TableCopying) async throws -> T) async throws -> T {
        try await driver.bulkWrite(body)
    }

    /// Re-samples the tables' statistics after a bulk load of `changedRows` rows. PostgreSQL plans from
    /// sampled statistics, and autovacuum samples a freshly loaded table only on its next pass (up to a
    /// minute later); until then it takes a 500,000-row table's subtree range for 0.5 % of it and reads
    /// the whole subtree before the search index. Small loads are left to autovacuum. SQLite keeps no
    /// statistics unless asked, and the queries are written for its rule-based planner, so there this
    /// does nothing. No tables: every table. `vacuum` (for a database just filled, like the demo) also
    /// vacuums: GIN indexes' pending entries, which every search reads through until merged, go into
    /// the indexes, and pages are marked all-visible.
    public func refreshStatistics(_ tables: [String] = [], changedRows: Int, vacuum: Bool = false) async throws {
        guard engine == .postgres, changedRows >= 1_000 else { return }
        let list = tables.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
        try await read { try await $0.raw("\(unsafeRaw: vacuum ? "VACUUM (ANALYZE)" : "ANALYZE") \(unsafeRaw: list)").run() }
    }

    public func close() async {
        await driver.close()
    }
}

protocol DatabaseDriver: Sendable {
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func bulkWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase, any TableCopying) async throws -> T) async throws -> T
    func close() async
}
