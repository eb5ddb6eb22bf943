import PinganStorage

/// The governance part's tables. `grids` keeps every version of a node: re-gridding closes
/// the old row (`valid_to`) and opens a new one, so statistics of a past month still add up
/// to the grids that existed then.
public enum GovernanceSchema {
    public static let migrations: [Migration] = [
        Migration(id: "0200_governance_grids") { d in [
            """
            CREATE TABLE grids (
                layer TEXT NOT NULL,
                code TEXT NOT NULL,
                valid_from BIGINT NOT NULL,
                valid_to BIGINT,
                name TEXT NOT NULL,
                level INTEGER NOT NULL,
                parent_code TEXT,
                path \(d.binaryText) NOT NULL,
                min_lat BIGINT NOT NULL,
                min_lng BIGINT NOT NULL,
                max_lat BIGINT NOT NULL,
                max_lng BIGINT NOT NULL,
                label_lat BIGINT NOT NULL,
                label_lng BIGINT NOT NULL,
                boundary TEXT NOT NULL,
                PRIMARY KEY (layer, code, valid_from)
            )
            """,
            "CREATE INDEX IF NOT EXISTS grids_current_path ON grids (layer, path) WHERE valid_to IS NULL",
            "CREATE INDEX IF NOT EXISTS grids_parent ON grids (layer, parent_code, valid_to)",
            "CREATE INDEX IF NOT EXISTS grids_level ON grids (layer, level, valid_to)",
            """
            CREATE TABLE grid_workers (
                layer TEXT NOT NULL,
                grid_code TEXT NOT NULL,
                grid_path \(d.binaryText) NOT NULL,
                username TEXT NOT NULL,
                display_name TEXT NOT NULL,
                valid_from BIGINT NOT NULL,
                valid_to BIGINT
            )
            """,
            "CREATE INDEX IF NOT EXISTS grid_workers_path ON grid_workers (layer, grid_path)",
        ] },
    ]
}
