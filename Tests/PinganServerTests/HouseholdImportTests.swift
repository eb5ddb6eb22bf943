import Foundation
import PinganKernel
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// Household imports through the API on both engines, in the police register's shape (one row
/// per member): heads and members must be known, the register decides membership, a bad row
/// keeps its household out, and the same file twice changes nothing.
@Suite(.storeTestLimit) struct HouseholdImportTests {
    static func q(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    static func id(_ seq: Int) -> String {
        ResidentID.make(division: "430221", year: 1975 + seq % 20, month: 1 + seq % 12, day: 1 + seq % 28, sequence: 300 + seq).value
    }

    /// Five new people (a–e) and a numbered house in the first unit grid, imported the ordinary way.
    static func setUp(_ app: TestApp, _ token: String) async throws -> (grid: String, ids: [String]) {
        let grid = try await app.services.database.read { db in
            try await db.raw("SELECT code FROM grids WHERE level = 5 AND layer = 'governance' ORDER BY code LIMIT 1").first()!.decode(column: "code", as: String.self)
        }
        let ids = (1...5).map(Self.id)
        let names = ["户甲", "户乙", "户丙", "户丁", "户戊"]
        let people = "姓名,公民身份号码,网格编码\n" + zip(names, ids).map { "\($0),\($1),\(grid)\n" }.joined()
        let p = try app.json(try await app.sendImport("/api/v1/imports?kind=people&dryRun=false&source=\(q("公安户籍"))", token: token, body: Data(people.utf8)))
        #expect(p["imported"] == 5)
        let h = try app.json(try await app.sendImport("/api/v1/imports?kind=houses&dryRun=false", token: token,
                                                       body: Data("房屋编号,房屋地址,网格编码\nHH-HOUSE-1,户籍路1号,\(grid)\n".utf8)))
        #expect(h["imported"] == 1)
        return (grid, ids)
    }

    static func post(_ app: TestApp, _ token: String, _ query: String, _ body: Data) async throws -> JSONValue {
        try app.json(try await app.sendImport("/api/v1/imports?kind=households&" + query, token: token, body: body))
    }

    static func person(_ app: TestApp, _ number: String) async throws -> (id: String, household: String?, relation: String?, house: String?, address: String?) {
        try await app.services.database.read { db in
            let r = try await db.raw("SELECT id, household_id, relation, house_id, address FROM people WHERE doc_number = \(bind: number)").first()!
            return (try r.decode(column: "id", as: String.self), try r.decode(column: "household_id", as: String?.self),
                    try r.decode(column: "relation", as: String?.self), try r.decode(column: "house_id", as: String?.self),
                    try r.decode(column: "address", as: String?.self))
        }
    }

    static func count(_ app: TestApp, _ sql: SQLQueryString) async throws -> Int {
        try await app.services.database.read { db in try await db.raw(sql).first()!.decode(column: "n", as: Int.self) }
    }

    @Test(arguments: TestEngines.all)
    func householdsJoinKnownPeopleDryRunFirstAndIdempotently(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (grid, ids) = try await Self.setUp(app, t)
            let csv = """
                户号,公民身份号码,与户主关系,房屋编号,网格编码
                430221990001,\(ids[0]),户主,HH-HOUSE-1,\(grid)
                430221990001,\(ids[1]),配偶,,
                430221990001,\(ids[2]),子,,

                """
            let dry = try await Self.post(app, t, "dryRun=true&source=\(Self.q("公安户籍"))", Data(csv.utf8))
            #expect(dry["imported"] == 1 && dry["rows"] == 3 && dry["rejected"] == 0 && dry["applied"] == false)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM households WHERE number = '430221990001'") == 0)
            #expect(try await Self.person(app, ids[1]).household == nil)

            let applied = try await Self.post(app, t, "dryRun=false&source=\(Self.q("公安户籍"))", Data(csv.utf8))
            #expect(applied["imported"] == 1 && applied["applied"] == true)
            let head = try await Self.person(app, ids[0])
            let householdID = try #require(head.household)
            let page = try app.json(try await app.get("/api/v1/households/\(householdID)", token: t))
            #expect(page["number"]?.stringValue == "430221990001" && page["head"]?["id"]?.stringValue == head.id)
            #expect(page["house"]?["address"]?.stringValue == "户籍路1号")
            guard case .array(let members)? = page["members"] else { Issue.record("no members"); return }
            #expect(Set(members.compactMap { $0["relationToHead"]?.stringValue }) == ["户主", "配偶", "子"])
            // Members now live in the household's house; the person page shows the household.
            let spouse = try await Self.person(app, ids[1])
            #expect(spouse.household == householdID && spouse.relation == "配偶" && spouse.house == head.house && spouse.address == "户籍路1号")
            let spousePage = try app.json(try await app.get("/api/v1/people/\(spouse.id)", token: t))
            #expect(spousePage["household"]?["number"]?.stringValue == "430221990001")
            // The household is found by its head's name.
            let found = try app.json(try await app.get("/api/v1/search?q=\(Self.q("户甲"))", token: t))
            #expect(BaseDataTests.items(found, kind: "household").contains { $0["id"]?.stringValue == householdID })

            let versions = try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions")
            let again = try await Self.post(app, t, "dryRun=false&source=\(Self.q("公安户籍"))", Data(csv.utf8))
            #expect(again["imported"] == 0 && again["updated"] == 0 && again["unchanged"] == 1)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions") == versions)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM households WHERE number = '430221990001'") == 1)
        }
    }

    @Test(arguments: TestEngines.all)
    func anUnknownMemberKeepsItsHouseholdOutAndTheFileUnlessKeepValid(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (grid, ids) = try await Self.setUp(app, t)
            let stranger = Self.id(17)
            let csv = """
                户号,公民身份号码,与户主关系,网格编码
                430221990002,\(ids[0]),户主,\(grid)
                430221990002,\(stranger),子,\(grid)
                430221990003,\(ids[3]),户主,\(grid)
                430221990003,\(ids[4]),女,\(grid)
                430221990004,\(ids[1]),配偶,\(grid)

                """
            let dry = try await Self.post(app, t, "dryRun=true", Data(csv.utf8))
            #expect(dry["imported"] == 1 && dry["rejected"] == 3)
            guard case .array(let conflicts)? = dry["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(conflicts.contains { $0["row"] == 3 && $0["message"]?.stringValue?.contains("尚未登记") == true })
            // The unknown person's household mate is kept out too, and told why.
            #expect(conflicts.contains { $0["row"] == 2 && $0["message"]?.stringValue?.contains("整户未导入") == true })
            // A household without a head is refused with its own message.
            #expect(conflicts.contains { $0["row"] == 6 && $0["message"]?.stringValue?.contains("未指明户主") == true })
            // The masked number only: the message never repeats a full ID.
            let messages = conflicts.compactMap { $0["message"]?.stringValue }.joined(separator: "\n")
            #expect(!messages.contains(stranger))
            let refused = try await Self.post(app, t, "dryRun=false", Data(csv.utf8))
            #expect(refused["applied"] == false)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM households WHERE number LIKE '43022199000%'") == 0)
            // A head's ID with a wrong check character is refused by row, field and value, in Chinese.
            let checks = Array("10X98765432")
            let badHead = String(ids[3].dropLast()) + String(checks[(checks.firstIndex(of: ids[3].last!)! + 1) % checks.count])
            let typo = try await Self.post(app, t, "dryRun=true", Data("户号,户主身份证号,网格编码\n430221990009,\(badHead),\(grid)\n".utf8))
            guard case .array(let typoConflicts)? = typo["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(typo["rejected"] == 1 && typo["imported"] == 0)
            #expect(typoConflicts.contains { $0["row"] == 2 && $0["field"]?.stringValue == "headResidentId" && $0["value"]?.stringValue == Masking.documentNumber(badHead)
                && $0["message"]?.stringValue?.contains("校验位") == true })
            let kept = try await Self.post(app, t, "dryRun=false&keepValid=true", Data(csv.utf8))
            #expect(kept["applied"] == true && kept["imported"] == 1)
            #expect(try await Self.person(app, ids[4]).relation == "女")
            #expect(try await Self.person(app, ids[0]).household == nil)
        }
    }

    @Test(arguments: TestEngines.all)
    func theRegisterDecidesMembershipOthersConflictsAreKeptAside(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (grid, ids) = try await Self.setUp(app, t)
            let first = "户号,公民身份号码,与户主关系,网格编码\n430221990005,\(ids[0]),户主,\(grid)\n430221990005,\(ids[2]),子,\(grid)\n"
            #expect(try await Self.post(app, t, "dryRun=false&source=\(Self.q("公安户籍"))", Data(first.utf8))["imported"] == 1)
            let original = try #require(try await Self.person(app, ids[2]).household)
            // Civil affairs put the son in another household: kept aside; he stays where the register put him.
            let move = "户号,公民身份号码,与户主关系,网格编码\n430221990006,\(ids[3]),户主,\(grid)\n430221990006,\(ids[2]),子,\(grid)\n"
            let other = try await Self.post(app, t, "dryRun=false&source=\(Self.q("民政局"))", Data(move.utf8))
            #expect(other["imported"] == 1)
            guard case .array(let conflicts)? = other["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(conflicts.contains { $0["row"] == 3 && $0["field"]?.stringValue == "householdNumber" && $0["value"]?.stringValue == "430221990006" })
            let son = try await Self.person(app, ids[2])
            #expect(son.household == original)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_conflicts WHERE kind = 'person' AND record_id = \(bind: son.id) AND source = '民政局'") == 1)
            // Civil affairs also name another head for the first household: a conflict on the head, not a change.
            let head = try await Self.post(app, t, "dryRun=false&source=\(Self.q("民政局"))",
                                           Data("户号,户主身份证号,网格编码\n430221990005,\(ids[4]),\(grid)\n".utf8))
            #expect(head["updated"] == 0 && head["conflicts"]?.canonical.contains("\"head\"") == true)
            // The register moves him; the household he left and the one he joined are both right afterwards.
            let registered = try await Self.post(app, t, "dryRun=false&source=\(Self.q("公安户籍"))", Data(move.utf8))
            #expect(registered["updated"] == 1)
            let moved = try await Self.person(app, ids[2])
            #expect(moved.household != original && moved.household != nil)
            let versions = try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions WHERE kind = 'person' AND record_id = \(bind: son.id)")
            #expect(versions == 3)   // imported, joined, moved
        }
    }

    @Test(arguments: TestEngines.all)
    func gb18030AndXLSXHouseholdFilesImport(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (grid, ids) = try await Self.setUp(app, t)
            let text = "户号,户主公民身份号码,房屋地址,网格编码\n430221990007,\(ids[0]),户籍路1号,\(grid)\n"
            let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
            let report = try await Self.post(app, t, "dryRun=false", gb)
            #expect(report["encoding"]?.stringValue == "GB18030" && report["imported"] == 1)
            let workbook = WorkbookFixture.xlsx([["户号", "身份证号", "与户主关系", "网格编码"], ["430221990008", ids[3], "本人", grid], ["430221990008", ids[4], "配偶", grid]])
            let fromXLSX = try await Self.post(app, t, "dryRun=false", workbook)
            #expect(fromXLSX["encoding"]?.stringValue == "xlsx" && fromXLSX["imported"] == 1 && fromXLSX["rows"] == 2)
            let head = try await Self.person(app, ids[0])
            #expect(head.household != nil && head.address == "户籍路1号")
            #expect(try await Self.person(app, ids[3]).relation == "户主")
            #expect(try await Self.person(app, ids[4]).household == (try await Self.person(app, ids[3])).household)
        }
    }
}
