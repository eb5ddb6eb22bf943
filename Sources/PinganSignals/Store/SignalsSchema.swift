import PinganStorage

/// Tables of the signals part. Intersections carry their unit grid's code and path, so scope is a
/// prefix test on their own table. Plans are versioned (`valid_from` / `valid_to`): the current plan of an
/// intersection and period is the row without `valid_to`, and every earlier one stays as history.
/// Approach geometry, phases, proposals and evaluations are JSON text: nothing queries inside them.
public enum SignalsSchema {
    public static let migrations: [Migration] = [
        Migration(id: "0500_signals") { d in [
            """
            CREATE TABLE signal_intersections (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, lat7 BIGINT NOT NULL, lng7 BIGINT NOT NULL,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL,
                pedestrian_minimum_cross \(d.double) NOT NULL, pedestrian_minimum_along \(d.double) NOT NULL,
                approaches TEXT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS signal_intersections_path ON signal_intersections (grid_path)",
            """
            CREATE TABLE signal_volumes (
                intersection_id TEXT NOT NULL, day_period TEXT NOT NULL, movement_id TEXT NOT NULL, volume \(d.double) NOT NULL,
                PRIMARY KEY (intersection_id, day_period, movement_id)
            )
            """,
            """
            CREATE TABLE signal_arterials (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, ordinal INTEGER NOT NULL,
                distances TEXT NOT NULL, outbound_speeds TEXT NOT NULL, inbound_speeds TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE signal_arterial_nodes (
                arterial_id TEXT NOT NULL, ordinal INTEGER NOT NULL, intersection_id TEXT NOT NULL,
                outbound_approach TEXT NOT NULL, inbound_approach TEXT NOT NULL, PRIMARY KEY (arterial_id, ordinal)
            )
            """,
            "CREATE INDEX IF NOT EXISTS signal_arterial_nodes_intersection ON signal_arterial_nodes (intersection_id)",
            """
            CREATE TABLE signal_plans (
                intersection_id TEXT NOT NULL, day_period TEXT NOT NULL, version INTEGER NOT NULL,
                cycle \(d.double) NOT NULL, offset_s \(d.double) NOT NULL, phases TEXT NOT NULL,
                arterial_id TEXT, source TEXT NOT NULL, changed_by TEXT NOT NULL,
                valid_from BIGINT NOT NULL, valid_to BIGINT,
                PRIMARY KEY (intersection_id, day_period, version)
            )
            """,
            "CREATE INDEX IF NOT EXISTS signal_plans_current ON signal_plans (intersection_id, day_period) WHERE valid_to IS NULL",
            """
            CREATE TABLE signal_proposals (
                arterial_id TEXT NOT NULL, day_period TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,
                applied_at BIGINT, applied_by TEXT, body TEXT NOT NULL, PRIMARY KEY (arterial_id, day_period)
            )
            """,
            """
            CREATE TABLE signal_evaluations (
                id TEXT PRIMARY KEY, seq BIGINT NOT NULL, recorded_at BIGINT NOT NULL, recorded_by TEXT NOT NULL, body TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS signal_evaluations_seq ON signal_evaluations (seq)",
        ] },
        // One network proposal per period: every intersection timed together (NetworkOptimizer), applied as a whole.
        Migration(id: "0501_signal_network_proposals") { _ in [
            """
            CREATE TABLE signal_network_proposals (
                day_period TEXT PRIMARY KEY, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,
                applied_at BIGINT, applied_by TEXT, body TEXT NOT NULL
            )
            """,
        ] },
    ]
}
