import Foundation
import Logging
import SQLKit

/// One versioned step of the schema. Each part owns its migrations (its own tables); the
/// composition root hands the migrator all of them in order. Statements are written once in
/// the SQL both engines accept; `Dialect` covers the few words that differ.
public struct Migration: Sendable {
    public let id: String
    public let statements: @Sendable (Dialect) -> [String]
    /// Rewrites rows the statements cannot (values computed in Swift), after them, in the same
    /// transaction.
    public let data: (@Sendable (any SQLDatabase, Dialect) async throws -> Void)?

    public init(id: String, statements: @escaping @Sendable (Dialect) -> [String],
                data: (@Sendable (any SQLDatabase, Dialect) async throws -> Void)? = nil) {
        self.id = id
        self.statements = statements
        self.data = data
    }
}

/// The few spellings that differ between SQLite and PostgreSQL in our DDL.
public struct Dialect: Sendable {
    public let engine: DatabaseEngine

    /// Text compared byte by byte, so that `path >= '/a/' AND path < '/a0'` finds a subtree on
    /// an index whatever the server's locale.
    public var binaryText: String { engine == .postgres ? "TEXT COLLATE \"C\"" : "TEXT" }
    public var bytes: String { engine == .postgres ? "BYTEA" : "BLOB" }
    public var double: String { engine == .postgres ? "DOUBLE PRECISION" : "REAL" }
}

public enum Migrator {
    /// Applies the migrations not yet recorded, each in its own transaction, in the given order.
    /// On PostgreSQL an advisory lock keeps two starting servers (or parallel tests) from racing.
    @discardableResult
    public static func migrate(_ database: Database, _ migrations: [Migration], logger: Logger) async throws -> [String] {
        let dialect = Dialect(engine: database.engine)
        try await database.write { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.write { db -> Bool in
                if database.engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(734201)").run()
                }
                let rows = try await db.raw("SELECT id FROM schema_migrations WHERE id = \(bind: migration.id)").all()
                guard rows.isEmpty else { return false }
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await migration.data?(db, dialect)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw("INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: now))").run()
                return true
            }
            if didApply {
                logger.info("migration applied", metadata: ["id": .string(migration.id)])
                applied.append(migration.id)
            }
        }
        return applied
    }

    public static func appliedIDs(_ database: Database) async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT id FROM schema_migrations ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
