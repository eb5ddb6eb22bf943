import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Users and their scopes in the access tables.
public struct UserStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A user row as the login path needs it.
    struct Credentials: Sendable {
        var user: User
        var passwordHash: String
        var failedLogins: Int
    }

    public func create(_ new: NewUser, passwordHash: String, at now: Date) async throws -> User {
        try await createMany([new], passwordHash: passwordHash, at: now)[0]
    }

    /// Inserts many users sharing one password hash (the demo's accounts) in one transaction.
    @discardableResult
    public func createMany(_ users: [NewUser], passwordHash: String, at now: Date) async throws -> [User] {
        for u in users { try Self.validate(username: u.username) }
        let created = users.map {
            User(id: UUID().uuidString.lowercased(), username: $0.username, displayName: $0.displayName, role: $0.role,
                 department: $0.department, lockedUntil: nil, disabled: false, scope: $0.scope)
        }
        let ms = now.epochMillis
        try await database.write { db in
            let names = created.map(\.username)
            for chunk in names.chunked(500) {
                let existing = try await db.select().column("username").from("users")
                    .where("username", .in, Array(chunk)).all().map { try $0.decode(column: "username", as: String.self) }
                if let taken = existing.first {
                    throw Problem.conflict("用户名 \(taken) 已存在", field: "username")
                }
            }
            for chunk in created.chunked(200) {
                let insert = db.insert(into: "users").columns(
                    "id", "username", "display_name", "role", "department", "password_hash", "failed_logins",
                    "disabled", "created_at", "password_changed_at")
                for u in chunk {
                    insert.values(SQLBind(u.id), SQLBind(u.username), SQLBind(u.displayName), SQLBind(u.role.rawValue),
                                  SQLBind(u.department), SQLBind(passwordHash), SQLBind(0), SQLBind(0), SQLBind(ms), SQLBind(ms))
                }
                try await insert.run()
            }
            let scopeRows = created.flatMap { u in u.scope.roots.map { (u.id, $0) } }
            for chunk in scopeRows.chunked(200) {
                let insert = db.insert(into: "user_scopes").columns("user_id", "layer", "grid_code", "grid_path", "valid_from")
                for (id, root) in chunk {
                    insert.values(SQLBind(id), SQLBind(root.layer), SQLBind(root.code), SQLBind(root.path), SQLBind(ms))
                }
                try await insert.run()
            }
        }
        return created
    }

    static func validate(username: String) throws {
        let ok = (3...64).contains(username.count) && username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        guard ok else { throw Problem.invalid("username", "用户名须为 3–64 位字母、数字或 - _ .") }
    }

    func credentials(username: String) async throws -> Credentials? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT id, username, display_name, role, department, password_hash, failed_logins, locked_until, disabled
                FROM users WHERE username = \(bind: username)
                """).first() else { return nil }
            let user = try Self.decodeUser(row, scope: try await Self.scope(db, userID: try row.decode(column: "id", as: String.self)))
            return Credentials(user: user, passwordHash: try row.decode(column: "password_hash", as: String.self),
                               failedLogins: try row.decode(column: "failed_logins", as: Int.self))
        }
    }

    public func find(username: String) async throws -> User? {
        try await credentials(username: username)?.user
    }

    public func list() async throws -> [User] {
        try await database.read { db in
            let rows = try await db.raw("""
                SELECT id, username, display_name, role, department, locked_until, disabled FROM users ORDER BY username
                """).all()
            let scopeRows = try await db.raw("""
                SELECT user_id, layer, grid_code, grid_path FROM user_scopes WHERE valid_to IS NULL ORDER BY grid_path
                """).all()
            var scopes: [String: [Scope.Root]] = [:]
            for r in scopeRows {
                scopes[try r.decode(column: "user_id", as: String.self), default: []].append(try Self.decodeRoot(r))
            }
            return try rows.map { row in
                try Self.decodeUser(row, scope: Scope(roots: scopes[try row.decode(column: "id", as: String.self)] ?? []))
            }
        }
    }

    /// A new password ends every session of the user: whoever held an old one must sign in again.
    public func setPasswordHash(username: String, hash: String, at now: Date) async throws {
        try await database.write { db in
            guard let row = try await db.raw("""
                UPDATE users SET password_hash = \(bind: hash), password_changed_at = \(bind: now.epochMillis),
                failed_logins = 0, locked_until = NULL WHERE username = \(bind: username) RETURNING id
                """).first() else { throw Problem.notFound }
            try await Self.endSessions(db, userID: try row.decode(column: "id", as: String.self), at: now)
        }
    }

    /// A new role (and department) ends the user's sessions, so nothing granted under the old
    /// role lingers in an open page.
    public func setRole(username: String, role: Role, department: String?, at now: Date) async throws {
        try await database.write { db in
            guard let row = try await db.raw("""
                UPDATE users SET role = \(bind: role.rawValue), department = \(bind: department)
                WHERE username = \(bind: username) RETURNING id
                """).first() else { throw Problem.notFound }
            try await Self.endSessions(db, userID: try row.decode(column: "id", as: String.self), at: now)
        }
    }

    /// Replaces the user's scope (old roots closed with `valid_to`, history kept) and ends their sessions.
    public func setScope(username: String, scope: Scope, at now: Date) async throws {
        let ms = now.epochMillis
        try await database.write { db in
            guard let row = try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() else {
                throw Problem.notFound
            }
            let id = try row.decode(column: "id", as: String.self)
            try await db.raw("UPDATE user_scopes SET valid_to = \(bind: ms) WHERE user_id = \(bind: id) AND valid_to IS NULL").run()
            for root in scope.roots {
                try await db.raw("""
                    INSERT INTO user_scopes (user_id, layer, grid_code, grid_path, valid_from)
                    VALUES (\(bind: id), \(bind: root.layer), \(bind: root.code), \(bind: root.path), \(bind: ms))
                    """).run()
            }
            try await Self.endSessions(db, userID: id, at: now)
        }
    }

    static func endSessions(_ db: any SQLDatabase, userID: String, at now: Date) async throws {
        try await db.raw("""
            UPDATE sessions SET revoked_at = \(bind: now.epochMillis) WHERE user_id = \(bind: userID) AND revoked_at IS NULL
            """).run()
    }

    /// Locks until `until`, or unlocks when nil (which also lifts every address's refusal for the name).
    public func setLock(username: String, until: Date?) async throws {
        let changed = try await database.write { db in
            if until == nil { try await db.raw("DELETE FROM login_failures WHERE username = \(bind: username)").run() }
            return try await db.raw("""
                UPDATE users SET locked_until = \(bind: until?.epochMillis), failed_logins = 0
                WHERE username = \(bind: username) RETURNING id
                """).all().count
        }
        guard changed == 1 else { throw Problem.notFound }
    }

    /// Locks one account for every address (the account-wide rule in `LoginFailures`).
    func setLock(userID: String, until: Date) async throws {
        try await database.write { db in
            try await db.raw("UPDATE users SET locked_until = \(bind: until.epochMillis) WHERE id = \(bind: userID)").run()
        }
    }

    func recordSuccess(userID: String) async throws {
        try await database.write { db in
            try await db.raw("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = \(bind: userID) AND (failed_logins <> 0 OR locked_until IS NOT NULL)").run()
        }
    }

    static func scope(_ db: any SQLDatabase, userID: String) async throws -> Scope {
        let rows = try await db.raw("""
            SELECT layer, grid_code, grid_path FROM user_scopes WHERE user_id = \(bind: userID) AND valid_to IS NULL ORDER BY grid_path
            """).all()
        return Scope(roots: try rows.map(decodeRoot))
    }

    static func decodeRoot(_ r: any SQLRow) throws -> Scope.Root {
        Scope.Root(layer: try r.decode(column: "layer", as: String.self), code: try r.decode(column: "grid_code", as: String.self),
                   path: try r.decode(column: "grid_path", as: String.self))
    }

    static func decodeUser(_ row: any SQLRow, scope: Scope) throws -> User {
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleText) else {
            throw Problem(status: 500, kind: "corrupt", title: "数据错误", detail: "用户角色 \(roleText) 无法识别。")
        }
        return User(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: role,
            department: try row.decode(column: "department", as: String?.self),
            lockedUntil: try row.decode(column: "locked_until", as: Int64?.self).map(Date.init(epochMillis:)),
            disabled: try row.decode(column: "disabled", as: Int.self) != 0,
            scope: scope)
    }
}
