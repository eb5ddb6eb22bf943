import Foundation

/// Short-lived, single-use tickets that open the live event stream. A browser's EventSource
/// cannot send an Authorization header, and a session token in a URL lands in access logs,
/// proxy logs and history; a ticket there is worth nothing a minute later or once used.
/// Kept in memory, hashed (one server; a restart only makes clients fetch a new one).
public actor StreamTickets {
    struct Held {
        var sessionHash: String
        var userID: String
        var expires: Date
    }

    private var held: [String: Held] = [:]

    public init() {}

    /// A new ticket for the session whose token hashes to `sessionHash`.
    func issue(sessionHash: String, userID: String, now: Date, lifetime: TimeInterval) -> (ticket: String, expires: Date) {
        held = held.filter { $0.value.expires > now }
        let ticket = SessionService.newToken()
        let expires = now.addingTimeInterval(lifetime)
        held[SessionService.hash(ticket)] = Held(sessionHash: sessionHash, userID: userID, expires: expires)
        return (ticket, expires)
    }

    /// Consumes a ticket: the session it was issued for, or nil (unknown, used or expired).
    func redeem(_ ticket: String, now: Date) -> Held? {
        guard let found = held.removeValue(forKey: SessionService.hash(ticket)), found.expires > now else { return nil }
        return found
    }
}
