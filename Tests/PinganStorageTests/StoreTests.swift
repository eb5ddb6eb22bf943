import Foundation
import Logging
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// The store suite: the same checks on SQLite and PostgreSQL.
@Suite(.storeTestLimit) struct StoreTests {
    @Test(arguments: TestEngines.all)
    func migrationsApplyOnceAndRecordEveryStep(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        let first = try await Migrator.migrate(db, PinganServices.migrations, logger: Logger(label: "t"))
        let second = try await Migrator.migrate(db, PinganServices.migrations, logger: Logger(label: "t"))
        #expect(first == PinganServices.migrations.map(\.id))
        #expect(second.isEmpty)
        #expect(try await Migrator.appliedIDs(db) == PinganServices.migrations.map(\.id).sorted())
        await db.close()
        await testDB.drop()
    }

    /// After a bulk load PostgreSQL has statistics to plan with at once (not a minute later, from
    /// autovacuum); a small write leaves them to autovacuum; on SQLite it is a no-op that does not fail.
    @Test(arguments: TestEngines.all)
    func bulkLoadsRefreshPlannerStatistics(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        try await db.write { sql in
            try await sql.raw("CREATE TABLE bulk_t (k BIGINT PRIMARY KEY, path TEXT NOT NULL)").run()
            for start in stride(from: 0, to: 2_000, by: 500) {
                var insert: SQLQueryString = "INSERT INTO bulk_t (k, path) VALUES "
                for k in start..<(start + 500) { insert += (k == start ? "" : ", ") + "(\(bind: k), \(bind: "/43/\(k % 7)/"))" }
                try await sql.raw(insert).run()
            }
        }
        func sampledColumns() async throws -> Int {
            try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM pg_stats WHERE tablename = 'bulk_t'").first()!.decode(column: "n", as: Int.self) }
        }
        try await db.refreshStatistics(["bulk_t"], changedRows: 10)
        if engine == .postgres { #expect(try await sampledColumns() == 0) }
        try await db.refreshStatistics(["bulk_t"], changedRows: 2_000)
        if engine == .postgres { #expect(try await sampledColumns() == 2) }
        await db.close()
        await testDB.drop()
    }

    @Test(arguments: TestEngines.all)
    func aFailedWriteLeavesNothingBehind(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        try await db.write { try await $0.raw("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)").run() }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.write { sql in
                try await sql.raw("INSERT INTO t (k, v) VALUES ('a', 1)").run()
                throw Boom()
            }
        }
        try await db.write { try await $0.raw("INSERT INTO t (k, v) VALUES ('b', 2)").run() }
        let keys = try await db.read { try await $0.raw("SELECT k FROM t ORDER BY k").all().map { try $0.decode(column: "k", as: String.self) } }
        #expect(keys == ["b"])
        await db.close()
        await testDB.drop()
    }

    @Test(arguments: TestEngines.all)
    func concurrentWritesAreSerialisedAndAllCommitted(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        try await db.write { try await $0.raw("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)").run() }
        try await db.write { try await $0.raw("INSERT INTO counter (id, n) VALUES (1, 0)").run() }
        // Read-modify-write in one transaction: lost updates would show as a smaller total.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await db.write { sql in
                        if engine == .postgres { try await sql.raw("SELECT n FROM counter WHERE id = 1 FOR UPDATE").run() }
                        let n = try await sql.raw("SELECT n FROM counter WHERE id = 1").first()!.decode(column: "n", as: Int64.self)
                        try await sql.raw("UPDATE counter SET n = \(bind: n + 1) WHERE id = 1").run()
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await db.read { try await $0.raw("SELECT n FROM counter WHERE id = 1").first()!.decode(column: "n", as: Int64.self) }
        #expect(total == 40)
        await db.close()
        await testDB.drop()
    }

    @Test(arguments: TestEngines.all)
    func committedDataIsThereAfterReopening(engine: DatabaseEngine) async throws {
        let testDB = try await TestDatabase.make(engine)
        let db = try await Database.open(testDB.url)
        try await db.write { try await $0.raw("CREATE TABLE kept (v TEXT NOT NULL)").run() }
        try await db.write { try await $0.raw("INSERT INTO kept (v) VALUES ('平安')").run() }
        await db.close()
        let again = try await Database.open(testDB.url)
        let v = try await again.read { try await $0.raw("SELECT v FROM kept").first()?.decode(column: "v", as: String.self) }
        #expect(v == "平安")
        await again.close()
        await testDB.drop()
    }

    @Test func databaseURLsParseAndBadOnesNameTheField() throws {
        #expect(try DatabaseURL.parse("sqlite://data/x.sqlite") == .sqlite(path: "data/x.sqlite"))
        guard case .postgres(let a) = try DatabaseURL.parse("postgres://u:p%40ss@db.local:6543/pingan?sslmode=require") else {
            Issue.record("not postgres"); return
        }
        #expect(a.host == "db.local" && a.port == 6543 && a.username == "u" && a.password == "p@ss" && a.database == "pingan" && a.requireTLS)
        for bad in ["mysql://x", "sqlite://", "postgres://host/", "data.sqlite"] {
            #expect(throws: Problem.self) { try DatabaseURL.parse(bad) }
        }
    }
}
