import Foundation
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Bad input gets RFC 9457 problem+json with a Chinese detail and the failing field, never a 500.
@Suite(.storeTestLimit) struct ProblemTests {
    func problem(_ reply: InProcessClient.Reply) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: reply.body)
    }

    @Test func badLoginBodiesNameTheField() async throws {
        try await withTestApp(.sqlite) { app in
            let cases: [(String, Int, String?)] = [
                ("{not json", 400, nil),
                (#"{"username":"centre"}"#, 400, "password"),
                (#"{"username":5,"password":"x"}"#, 400, "username"),
                (#"{"username":"centre","password":"x","admin":true}"#, 400, "admin"),
                (#"["centre"]"#, 400, nil),
            ]
            for (body, status, field) in cases {
                let reply = try await app.client.send(.post, "/api/v1/session", body: Data(body.utf8))
                #expect(reply.status == status, "\(body)")
                let p = try problem(reply)
                #expect(p["status"] == .int(Int64(status)))
                #expect(p["detail"]?.stringValue?.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } == true)
                if let field {
                    guard case .array(let errors)? = p["errors"] else { Issue.record("no errors for \(body)"); continue }
                    #expect(errors.contains { $0["field"]?.stringValue == field }, "\(body)")
                }
            }
        }
    }

    @Test func oversizeBodiesAre413AndNothingBreaks() async throws {
        try await withTestApp(.sqlite) { app in
            let huge = Data(("{\"username\":\"" + String(repeating: "a", count: 100_000) + "\",\"password\":\"x\"}").utf8)
            do {
                let status = try await app.client.send(.post, "/api/v1/session", body: huge).status
                #expect(status == 413)
            }
            _ = try await app.login("centre")
        }
    }

    @Test func badQueryParametersAre400WithTheField() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("centre")
            for (path, field) in [("/api/v1/grids.geojson?level=9", "level"), ("/api/v1/grids.geojson", "level"),
                                  ("/api/v1/grids/locate?lat=abc&lng=113", "lat"), ("/api/v1/grids/locate?lat=27.7", "lng"),
                                  ("/api/v1/grids/430212?layer=roads", "layer"), ("/api/v1/grids/locate?lat=27&lng=113&crs=xyz", "crs")] {
                let reply = try await app.get(path, token: t)
                #expect(reply.status == 400, "\(path)")
                guard case .array(let errors)? = try problem(reply)["errors"] else { Issue.record("no errors for \(path)"); continue }
                #expect(errors.first?["field"]?.stringValue == field, "\(path)")
            }
        }
    }

    @Test func noSessionMeans401AndUnknownRoutes404AsProblems() async throws {
        try await withTestApp(.sqlite) { app in
            let r = try await app.get("/api/v1/grids/430212", token: nil)
            let p = try problem(r)
            #expect(r.status == 401 && p["status"] == 401)
            let bogus = try await app.get("/api/v1/grids/430212", token: "forged-token")
            #expect(bogus.status == 401)
            let health = try await app.get("/healthz", token: nil)
            let h = try problem(health)
            #expect(health.status == 200 && h["status"]?.stringValue == "ok")
        }
    }

    @Test func aBadImportIsRefusedWholeWithEveryRejectedFeatureNamed() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("centre")
            // A bow-tie polygon and a feature with a bad code, plus one good-looking feature.
            let body = #"""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"4302121009","name":"坏编码","parentCode":"430212"},"geometry":{"type":"Polygon","coordinates":[[[113,27.7],[113.01,27.7],[113.01,27.71],[113,27.7]]]}},
             {"type":"Feature","properties":{"code":"430212100001001","name":"蝴蝶","parentCode":"430212100001"},"geometry":{"type":"Polygon","coordinates":[[[113,27.7],[113.01,27.71],[113.01,27.7],[113,27.71],[113,27.7]]]}}
            ]}
            """#
            let before = try await app.get("/api/v1/grids/430212100001001", token: t)
            let reply = try await app.client.send(.post, "/api/v1/grids/import?dryRun=false", token: t, body: Data(body.utf8))
            #expect(reply.status == 422)
            let report = try problem(reply)
            guard case .array(let rejected)? = report["rejected"] else { Issue.record("no rejected"); return }
            #expect(Set(rejected.compactMap { $0["feature"] }) == [.int(0), .int(1)])
            let after = try await app.get("/api/v1/grids/430212100001001", token: t)
            #expect(before.body == after.body)
        }
    }
}
