import Foundation
import PinganKernel
import PinganStorage
import PinganTestSupport
import SQLKit
import Testing

/// House imports through the API on both engines: identity by register number or by address in
/// the grid, grids located from converted coordinates, dry runs, idempotence, authority.
@Suite(.storeTestLimit) struct HouseImportTests {
    static func q(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    /// Two unit grids of the demo with their label points (WGS 84, 1e-7 degree).
    static func leaves(_ app: TestApp) async throws -> [(code: String, lat7: Int64, lng7: Int64)] {
        try await app.services.database.read { db in
            try await db.raw("SELECT code, label_lat, label_lng FROM grids WHERE level = 5 AND layer = 'governance' AND valid_to IS NULL ORDER BY code LIMIT 2").all().map {
                (try $0.decode(column: "code", as: String.self), try $0.decode(column: "label_lat", as: Int64.self), try $0.decode(column: "label_lng", as: Int64.self))
            }
        }
    }

    static func post(_ app: TestApp, _ token: String, _ query: String, _ body: Data) async throws -> JSONValue {
        try app.json(try await app.sendImport("/api/v1/imports?kind=houses&" + query, token: token, body: body))
    }

    static func count(_ app: TestApp, _ sql: SQLQueryString) async throws -> Int {
        try await app.services.database.read { db in try await db.raw(sql).first()!.decode(column: "n", as: Int.self) }
    }

    @Test(arguments: TestEngines.all)
    func housesAreDryRunFirstLocatedFromConvertedPointsAndIdempotent(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grids = try await Self.leaves(app)
            let (a, b) = (grids[0], grids[1])
            // The second house gives no grid: its GCJ-02 point (as a commercial map shows it) locates it in grid b.
            let label = GeoPoint(lat7: b.lat7, lng7: b.lng7)
            let gcj = CoordinateSystem.gcj02.fromWGS84(latitude: label.latitude, longitude: label.longitude)
            let csv = """
                房屋编号,房屋地址,纬度,经度,坐标系,房屋用途,产权人,层数,网格编码
                FW-0001,导入测试路1号,,,,住宅,张导入,6,\(a.code)
                ,导入测试路2号,\(gcj.latitude),\(gcj.longitude),gcj02,商铺,,2,
                FW-0003,导入测试路3号,,,,厂房,,1层,\(a.code)

                """
            let dry = try await Self.post(app, t, "dryRun=true", Data(csv.utf8))
            #expect(dry["imported"] == 3 && dry["rejected"] == 0 && dry["applied"] == false)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE address LIKE '导入测试路%'") == 0)

            let applied = try await Self.post(app, t, "dryRun=false&source=\(Self.q("住建局"))", Data(csv.utf8))
            #expect(applied["imported"] == 3 && applied["applied"] == true)
            let (id2, lat7, lng7, grid2) = try await app.services.database.read { db in
                let r = try await db.raw("SELECT id, lat7, lng7, grid_code FROM houses WHERE address = '导入测试路2号'").first()!
                return (try r.decode(column: "id", as: String.self), try r.decode(column: "lat7", as: Int64.self),
                        try r.decode(column: "lng7", as: Int64.self), try r.decode(column: "grid_code", as: String.self))
            }
            #expect(grid2 == b.code)
            // Stored in WGS 84: the converted point is back on the label point (the inverse is exact to far below 1e-6°).
            #expect(abs(lat7 - b.lat7) < 10 && abs(lng7 - b.lng7) < 10)
            let page = try app.json(try await app.get("/api/v1/houses/\(id2)", token: t))
            #expect(page["use"]?.stringValue == "shop" && page["floors"] == 2 && page["grid"]?["code"]?.stringValue == b.code)
            let numbered = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM houses WHERE number = 'FW-0003'").first()!.decode(column: "id", as: String.self)
            }
            let factory = try app.json(try await app.get("/api/v1/houses/\(numbered)", token: t))
            #expect(factory["number"]?.stringValue == "FW-0003" && factory["use"]?.stringValue == "factory" && factory["floors"] == 1)
            // Search finds the new houses by address.
            let found = try app.json(try await app.get("/api/v1/search?q=\(Self.q("导入测试路"))", token: t))
            #expect(BaseDataTests.count(found, kind: "house") == 3)
            // Provenance: one version per new house, from this import's source.
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions WHERE kind = 'house' AND source = '住建局'") == 3)

            // The same file again changes nothing; an address typed with full-width digits and spaces is the same house.
            let again = try await Self.post(app, t, "dryRun=false&source=\(Self.q("住建局"))", Data(csv.utf8))
            #expect(again["imported"] == 0 && again["updated"] == 0 && again["unchanged"] == 3)
            let respelt = try await Self.post(app, t, "dryRun=false", Data("房屋地址,网格编码\n导入测试路 １号,\(a.code)\n".utf8))
            #expect(respelt["unchanged"] == 1 && respelt["imported"] == 0)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE address LIKE '导入测试路%'") == 3)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions WHERE kind = 'house'") == 3)
        }
    }

    @Test(arguments: TestEngines.all)
    func aBadHouseRowRejectsTheFileUnlessKeepValid(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grid = try await Self.leaves(app)[0].code
            // An owner's ID whose check character is wrong (the right one replaced by the next in "10X98765432").
            let valid = ResidentID.make(division: "430221", year: 1970, month: 5, day: 6, sequence: 123).value
            let checks = Array("10X98765432")
            let badOwner = String(valid.dropLast()) + String(checks[(checks.firstIndex(of: valid.last!)! + 1) % checks.count])
            let csv = """
                房屋地址,纬度,经度,用途,网格编码,产权人身份证号
                有效路1号,,,住宅,\(grid),
                无效网格路2号,,,住宅,430212999999999,
                海上路3号,0.5,0.5,住宅,,
                怪用途路4号,,,宫殿,\(grid),
                有效路5号,,,公共,\(grid),
                坏证件路6号,,,住宅,\(grid),\(badOwner)

                """
            let dry = try await Self.post(app, t, "dryRun=true", Data(csv.utf8))
            #expect(dry["imported"] == 2 && dry["rejected"] == 4)
            guard case .array(let conflicts)? = dry["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(conflicts.map { $0["row"] } == [3, 4, 5, 7])
            #expect(conflicts.contains { $0["row"] == 7 && $0["field"]?.stringValue == "ownerResidentId" && $0["value"]?.stringValue == Masking.documentNumber(badOwner)
                && $0["message"]?.stringValue?.contains("校验位") == true })
            #expect(conflicts.contains { $0["field"]?.stringValue == "grid" && $0["message"]?.stringValue?.contains("不存在") == true })
            #expect(conflicts.contains { $0["message"]?.stringValue?.contains("不在管辖范围内的任何单元网格") == true })
            let refused = try await Self.post(app, t, "dryRun=false", Data(csv.utf8))
            #expect(refused["applied"] == false)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE address LIKE '有效路%'") == 0)
            let kept = try await Self.post(app, t, "dryRun=false&keepValid=true", Data(csv.utf8))
            #expect(kept["applied"] == true && kept["imported"] == 2)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE address LIKE '有效路%' AND grid_code = \(bind: grid)") == 2)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE address = '有效路5号' AND use = 'public'") == 1)
        }
    }

    @Test(arguments: TestEngines.all)
    func housingRegisterIsTheAuthorityAndOthersConflictsAreKeptAside(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grid = try await Self.leaves(app)[0].code
            let first = "房屋编号,房屋地址,产权人,层数,网格编码\nFW-9001,权威路8号,李业主,6,\(grid)\n"
            #expect(try await Self.post(app, t, "dryRun=false&source=\(Self.q("住建局"))", Data(first.utf8))["imported"] == 1)
            let id = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM houses WHERE number = 'FW-9001'").first()!.decode(column: "id", as: String.self)
            }
            // Civil affairs disagree on the floors: a conflict beside the first value.
            let other = try await Self.post(app, t, "dryRun=false&source=\(Self.q("民政局"))",
                                            Data("房屋编号,房屋地址,层数,网格编码\nFW-9001,权威路8号,7,\(grid)\n".utf8))
            #expect(other["updated"] == 0 && other["unchanged"] == 1)
            guard case .array(let conflicts)? = other["conflicts"] else { Issue.record("no conflicts"); return }
            #expect(conflicts.first?["field"]?.stringValue == "floors" && conflicts.first?["value"]?.stringValue == "7")
            #expect(try app.json(try await app.get("/api/v1/houses/\(id)", token: t))["floors"] == 6)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_conflicts WHERE kind = 'house' AND record_id = \(bind: id) AND field = 'floors' AND value = '7' AND source = '民政局'") == 1)
            // The register itself changes it; the house gets a second version. Found by number, its address may be corrected too.
            let register = try await Self.post(app, t, "dryRun=false&source=\(Self.q("不动产登记中心"))",
                                               Data("房屋编号,房屋地址,层数,网格编码\nFW-9001,权威路8号之一,7,\(grid)\n".utf8))
            #expect(register["updated"] == 1)
            let page = try app.json(try await app.get("/api/v1/houses/\(id)", token: t))
            #expect(page["floors"] == 7 && page["address"]?.stringValue == "权威路8号之一" && page["ownerName"]?.stringValue == "李业主")
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM record_versions WHERE kind = 'house' AND record_id = \(bind: id)") == 2)
            let found = try app.json(try await app.get("/api/v1/search?q=\(Self.q("权威路8号之一"))", token: t))
            #expect(BaseDataTests.items(found, kind: "house").contains { $0["id"]?.stringValue == id })
        }
    }

    @Test(arguments: TestEngines.all)
    func gb18030AndXLSXHouseFilesImport(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("centre")
            let grid = try await Self.leaves(app)[0].code
            let text = "房屋地址,房屋用途,网格编码\n国标路1号,住宅,\(grid)\n"
            let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
            let report = try await Self.post(app, t, "dryRun=false", gb)
            #expect(report["encoding"]?.stringValue == "GB18030" && report["imported"] == 1)
            let workbook = WorkbookFixture.xlsx([["房屋编号", "坐落", "用途", "网格编码"], ["XL-1", "表格路2号", "商业", grid]])
            let fromXLSX = try await Self.post(app, t, "dryRun=false", workbook)
            #expect(fromXLSX["encoding"]?.stringValue == "xlsx" && fromXLSX["imported"] == 1)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM houses WHERE (address = '国标路1号' AND use = 'residential') OR (number = 'XL-1' AND address = '表格路2号' AND use = 'shop')") == 2)
        }
    }
}
