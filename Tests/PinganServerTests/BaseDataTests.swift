import Foundation
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// Base data through the API on both engines: search, masking, reveal, statistics that agree
/// with their lists, and people imports.
@Suite(.storeTestLimit) struct BaseDataTests {
    static func items(_ json: JSONValue, kind: String) -> [JSONValue] {
        guard case .array(let groups)? = json["groups"] else { return [] }
        for g in groups where g["kind"]?.stringValue == kind {
            if case .array(let items)? = g["items"] { return items }
        }
        return []
    }

    static func count(_ json: JSONValue, kind: String) -> Int64? {
        guard case .array(let groups)? = json["groups"] else { return nil }
        for g in groups where g["kind"]?.stringValue == kind { if case .int(let n)? = g["count"] { return n } }
        return nil
    }

    static func q(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)! }

    @Test(arguments: TestEngines.all)
    func aVillageNameFindsItsGridsHousesHouseholdsPeopleAndOrganisations(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (villageCode, villageName, expectedPeople) = try await app.services.database.read { db in
                let row = try await db.raw("""
                    SELECT g.code, g.name, (SELECT COUNT(*) FROM people p WHERE p.grid_path LIKE '%/' || g.code || '/%') AS n
                    FROM grids g WHERE g.level = 4 AND g.layer = 'governance' ORDER BY n DESC LIMIT 1
                    """).first()!
                return (try row.decode(column: "code", as: String.self), try row.decode(column: "name", as: String.self), try row.decode(column: "n", as: Int.self))
            }
            let result = try app.json(try await app.get("/api/v1/search?q=\(Self.q(villageName))", token: t))
            #expect(Self.items(result, kind: "grid").contains { $0["id"]?.stringValue == villageCode })
            // Every person living in the village is found by the village's name (the place names are indexed with each record).
            #expect(Self.count(result, kind: "person") ?? 0 >= Int64(expectedPeople))
            for kind in ["house", "household"] { #expect((Self.count(result, kind: kind) ?? 0) > 0, "\(kind)") }
            for item in Self.items(result, kind: "person") {
                #expect(item["residentId"]?.stringValue?.contains("*") ?? true)
                #expect(item["phone"]?.stringValue?.contains("*") ?? true)
            }
        }
    }

    @Test(arguments: TestEngines.all)
    func oneTwoAndThreeCharacterQueriesFindTheSamePeopleASubstringScanFinds(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let names = try await app.services.database.read { db in
                try await db.raw("SELECT name FROM people ORDER BY id LIMIT 40").all().map { try $0.decode(column: "name", as: String.self) }
            }
            var queries = Set<String>()
            for n in names {
                let c = Array(n)
                queries.insert(String(c[0]))
                if c.count >= 2 { queries.insert(String(c[(c.count - 2)...])) }
                if c.count >= 3 { queries.insert(n) }
            }
            for q in queries.sorted().prefix(24) {
                let expected = try await app.services.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM search_index WHERE kind = 'person' AND body LIKE \(bind: "%" + q + "%")").first()!.decode(column: "n", as: Int.self)
                }
                let result = try app.json(try await app.get("/api/v1/search?q=\(Self.q(q))", token: t))
                #expect(Self.count(result, kind: "person") == Int64(expected), "\(q)")
            }
        }
    }

    @Test(arguments: TestEngines.all)
    func personPagesMaskAndRevealNeedsAReasonAndIsAudited(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let (id, number) = try await app.services.database.read { db in
                let r = try await db.raw("SELECT id, doc_number FROM people WHERE doc_number IS NOT NULL AND household_id IS NOT NULL ORDER BY id LIMIT 1").first()!
                return (try r.decode(column: "id", as: String.self), try r.decode(column: "doc_number", as: String.self))
            }
            let page = try app.json(try await app.get("/api/v1/people/\(id)", token: t))
            #expect(page["residentId"]?.stringValue == Masking.residentId(number))
            #expect(page["household"]?["id"]?.stringValue != nil)
            let householdID = page["household"]!["id"]!.stringValue!
            let household = try await app.get("/api/v1/households/\(householdID)", token: t)
            #expect(household.status == 200)
            let noReason = try await app.client.send(.post, "/api/v1/people/\(id)/reveal", token: t, body: Data(#"{"reason":""}"#.utf8))
            #expect(noReason.status == 400)
            let revealed = try app.json(try await app.client.send(.post, "/api/v1/people/\(id)/reveal", token: t, body: Data(#"{"reason":"核对身份"}"#.utf8)))
            #expect(revealed["residentId"]?.stringValue == number)
            let entries = try await AuditReader(database: app.services.database).list(.init(username: "centre", limit: 20))
            #expect(entries.contains { $0.action == "people.reveal" && $0.target == "person:\(id)" && $0.detail.contains("核对身份") })
            #expect(entries.contains { $0.action == "people.open" && $0.target == "person:\(id)" })
            // The leader reads dashboards: no reveal.
            let leader = try await app.client.send(.post, "/api/v1/people/\(id)/reveal", token: try await app.login("leader"), body: Data(#"{"reason":"核对身份"}"#.utf8))
            #expect(leader.status == 403)
        }
    }

    @Test(arguments: TestEngines.all)
    func everyStatisticEqualsTheTotalOfTheListBehindIt(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let stats = try app.json(try await app.get("/api/v1/stats/population?grid=430212100", token: t))
            guard case .object(let totals)? = stats["totals"] else { Issue.record("no totals"); return }
            #expect(totals.count == 8)
            #expect(totals["registered"] != .int(0))
            for (metric, value) in totals {
                let list = try app.json(try await app.get("/api/v1/stats/records?grid=430212100&metric=\(metric)&limit=1", token: t))
                #expect(list["total"] == value, "\(metric)")
            }
            // A list request leaves one audit entry with the ids it returned.
            await app.services.audit.flush()
            let lists = try await AuditReader(database: app.services.database).list(.init(username: "centre", action: "stats.records", limit: 20))
            #expect(lists.count == totals.count)
            // Children add up to the node.
            guard case .array(let children)? = stats["children"] else { Issue.record("no children"); return }
            for (metric, value) in totals {
                let sum = children.reduce(Int64(0)) { acc, c in if case .int(let n)? = c["totals"]?[metric] { return acc + n } else { return acc } }
                #expect(.int(sum) == value, "\(metric)")
            }
            // The roster lists tags, one row each: its people are the 重点人员 statistic, its rows at least as many.
            let roster = try app.json(try await app.get("/api/v1/roster?grid=430212100&limit=1", token: t))
            #expect(roster["people"] == totals["specialGroups"])
            if case .int(let rows)? = roster["total"], case .int(let people)? = roster["people"] { #expect(rows >= people && people > 0) }
            else { Issue.record("roster without total or people: \(roster)") }
            // Without the special-groups permission, tags are neither shown nor counted.
            let leaderStats = try app.json(try await app.get("/api/v1/stats/population?grid=430212100", token: try await app.login("leader")))
            #expect(leaderStats["totals"]?["specialGroups"] == nil)
        }
    }

    static func validID(_ seq: Int) -> String {
        ResidentID.make(division: "430221", year: 1980, month: 1 + seq % 12, day: 1 + seq % 28, sequence: seq).value
    }

    @Test(arguments: TestEngines.all)
    func importsAreDryRunFirstIdempotentAndKeepConflictsBesideTheFirstValue(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grid = try await app.services.database.read { db in
                try await db.raw("SELECT code FROM grids WHERE level = 5 AND layer = 'governance' ORDER BY code LIMIT 1").first()!.decode(column: "code", as: String.self)
            }
            let a = Self.validID(11), b = Self.validID(12)
            let csv = "姓名,公民身份号码,联系电话,网格编码\n测试甲,\(a),13812345678,\(grid)\n测试乙,\(b),,\(grid)\n坏行,430221198001010000,,\(grid)\n"
            func post(_ query: String, _ body: String) async throws -> JSONValue {
                try app.json(try await app.sendImport("/api/v1/imports?kind=people&" + query, token: t, body: Data(body.utf8)))
            }
            // A bad row: the dry run reports it; a real run without keepValid writes nothing.
            let dry = try await post("dryRun=true&source=\(Self.q("公安户籍"))", csv)
            #expect(dry["imported"] == 2 && dry["rejected"] == 1)
            let refused = try await post("dryRun=false&source=\(Self.q("公安户籍"))", csv)
            #expect(refused["applied"] == false)
            let none = try await app.services.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM people WHERE doc_number = \(bind: a)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(none == 0)
            let kept = try await post("dryRun=false&keepValid=true&source=\(Self.q("公安户籍"))", csv)
            #expect(kept["imported"] == 2 && kept["applied"] == true)
            let again = try await post("dryRun=false&keepValid=true&source=\(Self.q("公安户籍"))", csv)
            #expect(again["imported"] == 0 && again["unchanged"] == 2)
            // Another department disagrees on a name: a conflict, stored beside the first value.
            let other = "姓名,公民身份号码,网格编码\n测试丙,\(a),\(grid)\n"
            let report = try await post("dryRun=false&source=\(Self.q("民政局"))", other)
            #expect(report["updated"] == 0)
            guard case .array(let conflicts)? = report["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(conflicts.first?["field"]?.stringValue == "name" && conflicts.first?["value"]?.stringValue == "测试丙")
            let id = try await app.services.database.read { db in
                try await db.raw("SELECT id, name FROM people WHERE doc_number = \(bind: a)").first()!.decode(column: "id", as: String.self)
            }
            let page = try app.json(try await app.get("/api/v1/people/\(id)", token: t))
            #expect(page["name"]?.stringValue == "测试甲")
            guard case .array(let stored)? = page["conflicts"], case .array(let provenance)? = page["provenance"] else { Issue.record("no page"); return }
            #expect(stored.contains { $0["value"]?.stringValue == "测试丙" && $0["source"]?.stringValue == "民政局" })
            #expect(provenance.first?["source"]?.stringValue == "公安户籍")
        }
    }

    @Test(arguments: TestEngines.all)
    func organisationImportsResolveByCreditCodeAndRespectTheRegulatorsAuthority(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grid = try await app.services.database.read { db in
                try await db.raw("SELECT code FROM grids WHERE level = 5 AND layer = 'governance' ORDER BY code LIMIT 1").first()!.decode(column: "code", as: String.self)
            }
            let code = try #require(CreditCode.make(first17: "91430212MA4L12345")).value
            // An empty source: the centre's own import, the authority for nothing.
            func post(_ source: String, _ csv: String, dryRun: Bool = false) async throws -> JSONValue {
                try app.json(try await app.sendImport("/api/v1/imports?kind=organisations&dryRun=\(dryRun)" + (source.isEmpty ? "" : "&source=\(Self.q(source))"),
                                                       token: t, body: Data(csv.utf8)))
            }
            let first = "单位名称,统一社会信用代码,法定代表人,网格编码\n渌口区测试机械有限公司,\(code),张三,\(grid)\n坏代码公司,91430212MA4L12340,李四,\(grid)\n"
            let dry = try await post("市场监管局", first, dryRun: true)
            #expect(dry["imported"] == 1 && dry["rejected"] == 1)
            let kept = try await app.sendImport("/api/v1/imports?kind=organisations&dryRun=false&keepValid=true&source=\(Self.q("市场监管局"))",
                                                 token: t, body: Data(first.utf8))
            #expect(try app.json(kept)["applied"] == true)
            let again = try await post("市场监管局", "单位名称,统一社会信用代码,法定代表人,网格编码\n渌口区测试机械有限公司,\(code),张三,\(grid)\n")
            #expect(again["unchanged"] == 1)
            let other = try await post("", "单位名称,统一社会信用代码,法定代表人,网格编码\n渌口区测试机械有限公司,\(code),王五,\(grid)\n")
            #expect(other["updated"] == 0 && other["conflicts"]?.canonical.contains("王五") == true)
            let regulator = try await post("市场监管局", "单位名称,统一社会信用代码,法定代表人,网格编码\n渌口区测试机械有限公司,\(code),赵六,\(grid)\n")
            #expect(regulator["updated"] == 1)
            let id = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM organisations WHERE credit_code = \(bind: code)").first()!.decode(column: "id", as: String.self)
            }
            let page = try app.json(try await app.get("/api/v1/organisations/\(id)", token: t))
            #expect(page["legalRepresentative"]?.stringValue == "赵六" && page["kind"]?.stringValue == "enterprise")
            let found = try app.json(try await app.get("/api/v1/search?q=\(Self.q("测试机械"))", token: t))
            #expect(Self.items(found, kind: "organisation").contains { $0["id"]?.stringValue == id })
        }
    }

    @Test func gbkFilesAreDetectedAndNonTablesRefused() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("centre")
            let grid = try await app.services.database.read { db in
                try await db.raw("SELECT code FROM grids WHERE level = 5 AND layer = 'governance' ORDER BY code LIMIT 1").first()!.decode(column: "code", as: String.self)
            }
            let text = "姓名,身份证号,网格编码\n国标码,\(Self.validID(21)),\(grid)\n"
            let gb = String.Encoding(rawValue: 0x8000_0632)
            let data = try #require(text.data(using: gb))
            let report = try app.json(try await app.sendImport("/api/v1/imports?kind=people&dryRun=true", token: t, body: data))
            #expect(report["encoding"]?.stringValue == "GB18030" && report["imported"] == 1)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
            let refused = try await app.sendImport("/api/v1/imports?kind=people&dryRun=true", token: t, body: png)
            #expect(refused.status == 415)
        }
    }
}
