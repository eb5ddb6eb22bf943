import Foundation
import Logging
import PinganKernel
import SQLiteKit
import SQLiteNIO
import SQLKit

/// SQLite in WAL mode: every write goes through one connection (sqlite-nio's busy handler spins
/// without sleeping, so two writers would burn a core) and starts with `BEGIN IMMEDIATE`; reads
/// use a small pool of their own connections, which WAL lets run beside the writer.
final class SQLiteDriver: DatabaseDriver {
    private let writer: SQLiteConnection
    private let writeLock = AsyncMutex()
    private let readers: ResourcePool<SQLiteConnection>
    private let allConnections: [SQLiteConnection]

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = ResourcePool(readers)
        self.allConnections = [writer] + readers
    }

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteDriver {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        // WAL must be set before the readers open; FULL makes each commit durable past a power cut,
        // not only past a killed process.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                       "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"] {
            _ = try await writer.query(pragma)
        }
        // Large imports write search rows in one INSERT … SELECT that computes their bigram tokens here.
        try await writer.install(customFunction: SQLiteCustomFunction("pingan_bigrams", argumentCount: 1, pure: true) { arguments in
            arguments.first?.string.map(SearchBigrams.of)
        })
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536",
                           "PRAGMA query_only=ON"] {
                _ = try await reader.query(pragma)
            }
            readers.append(reader)
        }
        return SQLiteDriver(writer: writer, readers: readers)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = await readers.take()
        do {
            let value = try await body(connection.sql())
            await readers.give(connection)
            return value
        } catch {
            await readers.give(connection)
            throw error
        }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let writer = self.writer
        return try await writeLock.withLock {
            let db = writer.sql()
            try await db.raw("BEGIN IMMEDIATE").run()
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

    /// `write`, with a loader of typed rows on the writer connection (`SQLiteTableCopier`).
    func bulkWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase, any TableCopying) async throws -> T) async throws -> T {
        let copier = SQLiteTableCopier(connection: writer)
        return try await write { db in try await body(db, copier) }
    }

    func close() async {
        for connection in allConnections {
            try? await connection.close()
        }
    }
}
