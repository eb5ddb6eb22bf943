import Foundation
import PinganKernel

/// Where the data lives, chosen by one URL: `sqlite://PATH` (the embedded default) or
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (production).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    public struct PostgresAddress: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// `sslmode=require` asks for TLS; the intranet default is plain TCP on loopback or LAN.
        public var requireTLS: Bool
    }

    public static let defaultSQLite = DatabaseURL.sqlite(path: "data/pingan.sqlite")

    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The URL without its password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let a): "postgres://\(a.username)@\(a.host):\(a.port)/\(a.database)"
        }
    }

    public static func parse(_ text: String) throws -> DatabaseURL {
        let field = "database"
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Problem.invalid(field, "SQLite 地址缺少文件路径，例如 sqlite://data/pingan.sqlite") }
            return .sqlite(path: path)
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"),
              let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else {
            throw Problem.invalid(field, "数据库地址应为 sqlite://路径 或 postgres://用户:密码@主机:端口/库名")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw Problem.invalid(field, "PostgreSQL 地址缺少数据库名") }
        let query = components.queryItems ?? []
        let sslmode = query.first(where: { $0.name == "sslmode" })?.value
        return .postgres(PostgresAddress(
            host: host,
            port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database,
            requireTLS: sslmode == "require" || sslmode == "verify-full"
        ))
    }
}

public enum DatabaseEngine: String, Sendable, Codable {
    case sqlite, postgres
}
