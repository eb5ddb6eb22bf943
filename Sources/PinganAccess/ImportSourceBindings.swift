import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// Which data source an account's imports speak for. A department's data comes in under the
/// department's name, and only the security administrator binds an account to one: a request
/// cannot claim to be 公安户籍 and so win the authority over names and IDs.
public struct ImportSourceBindings: Sendable {
    let database: Database
    let audit: AuditLog
    let clock: any PinganClock

    public init(database: Database, audit: AuditLog, clock: any PinganClock) {
        self.database = database
        self.audit = audit
        self.clock = clock
    }

    /// The source bound to the account, or nil (an operator's imports then carry their centre's name, with no authority).
    public func source(for identity: Identity) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT import_source FROM users WHERE id = \(bind: identity.userID)").first()?
                .decode(column: "import_source", as: String?.self)
        }
    }

    /// Binds (or, with nil, unbinds) `username`'s import source. Security administrator only; audited.
    public func bind(username: String, source: String?, by identity: Identity, client: String) async throws {
        try identity.require(.rolesManage)
        let cleaned = source.map { IdentifierText.normalize($0) }.flatMap { $0.isEmpty ? nil : $0 }
        if let cleaned, cleaned.count > 40 { throw Problem.invalid("source", "导入来源名称不超过 40 个字") }
        let changed = try await database.write { db in
            try await db.raw("UPDATE users SET import_source = \(bind: cleaned) WHERE username = \(bind: username) RETURNING id").all().count
        }
        guard changed == 1 else { throw Problem.notFound }
        try await audit.recordAndWait(AuditEntry(at: clock.now(), username: identity.username, action: "users.import-source",
                                                 target: "user:\(username)", client: client,
                                                 detail: ["source": cleaned.map(JSONValue.string) ?? .null]))
    }

    /// Binds sources without an acting administrator (the demo, `pingan user source`): username → source, nil unbinds.
    public func seed(_ sources: [String: String?]) async throws {
        try await database.write { db in
            for (username, source) in sources.sorted(by: { $0.key < $1.key }) {
                try await db.raw("UPDATE users SET import_source = \(bind: source) WHERE username = \(bind: username)").run()
            }
        }
    }
}
