import Crypto
import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Login, logout and resolving a bearer token to an `Identity`. Tokens are opaque random
/// values; the server keeps only their SHA-256, so a leaked database holds no usable session.
public struct SessionService: Sendable {
    public struct Policy: Sendable {
        public var idleTimeout: TimeInterval = 30 * 60
        public var maxFailures = 5
        public var lockDuration: TimeInterval = 15 * 60
        /// `last_seen_at` is rewritten at most this often, so reads do not all become writes.
        public var touchInterval: TimeInterval = 30
        public init() {}
    }

    public struct Login: Sendable {
        public var token: String
        public var user: User
    }

    let database: Database
    let users: UserStore
    let hasher: PasswordHasher
    let audit: AuditLog
    let clock: any PinganClock
    public let policy: Policy
    let countyTime: CountyTime

    public init(database: Database, hasher: PasswordHasher, audit: AuditLog, clock: any PinganClock,
                policy: Policy = Policy(), countyTime: CountyTime = .shanghai) {
        self.database = database
        self.users = UserStore(database: database)
        self.hasher = hasher
        self.audit = audit
        self.clock = clock
        self.policy = policy
        self.countyTime = countyTime
    }

    public func login(username: String, password: String, client: String) async throws -> Login {
        let now = clock.now()
        func deny(_ reason: String, _ problem: Problem) async throws -> Never {
            try await audit.recordAndWait(AuditEntry(at: now, username: username, action: "login", target: "user:\(username)",
                                                     outcome: .denied, client: client, detail: ["reason": .string(reason)]))
            throw problem
        }
        let badCredentials = Problem(status: 401, kind: "bad-credentials", title: "登录失败", detail: "用户名或密码错误。")
        guard let found = try await users.credentials(username: username) else {
            // Spend the same time as a real check so a timing probe cannot list usernames.
            _ = try await hasher.hash(password)
            try await deny("unknown-user", badCredentials)
        }
        if found.user.disabled { try await deny("disabled", Problem.forbidden("账户已停用。")) }
        if let until = found.user.lockedUntil, until > now {
            try await deny("locked", Problem.locked(until: countyTime.format(until)))
        }
        guard try await hasher.verify(password, hash: found.passwordHash) else {
            let until = now.addingTimeInterval(policy.lockDuration)
            let lockedNow = try await users.recordFailure(userID: found.user.id, limit: policy.maxFailures, lockUntil: until)
            if lockedNow { try await deny("locked-now", Problem.locked(until: countyTime.format(until))) }
            try await deny("bad-password", badCredentials)
        }
        try await users.recordSuccess(userID: found.user.id)
        let token = Self.newToken()
        let tokenHash = Self.hash(token)
        let ms = now.epochMillis
        try await database.write { db in
            try await db.raw("""
                INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, client)
                VALUES (\(bind: tokenHash), \(bind: found.user.id), \(bind: ms), \(bind: ms), \(bind: client))
                """).run()
        }
        try await audit.recordAndWait(AuditEntry(at: now, username: username, action: "login", target: "user:\(username)",
                                                 client: client))
        var user = found.user
        user.lockedUntil = nil
        return Login(token: token, user: user)
    }

    /// The identity behind a token, or 401. Idle expiry, logout, locks and scope changes all
    /// take effect here, on the next request.
    public func authenticate(token: String) async throws -> Identity {
        let now = clock.now()
        let tokenHash = Self.hash(token)
        let policy = self.policy
        // One round trip: the session, its user and the user's current scopes (one row per scope).
        let found: (Identity, Int64)? = try await database.read { db in
            let rows = try await db.raw("""
                SELECT s.last_seen_at, s.revoked_at, u.id, u.username, u.display_name, u.role, u.department, u.locked_until, u.disabled,
                       sc.layer, sc.grid_code, sc.grid_path
                FROM sessions s JOIN users u ON u.id = s.user_id
                LEFT JOIN user_scopes sc ON sc.user_id = u.id AND sc.valid_to IS NULL
                WHERE s.token_hash = \(bind: tokenHash) ORDER BY sc.grid_path
                """).all()
            guard let row = rows.first else { return nil }
            let lastSeen = try row.decode(column: "last_seen_at", as: Int64.self)
            guard try row.decode(column: "revoked_at", as: Int64?.self) == nil,
                  Double(now.epochMillis - lastSeen) / 1000 < policy.idleTimeout,
                  try row.decode(column: "disabled", as: Int.self) == 0
            else { return nil }
            if let locked = try row.decode(column: "locked_until", as: Int64?.self), locked > now.epochMillis { return nil }
            var roots: [Scope.Root] = []
            for r in rows {
                guard let layer = try r.decode(column: "layer", as: String?.self) else { continue }
                roots.append(Scope.Root(layer: layer, code: try r.decode(column: "grid_code", as: String.self),
                                        path: try r.decode(column: "grid_path", as: String.self)))
            }
            let user = try UserStore.decodeUser(row, scope: Scope(roots: roots))
            return (Identity(userID: user.id, username: user.username, displayName: user.displayName, role: user.role,
                             department: user.department, scope: user.scope), lastSeen)
        }
        guard let (identity, lastSeen) = found else { throw Problem.unauthorized }
        if Double(now.epochMillis - lastSeen) / 1000 >= policy.touchInterval {
            try await database.write { db in
                try await db.raw("UPDATE sessions SET last_seen_at = \(bind: now.epochMillis) WHERE token_hash = \(bind: tokenHash)").run()
            }
        }
        return identity
    }

    public func logout(token: String, identity: Identity, client: String) async throws {
        let now = clock.now()
        let tokenHash = Self.hash(token)
        try await database.write { db in
            try await db.raw("UPDATE sessions SET revoked_at = \(bind: now.epochMillis) WHERE token_hash = \(bind: tokenHash) AND revoked_at IS NULL").run()
        }
        try await audit.recordAndWait(AuditEntry(at: now, username: identity.username, action: "logout",
                                                 target: "user:\(identity.username)", client: client))
    }

    static func newToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
