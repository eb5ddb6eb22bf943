import Crypto
import Foundation
import PinganKernel

/// One thing that happened: who did what to which target, with what outcome, from where.
public struct AuditEntry: Sendable {
    public enum Outcome: String, Sendable, Codable { case ok, denied, failed }

    public var at: Date
    public var username: String
    public var action: String
    public var target: String
    public var outcome: Outcome
    public var client: String
    public var detail: JSONValue

    public init(at: Date, username: String, action: String, target: String, outcome: Outcome = .ok,
                client: String, detail: JSONValue = [:]) {
        self.at = at
        self.username = username
        self.action = action
        self.target = target
        self.outcome = outcome
        self.client = client
        self.detail = detail
    }
}

/// An entry as stored, with its place in the chain.
public struct StoredAuditEntry: Sendable, Codable, Equatable {
    public var seq: Int64
    public var at: Int64
    public var username: String
    public var action: String
    public var target: String
    public var outcome: String
    public var client: String
    public var detail: String
    public var prevHash: String
    public var hash: String
    /// How `hash` was made: `hmac-sha256` (keyed, current) or `sha256` (entries written before
    /// the chain was keyed; they verify as plain SHA-256 up to the first keyed entry).
    public var hashKind: String = HashKind.legacy

    public enum HashKind {
        public static let keyed = "hmac-sha256"
        public static let legacy = "sha256"
    }

    /// The canonical JSON of every field but the hash itself, so SQLite and PostgreSQL verify the same bytes.
    public static func canonicalBody(seq: Int64, at: Int64, username: String, action: String, target: String,
                                     outcome: String, client: String, detail: String, prevHash: String) -> String {
        let body: JSONValue = [
            "seq": .int(seq), "at": .int(at), "user": .string(username), "action": .string(action),
            "target": .string(target), "outcome": .string(outcome), "client": .string(client),
            "detail": .string(detail), "prev": .string(prevHash),
        ]
        return body.canonical
    }

    /// The legacy chain hash: plain SHA-256 over the canonical body (anyone can recompute it).
    public static func chainHash(seq: Int64, at: Int64, username: String, action: String, target: String,
                                 outcome: String, client: String, detail: String, prevHash: String) -> String {
        let body = canonicalBody(seq: seq, at: at, username: username, action: action, target: target, outcome: outcome,
                                 client: client, detail: detail, prevHash: prevHash)
        return Hex.string(SHA256.hash(data: Data(body.utf8)))
    }

    var canonicalBody: String {
        Self.canonicalBody(seq: seq, at: at, username: username, action: action, target: target, outcome: outcome,
                           client: client, detail: detail, prevHash: prevHash)
    }

    /// The legacy (unkeyed) hash of this entry.
    public var expectedHash: String { Hex.string(SHA256.hash(data: Data(canonicalBody.utf8))) }

    /// Whether `hash` is right for this entry's kind; a keyed entry needs the key.
    public func hashIsValid(key: AuditKey?) -> Bool {
        switch hashKind {
        case HashKind.legacy: return expectedHash == hash
        case HashKind.keyed: return key?.isValid(hash, for: canonicalBody) ?? false
        default: return false
        }
    }

    /// The hash the first entry points back to.
    public static let genesis = String(repeating: "0", count: 64)
}
