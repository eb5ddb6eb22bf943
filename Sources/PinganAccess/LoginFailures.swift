import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Failed logins per (account name, client address), in the database so the rules hold across
/// restarts. Two rules, both blind to whether the account exists (unknown names are counted
/// exactly like real ones, so the answers cannot tell them apart):
/// - one address that failed `perAddress` times for a name is refused for that name for
///   `addressBlock` (its own problem, nobody else's);
/// - a name is locked for every address only after `accountFailures` failures from at least
///   `accountAddresses` addresses within `accountWindow`, so one address cannot lock `centre`.
struct LoginFailures: Sendable {
    struct Rules: Sendable {
        var perAddress: Int
        var addressBlock: TimeInterval
        var accountFailures: Int
        var accountAddresses: Int
        var accountWindow: TimeInterval
    }

    enum Outcome: Equatable {
        case counted
        case addressBlocked
        /// Enough failures from enough addresses: the account locks (counters start again).
        case lockAccount
    }

    let database: Database
    let rules: Rules

    /// Names are keyed as sent, bounded so a huge name cannot bloat the table.
    static func key(_ username: String) -> String { String(username.prefix(64)) }

    func isBlocked(username: String, client: String, now: Date) async throws -> Bool {
        let name = Self.key(username)
        return try await database.read { db in
            let row = try await db.raw("""
                SELECT blocked_until FROM login_failures WHERE username = \(bind: name) AND client = \(bind: client)
                """).first()
            guard let until = try row?.decode(column: "blocked_until", as: Int64?.self) else { return false }
            return until > now.epochMillis
        }
    }

    /// Counts one failure. The streak behind the address rule restarts after `addressBlock`
    /// without failures; the total behind the account rule after `accountWindow`.
    func record(username: String, client: String, now: Date) async throws -> Outcome {
        let name = Self.key(username)
        let ms = now.epochMillis
        let streakFrom = ms - Int64(rules.addressBlock * 1000)
        let windowFrom = ms - Int64(rules.accountWindow * 1000)
        let rules = self.rules
        return try await database.write { db in
            try await db.raw("""
                DELETE FROM login_failures WHERE last_at < \(bind: windowFrom) AND (blocked_until IS NULL OR blocked_until < \(bind: ms))
                """).run()
            try await db.raw("""
                INSERT INTO login_failures (username, client, streak, total, last_at)
                VALUES (\(bind: name), \(bind: client), 0, 0, \(bind: ms)) ON CONFLICT (username, client) DO NOTHING
                """).run()
            let row = try await db.raw("""
                UPDATE login_failures SET
                    streak = CASE WHEN last_at < \(bind: streakFrom) THEN 1 ELSE streak + 1 END,
                    total = CASE WHEN last_at < \(bind: windowFrom) THEN 1 ELSE total + 1 END,
                    last_at = \(bind: ms)
                WHERE username = \(bind: name) AND client = \(bind: client) RETURNING streak
                """).first()
            let streak = try row?.decode(column: "streak", as: Int.self) ?? 1
            let account = try await db.raw("""
                SELECT COALESCE(SUM(total), 0) AS failures, COUNT(*) AS addresses FROM login_failures
                WHERE username = \(bind: name) AND last_at >= \(bind: windowFrom)
                """).first()
            let failures = try account?.decode(column: "failures", as: Int.self) ?? 0
            let addresses = try account?.decode(column: "addresses", as: Int.self) ?? 0
            if failures >= rules.accountFailures && addresses >= rules.accountAddresses {
                try await db.raw("DELETE FROM login_failures WHERE username = \(bind: name)").run()
                return .lockAccount
            }
            if streak >= rules.perAddress {
                let until = ms + Int64(rules.addressBlock * 1000)
                try await db.raw("""
                    UPDATE login_failures SET blocked_until = \(bind: until), streak = 0
                    WHERE username = \(bind: name) AND client = \(bind: client)
                    """).run()
                return .addressBlocked
            }
            return .counted
        }
    }

    /// A good password from this address wipes its record for this name (not other addresses').
    func clear(username: String, client: String) async throws {
        let name = Self.key(username)
        try await database.write { db in
            try await db.raw("DELETE FROM login_failures WHERE username = \(bind: name) AND client = \(bind: client)").run()
        }
    }
}
