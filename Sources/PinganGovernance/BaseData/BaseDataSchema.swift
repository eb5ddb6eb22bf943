import PinganStorage

/// Tables of the base data (人、地、事、物、组织). Every row carries its unit grid's code and
/// materialised path, so a scope check is a range test on the row's own table. `search_index`
/// holds one row per searchable record. SQLite indexes it with FTS5: trigrams of `body` for 3+
/// characters, whole tokens of `grams` (the body's character bigrams, unicode61) for two.
/// PostgreSQL keeps `tokens` instead of `grams`: the body's character pairs and triples as
/// integers (`SearchTokens`) under one GIN index. A single character scans the caller's subtree
/// with LIKE.
public enum BaseDataSchema {
    /// PostgreSQL's token index, as migration 0215 made it; a large import drops and rebuilds it
    /// (`BaseDataWriter.withDeferredSearchIndex`) with this same statement. Never edit: the
    /// migration's history is this text.
    static let searchTokensIndex =
        "CREATE INDEX IF NOT EXISTS search_index_tokens ON search_index USING gin (tokens) WITH (gin_pending_list_limit = 2048)"

    /// SQLite: new search rows enter both full-text indexes. Large imports drop it inside their
    /// transaction, index their rows in one pass, and create it again from this text.
    static let searchInsertTrigger = """
        CREATE TRIGGER search_index_ai AFTER INSERT ON search_index BEGIN
          INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body);
          INSERT INTO search_grams(rowid, grams) VALUES (new.rowid, new.grams); END
        """

    /// SQLite: the triggers that keep both full-text indexes in step with `search_index`.
    static let searchTriggers = [
        searchInsertTrigger,
        """
        CREATE TRIGGER search_index_ad AFTER DELETE ON search_index BEGIN
          INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
          INSERT INTO search_grams(search_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams); END
        """,
        """
        CREATE TRIGGER search_index_au AFTER UPDATE ON search_index BEGIN
          INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
          INSERT INTO search_grams(search_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams);
          INSERT INTO search_fts(rowid, body) VALUES (new.rowid, new.body);
          INSERT INTO search_grams(rowid, grams) VALUES (new.rowid, new.grams); END
        """,
    ]

    public static let migrations: [Migration] = [
        Migration(id: "0210_basedata_records") { d in [
            """
            CREATE TABLE houses (
                id TEXT PRIMARY KEY, address TEXT NOT NULL, lat7 BIGINT NOT NULL, lng7 BIGINT NOT NULL, use TEXT NOT NULL,
                owner_name TEXT, owner_person_id TEXT, floors INTEGER,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS houses_path ON houses (grid_path)",
            """
            CREATE TABLE households (
                id TEXT PRIMARY KEY, number TEXT, head_person_id TEXT, house_id TEXT,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS households_path ON households (grid_path)",
            "CREATE INDEX IF NOT EXISTS households_house ON households (house_id)",
            """
            CREATE TABLE people (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, doc_type TEXT NOT NULL, doc_number TEXT, sex TEXT, birth_date TEXT,
                phone TEXT, residency TEXT NOT NULL, away_place TEXT, away_reason TEXT, address TEXT,
                household_id TEXT, relation TEXT, house_id TEXT, workplace_id TEXT,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL, version INTEGER NOT NULL DEFAULT 1
            )
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS people_document ON people (doc_type, doc_number)",
            "CREATE INDEX IF NOT EXISTS people_path ON people (grid_path, residency)",
            "CREATE INDEX IF NOT EXISTS people_household ON people (household_id)",
            "CREATE INDEX IF NOT EXISTS people_house ON people (house_id)",
            "CREATE INDEX IF NOT EXISTS people_workplace ON people (workplace_id)",
            """
            CREATE TABLE organisations (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, credit_code TEXT, kind TEXT NOT NULL, legal_representative TEXT,
                phone TEXT, address TEXT NOT NULL, house_id TEXT, lat7 BIGINT NOT NULL, lng7 BIGINT NOT NULL,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS organisations_credit ON organisations (credit_code)",
            "CREATE INDEX IF NOT EXISTS organisations_path ON organisations (grid_path)",
            "CREATE INDEX IF NOT EXISTS organisations_house ON organisations (house_id)",
            """
            CREATE TABLE places (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, lat7 BIGINT NOT NULL, lng7 BIGINT NOT NULL,
                grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS places_path ON places (grid_path)",
            """
            CREATE TABLE person_tags (
                id TEXT PRIMARY KEY, person_id TEXT NOT NULL, grp TEXT NOT NULL, risk TEXT NOT NULL, worker TEXT,
                valid_from BIGINT NOT NULL, valid_to BIGINT, grid_code TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS person_tags_person ON person_tags (person_id)",
            "CREATE INDEX IF NOT EXISTS person_tags_path ON person_tags (grid_path, grp)",
            """
            CREATE TABLE visits (
                id TEXT PRIMARY KEY, tag_id TEXT NOT NULL, person_id TEXT NOT NULL, due_at BIGINT NOT NULL, done_at BIGINT,
                worker TEXT, note TEXT, grid_path \(d.binaryText) NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS visits_tag ON visits (tag_id, due_at)",
            "CREATE INDEX IF NOT EXISTS visits_open ON visits (grid_path, due_at) WHERE done_at IS NULL",
            """
            CREATE TABLE record_versions (
                kind TEXT NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL, source TEXT NOT NULL,
                import_id TEXT, at BIGINT NOT NULL, fields TEXT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS record_versions_record ON record_versions (kind, record_id)",
            """
            CREATE TABLE record_conflicts (
                kind TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,
                import_id TEXT, at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS record_conflicts_record ON record_conflicts (kind, record_id)",
        ] },
        Migration(id: "0211_basedata_search") { d in
            var statements = [
                """
                CREATE TABLE search_index (
                    kind TEXT NOT NULL, id TEXT NOT NULL, grid_path \(d.binaryText) NOT NULL, title TEXT NOT NULL,
                    subtitle TEXT NOT NULL, body TEXT NOT NULL, grams TEXT NOT NULL, PRIMARY KEY (kind, id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS search_index_path ON search_index (grid_path)",
            ]
            if d.engine == .sqlite {
                statements += [
                    "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_index', tokenize='trigram')",
                    // Two-character queries (most given names, many place words) match whole bigram tokens.
                    "CREATE VIRTUAL TABLE search_grams USING fts5(grams, content='search_index', tokenize='unicode61')",
                ] + searchTriggers
            } else {
                statements += [
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX IF NOT EXISTS search_index_trgm ON search_index USING gin (body gin_trgm_ops)",
                    "CREATE INDEX IF NOT EXISTS search_index_grams ON search_index USING gin (to_tsvector('simple', grams))",
                ]
            }
            return statements
        },
        // Leaner full-text indexes on SQLite, same matches: no per-document size rows (nothing ranks
        // by length), the bigram index without positions (its queries are single tokens), and a
        // 16 MB pending-terms buffer so a large import flushes a few big segments, not hundreds.
        Migration(id: "0212_basedata_search_lean") { d in
            guard d.engine == .sqlite else { return [] }
            return [
                "DROP TRIGGER search_index_ai", "DROP TRIGGER search_index_ad", "DROP TRIGGER search_index_au",
                "DROP TABLE search_fts", "DROP TABLE search_grams",
                "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_index', tokenize='trigram', columnsize=0)",
                "CREATE VIRTUAL TABLE search_grams USING fts5(grams, content='search_index', tokenize='unicode61', detail='none', columnsize=0)",
                "INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', 16777216)",
                "INSERT INTO search_grams(search_grams, rank) VALUES ('hashsize', 16777216)",
                "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
                "INSERT INTO search_grams(search_grams) VALUES ('rebuild')",
            ] + searchTriggers
        },
        // House and household imports: a house's register number is its identity when given, and
        // both are found by number.
        Migration(id: "0213_basedata_import_numbers") { _ in [
            "ALTER TABLE houses ADD COLUMN number TEXT",
            "CREATE INDEX IF NOT EXISTS houses_number ON houses (number)",
            "CREATE INDEX IF NOT EXISTS households_number ON households (number)",
        ] },
        // PostgreSQL: one GIN index over integer pairs and triples (`SearchTokens`) in place of
        // pg_trgm on `body` and a tsvector on `grams`. An import filed every search row in both;
        // now it files it once, and the server neither parses a tsvector nor compares text keys.
        Migration(id: "0214_basedata_search_tokens", statements: { d in
            d.engine == .postgres ? ["ALTER TABLE search_index ADD COLUMN tokens BIGINT[] NOT NULL DEFAULT '{}'"] : []
        }, data: { db, d in
            if d.engine == .postgres { try await BaseDataWriter.fillSearchTokens(on: db) }
        }),
        Migration(id: "0215_basedata_search_tokens_index") { d in
            guard d.engine == .postgres else { return [] }
            return [
                "DROP INDEX IF EXISTS search_index_trgm", "DROP INDEX IF EXISTS search_index_grams",
                "ALTER TABLE search_index DROP COLUMN grams",
                // Every writer gives the tokens: a row without them would never be found.
                "ALTER TABLE search_index ALTER COLUMN tokens DROP DEFAULT",
                // Every search reads the whole pending list of not yet merged entries: 2 MB at most (half the default)
                // keeps that under a millisecond, and a COPY of 300,000 rows was no slower than with 64 MB (512 kB: 20 %).
                searchTokensIndex,
            ]
        },
        // PostgreSQL: tokens file Latin capitals as small letters (`SearchTokens`), so a credit code
        // is found however it is typed; rows with capitals get their tokens again.
        Migration(id: "0216_basedata_search_tokens_fold_case", statements: { _ in [] }, data: { db, d in
            if d.engine == .postgres { try await BaseDataWriter.fillSearchTokens(on: db, latinCapitalsOnly: true) }
        }),
        // An imported row whose identity belongs to a record outside the importer's scope: kept
        // here, unwritten, for the lowest centre whose scope covers both (`decider_path`).
        Migration(id: "0217_basedata_import_merges") { d in [
            """
            CREATE TABLE import_merges (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                record_id TEXT NOT NULL,
                record_path \(d.binaryText) NOT NULL,
                incoming_path \(d.binaryText) NOT NULL,
                decider_path \(d.binaryText) NOT NULL,
                fields TEXT NOT NULL,
                source TEXT NOT NULL,
                source_bound INTEGER NOT NULL,
                import_id TEXT NOT NULL,
                importer TEXT NOT NULL,
                row_number INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                status TEXT NOT NULL,
                decided_by TEXT,
                decided_at BIGINT,
                decision_import_id TEXT
            )
            """,
            "CREATE INDEX IF NOT EXISTS import_merges_decider ON import_merges (status, decider_path)",
        ] },
    ]
}
