import Foundation
import PinganGovernance
import PinganKernel
import PinganStorage
import PinganTestSupport
import Testing

/// Re-gridding through the GeoJSON import: a changed node gets a new version, the old one is
/// closed, and the tree as of an earlier date still shows what existed then.
@Suite(.storeTestLimit) struct RegriddingTests {
    @Test(arguments: TestEngines.all)
    func reimportingAChangedGridClosesTheOldVersionAndKeepsHistory(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withTestApp(engine, clock: clock) { app in
            let t = try await app.login("centre")
            let export = try app.json(try await app.get("/api/v1/grids.geojson?level=5&parent=430212100", token: t))
            guard case .array(let features)? = export["features"], let first = features.first,
                  let code = first["properties"]?["code"]?.stringValue, let parent = first["properties"]?["parentCode"]?.stringValue,
                  let oldName = first["properties"]?["name"]?.stringValue else { Issue.record("no features"); return }
            func collection(name: String) -> Data {
                let feature: JSONValue = ["type": "Feature", "properties": ["code": .string(code), "name": .string(name), "parentCode": .string(parent)],
                                          "geometry": first["geometry"]!]
                return Data(JSONValue.object(["type": "FeatureCollection", "features": [feature]]).canonical.utf8)
            }
            let same = try app.json(try await app.client.send(.post, "/api/v1/grids/import?dryRun=false", token: t, body: collection(name: oldName)))
            #expect(same["unchanged"] == 1 && same["replaced"] == 0)
            let before = clock.now()
            clock.advance(by: 86_400)
            let t2 = try await app.login("centre")   // a day idle ends the first session
            let dry = try app.json(try await app.client.send(.post, "/api/v1/grids/import?dryRun=true", token: t2, body: collection(name: "新划网格")))
            #expect(dry["replaced"] == 1)
            let unchangedByDryRun = try app.json(try await app.get("/api/v1/grids/\(code)", token: t2))
            #expect(unchangedByDryRun["name"]?.stringValue == oldName)
            let applied = try app.json(try await app.client.send(.post, "/api/v1/grids/import?dryRun=false", token: t2, body: collection(name: "新划网格")))
            #expect(applied["replaced"] == 1)
            let now = try app.json(try await app.get("/api/v1/grids/\(code)", token: t2))
            #expect(now["name"]?.stringValue == "新划网格")
            let store = GridStore(database: app.services.database)
            #expect(try await store.node(layer: .governance, code: code, at: before)?.name == oldName)
            #expect(try await store.node(layer: .governance, code: code, at: before)?.validTo != nil)
            // The point still locates to the same code after the index is rebuilt.
            guard case .double(let lat)? = now["labelPoint"]?["lat"], case .double(let lng)? = now["labelPoint"]?["lng"] else { Issue.record("no point"); return }
            let located = try app.json(try await app.get("/api/v1/grids/locate?lat=\(lat)&lng=\(lng)", token: t2))
            #expect(located["code"]?.stringValue == code && located["name"]?.stringValue == "新划网格")
        }
    }
}
