import PinganStorage

/// Tables of grid events and mediation. An event stores the code and materialised path of the
/// unit grid it was reported in (as of that moment), so scope is a range test on `events`
/// itself. The summary columns of `events` (stage, deadline, counts, closing time) are what the
/// workflow derives from `event_history`; KPIs read them, and a test recomputes them from history.
public enum CasesSchema {
    public static let migrations: [Migration] = [
        Migration(id: "0300_cases_reference") { _ in [
            "CREATE TABLE departments (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
            """
            CREATE TABLE event_categories (
                code TEXT PRIMARY KEY, name TEXT NOT NULL, grp TEXT NOT NULL, department_code TEXT NOT NULL,
                public INTEGER NOT NULL, normal_limit INTEGER NOT NULL, urgent_limit INTEGER NOT NULL, description TEXT NOT NULL
            )
            """,
            // One row per day that differs from the weekly rule: a weekday off or a weekend working day (调休).
            "CREATE TABLE working_days (day TEXT PRIMARY KEY, kind TEXT NOT NULL)",
            "CREATE TABLE case_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE case_counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)",
        ] },
        Migration(id: "0310_events") { d in [
            """
            CREATE TABLE events (
                id TEXT PRIMARY KEY, category_code TEXT NOT NULL, severity TEXT NOT NULL, stage TEXT NOT NULL, channel TEXT NOT NULL,
                description TEXT NOT NULL, address TEXT, lat7 BIGINT NOT NULL, lng7 BIGINT NOT NULL,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL,
                reporter_username TEXT, reporter_name TEXT, reporter_phone TEXT,
                reported_at BIGINT NOT NULL, registered_at BIGINT, dispatched_at BIGINT, department_code TEXT,
                limit_minutes INTEGER NOT NULL, deadline_at BIGINT, warned_at BIGINT, escalation_level INTEGER NOT NULL DEFAULT 0,
                extension_count INTEGER NOT NULL DEFAULT 0, extension_minutes INTEGER, extension_reason TEXT,
                rework_count INTEGER NOT NULL DEFAULT 0, send_back_count INTEGER NOT NULL DEFAULT 0,
                verified_at BIGINT, closed_at BIGINT, closed_on_time INTEGER, cancelled_at BIGINT, duplicate_of TEXT,
                public_note TEXT, history_count INTEGER NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL, open311_token TEXT
            )
            """,
            "CREATE INDEX IF NOT EXISTS events_path_reported ON events (grid_path, reported_at)",
            "CREATE INDEX IF NOT EXISTS events_reported ON events (reported_at)",
            "CREATE INDEX IF NOT EXISTS events_stage_deadline ON events (stage, deadline_at)",
            "CREATE INDEX IF NOT EXISTS events_department ON events (department_code, stage)",
            "CREATE INDEX IF NOT EXISTS events_reporter ON events (reporter_username, stage)",
            "CREATE INDEX IF NOT EXISTS events_category_reported ON events (category_code, reported_at)",
            "CREATE UNIQUE INDEX IF NOT EXISTS events_token ON events (open311_token)",
            """
            CREATE TABLE event_history (
                event_id TEXT NOT NULL, seq INTEGER NOT NULL, at BIGINT NOT NULL, action TEXT NOT NULL,
                actor_username TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL,
                from_stage TEXT, to_stage TEXT NOT NULL, note TEXT, detail TEXT, public INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, seq)
            )
            """,
            """
            CREATE TABLE event_photos (
                id TEXT PRIMARY KEY, event_id TEXT NOT NULL, seq INTEGER NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
                size INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, file TEXT NOT NULL, created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS event_photos_event ON event_photos (event_id, seq)",
            """
            CREATE TABLE idempotency_keys (
                username TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (username, key)
            )
            """,
        ] },
        Migration(id: "0320_mediation") { d in [
            """
            CREATE TABLE mediation_cases (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL, status TEXT NOT NULL,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL, committee TEXT NOT NULL, event_id TEXT,
                opened_at BIGINT NOT NULL, closed_at BIGINT, agreed INTEGER, agreement_text TEXT, amount_cents BIGINT,
                fulfil_deadline TEXT, fulfilment TEXT, fulfilled_at BIGINT, fulfilment_note TEXT, created_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS mediation_path ON mediation_cases (grid_path, opened_at)",
            "CREATE INDEX IF NOT EXISTS mediation_event ON mediation_cases (event_id)",
            """
            CREATE TABLE mediation_parties (
                case_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, phone TEXT,
                PRIMARY KEY (case_id, seq)
            )
            """,
            """
            CREATE TABLE mediation_mediators (
                case_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (case_id, seq)
            )
            """,
            """
            CREATE TABLE mediation_sessions (
                case_id TEXT NOT NULL, seq INTEGER NOT NULL, at BIGINT NOT NULL, mediators TEXT NOT NULL, notes TEXT NOT NULL,
                recorded_by TEXT NOT NULL, PRIMARY KEY (case_id, seq)
            )
            """,
        ] },
        // Keys of Open311 clients (apps, kiosks): only their SHA-256 is stored.
        Migration(id: "0330_open311_keys") { _ in [
            "CREATE TABLE open311_keys (key_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)",
        ] },
        // The inbox at ten years of events: stage counts per unit grid kept beside the events (a subtree's
        // counts are a sum over a few hundred rows, not a scan of every event), and one index that answers
        // "this subtree, this stage, newest or most urgent first" without touching the table.
        Migration(id: "0340_event_inbox") { d in [
            """
            CREATE TABLE event_stage_counts (
                grid_path \(d.binaryText) NOT NULL, stage TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (grid_path, stage)
            )
            """,
            "INSERT INTO event_stage_counts (grid_path, stage, n) SELECT grid_path, stage, COUNT(*) FROM events GROUP BY grid_path, stage",
            "CREATE INDEX events_inbox ON events (grid_path, stage, reported_at, deadline_at, id)",
        ] },
        // A stage-filtered page seeks stage and subtree together. Without it SQLite (no statistics)
        // seeks the stage alone on events_stage_deadline and reads ~97,000 closed rows for one page.
        Migration(id: "0350_event_inbox_stage") { _ in [
            "CREATE INDEX events_inbox_stage ON events (stage, grid_path, reported_at, deadline_at, id)",
        ] },
        // The same Idempotency-Key with a different body must be told apart from a retry.
        Migration(id: "0360_idempotency_request_hash") { _ in [
            "ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT",
        ] },
    ]
}
