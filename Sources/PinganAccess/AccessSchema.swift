import PinganStorage

/// The access part's tables: users, their scopes (with validity, since scope changes are
/// history too), sessions (token hashes only) and the append-only, hash-chained audit log.
public enum AccessSchema {
    public static let migrations: [Migration] = [
        Migration(id: "0100_access_users") { d in [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                department TEXT,
                password_hash TEXT NOT NULL,
                failed_logins INTEGER NOT NULL DEFAULT 0,
                locked_until BIGINT,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                password_changed_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE user_scopes (
                user_id TEXT NOT NULL REFERENCES users(id),
                layer TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                grid_path \(d.binaryText) NOT NULL,
                valid_from BIGINT NOT NULL,
                valid_to BIGINT
            )
            """,
            "CREATE INDEX IF NOT EXISTS user_scopes_user ON user_scopes (user_id, valid_to)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                revoked_at BIGINT,
                client TEXT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id)",
        ] },
        Migration(id: "0101_access_audit") { _ in [
            """
            CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY,
                at BIGINT NOT NULL,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL,
                client TEXT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log (username, seq)",
            "CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, seq)",
            "CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at)",
        ] },
        // Failed logins per (name, address): the per-address refusal and the account-wide lock
        // (see LoginFailures). Names that are no account are counted too, on purpose.
        Migration(id: "0102_access_login_failures") { _ in [
            """
            CREATE TABLE login_failures (
                username TEXT NOT NULL,
                client TEXT NOT NULL,
                streak INTEGER NOT NULL,
                total INTEGER NOT NULL,
                last_at BIGINT NOT NULL,
                blocked_until BIGINT,
                PRIMARY KEY (username, client)
            )
            """,
            "CREATE INDEX IF NOT EXISTS login_failures_last ON login_failures (last_at)",
        ] },
        // The source an account's imports carry (公安户籍, 住建局 …), bound by the security
        // administrator: never what the request says.
        Migration(id: "0104_access_import_source") { _ in [
            "ALTER TABLE users ADD COLUMN import_source TEXT",
        ] },
        // Keyed chain (HMAC-SHA256). Entries written before keep `sha256` and verify as before, up
        // to the first keyed entry; after it an unkeyed entry is a forgery.
        Migration(id: "0105_access_audit_hash_kind") { _ in [
            "ALTER TABLE audit_log ADD COLUMN hash_kind TEXT NOT NULL DEFAULT 'sha256'",
        ] },
    ]
}
