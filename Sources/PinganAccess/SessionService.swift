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
        /// However busy, a session ends this long after its login.
        public var absoluteLifetime: TimeInterval = 12 * 60 * 60
        /// One address refused for one account name after this many failures …
        public var failuresPerAddress = 5
        /// … for this long.
        public var addressBlock: TimeInterval = 15 * 60
        /// An account locks for everyone only after this many failures …
        public var accountFailures = 20
        /// … from at least this many addresses …
        public var accountAddresses = 3
        /// … within this window; and stays locked this long.
        public var accountWindow: TimeInterval = 60 * 60
        public var lockDuration: TimeInterval = 15 * 60
        /// Failed logins per client address (token bucket), checked before any hashing.
        public var throttle = LoginThrottle.Rule()
        /// How long a stream ticket may wait for its connection.
        public var streamTicketLifetime: TimeInterval = 60
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
    let throttle: LoginThrottle
    let failures: LoginFailures
    let tickets: StreamTickets

    public init(database: Database, hasher: PasswordHasher, audit: AuditLog, clock: any PinganClock,
                policy: Policy = Policy(), countyTime: CountyTime = .shanghai) {
        self.database = database
        self.users = UserStore(database: database)
        self.hasher = hasher
        self.audit = audit
        self.clock = clock
        self.policy = policy
        self.countyTime = countyTime
        self.throttle = LoginThrottle(rule: policy.throttle)
        self.failures = LoginFailures(database: database, rules: .init(
            perAddress: policy.failuresPerAddress, addressBlock: policy.addressBlock, accountFailures: policy.accountFailures,
            accountAddresses: policy.accountAddresses, accountWindow: policy.accountWindow))
        self.tickets = StreamTickets()
    }

    /// Every refused login gets this one answer — unknown name, wrong password, this address
    /// refused for this name, account locked — so the answer never tells whether an account
    /// exists or is locked. The reason goes to the audit log only.
    public static let refused = Problem(status: 401, kind: "bad-credentials", title: "登录失败",
                                        detail: "用户名或密码错误，或登录暂被限制，请稍后再试。")

    public func login(username: String, password: String, client: String) async throws -> Login {
        let now = clock.now()
        func deny(_ reason: String, _ problem: Problem = Self.refused) async throws -> Never {
            try await audit.recordAndWait(AuditEntry(at: now, username: username, action: "login", target: "user:\(username)",
                                                     outcome: .denied, client: client, detail: ["reason": .string(reason)]))
            throw problem
        }
        // Before any hashing: a flood from one address is answered without spending bcrypt.
        if let wait = await throttle.take(client: client, now: now) {
            await audit.record(AuditEntry(at: now, username: username, action: "login", target: "user:\(username)",
                                          outcome: .denied, client: client, detail: ["reason": .string("throttled")]))
            throw Problem.tooManyRequests(retryAfter: wait, detail: "登录失败次数过多，请 \(wait) 秒后再试。")
        }
        // Refused for this name from this address: the right password too, and no hash spent.
        if try await failures.isBlocked(username: username, client: client, now: now) { try await deny("address-blocked") }
        let found = try await users.credentials(username: username)
        // Exactly one bcrypt on every path that reaches here, so time tells nothing either.
        let verified: Bool
        if let found {
            verified = try await hasher.verify(password, hash: found.passwordHash)
        } else {
            _ = try await hasher.hash(password)
            verified = false
        }
        let locked = found?.user.lockedUntil.map { $0 > now } ?? false
        guard let found, verified, !locked else {
            // A locked account counts failures like any name, so it turns "blocked for this
            // address" after the same number of tries as a name that is no account.
            let outcome = try await failures.record(username: username, client: client, now: now)
            if outcome == .lockAccount, let found {
                try await users.setLock(userID: found.user.id, until: now.addingTimeInterval(policy.lockDuration))
            }
            let reason = found == nil ? "unknown-user" : locked ? "locked" : outcome == .lockAccount ? "locked-now" : "bad-password"
            try await deny(outcome == .addressBlocked ? reason + ",address-blocked" : reason)
        }
        // Only a caller who knows the password learns that the account is disabled.
        if found.user.disabled { try await deny("disabled", Problem.forbidden("账户已停用。")) }
        await throttle.giveBack(client: client, now: now)
        try await failures.clear(username: username, client: client)
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

    /// The identity behind a token, or 401. Idle expiry, the absolute lifetime, logout, locks,
    /// password and role changes all take effect here, on the next request.
    public func authenticate(token: String) async throws -> Identity {
        try await authenticate(tokenHash: Self.hash(token))
    }

    /// A single-use ticket that opens the live stream for this session within the policy's
    /// ticket lifetime (the stream URL then carries the ticket, never the session token).
    public func streamTicket(token: String, identity: Identity) async -> (ticket: String, expiresAt: Date) {
        let issued = await tickets.issue(sessionHash: Self.hash(token), userID: identity.userID, now: clock.now(),
                                         lifetime: policy.streamTicketLifetime)
        return (issued.ticket, issued.expires)
    }

    /// Consumes a stream ticket; the identity of its session as of now (a session ended since
    /// the ticket was issued opens nothing), or 401.
    public func authenticate(streamTicket: String) async throws -> Identity {
        guard let held = await tickets.redeem(streamTicket, now: clock.now()) else { throw Problem.unauthorized }
        let identity = try await authenticate(tokenHash: held.sessionHash)
        guard identity.userID == held.userID else { throw Problem.unauthorized }
        return identity
    }

    func authenticate(tokenHash: String) async throws -> Identity {
        let now = clock.now()
        let policy = self.policy
        // One round trip: the session, its user and the user's current scopes (one row per scope).
        let found: (Identity, Int64)? = try await database.read { db in
            let rows = try await db.raw("""
                SELECT s.created_at, s.last_seen_at, s.revoked_at, u.id, u.username, u.display_name, u.role, u.department, u.locked_until, u.disabled,
                       sc.layer, sc.grid_code, sc.grid_path
                FROM sessions s JOIN users u ON u.id = s.user_id
                LEFT JOIN user_scopes sc ON sc.user_id = u.id AND sc.valid_to IS NULL
                WHERE s.token_hash = \(bind: tokenHash) ORDER BY sc.grid_path
                """).all()
            guard let row = rows.first else { return nil }
            let created = try row.decode(column: "created_at", as: Int64.self)
            let lastSeen = try row.decode(column: "last_seen_at", as: Int64.self)
            guard try row.decode(column: "revoked_at", as: Int64?.self) == nil,
                  Double(now.epochMillis - lastSeen) / 1000 < policy.idleTimeout,
                  Double(now.epochMillis - created) / 1000 < policy.absoluteLifetime,
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
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
