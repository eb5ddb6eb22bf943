import Foundation
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// A proposal is applied only onto the plans it was optimised from: once another apply has changed any of its
/// intersections, it says why it is out of date and applying it is refused until it is optimised again.
extension SignalRoutesTests {
    /// The proposal state the arterial list gives for `id` in the morning peak.
    static func proposalState(_ app: TestApp, _ t: String, _ id: String) async throws -> String? {
        let items = Self.array(try app.json(try await app.get("/api/v1/signals/arterials?period=morningPeak", token: t))["items"])
        return items.first { $0["id"]?.stringValue == id }?["proposal"]?.stringValue
    }

    @Test(arguments: TestEngines.all)
    func aProposalOvertakenByAnotherApplyIsRefusedUntilOptimisedAgain(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let a = Self.network().arterials[5]
            let arterial = "/api/v1/signals/arterials/\(a.id)"
            #expect(try await Self.send(app, .post, arterial + "/optimize", t, ["period": "morningPeak"]).status == 200)
            #expect(try await Self.proposalState(app, t, a.id) == "pending")
            let fresh = try app.json(try await app.get(arterial + "?period=morningPeak", token: t))
            #expect(fresh["optimized"]?["cycle"] != nil && fresh["optimized"]?["stale"]?.stringValue == nil)

            // The network proposal, applied, retimes every intersection, this arterial's included.
            #expect(try await Self.send(app, .post, "/api/v1/signals/network/optimize?period=morningPeak", t).status == 200)
            #expect(try await Self.send(app, .post, "/api/v1/signals/network/apply?period=morningPeak", t).status == 200)
            let network = try app.json(try await app.get("/api/v1/signals/network?period=morningPeak", token: t))
            #expect(network["stale"]?.stringValue == nil)

            let overtaken = try app.json(try await app.get(arterial + "?period=morningPeak", token: t))
            let reason = try #require(overtaken["optimized"]?["stale"]?.stringValue)
            #expect(reason.contains("重新优化"))
            let refused = try await Self.send(app, .post, arterial + "/apply", t, ["period": "morningPeak"])
            #expect(refused.status == 409)
            #expect(try app.json(refused)["detail"]?.stringValue == reason)
            // Nothing was written: the intersections still run the network's plans.
            for id in a.intersectionIds {
                let x = try app.json(try await app.get("/api/v1/signals/intersections/\(id)", token: t))
                let history = Self.array(x["history"]).filter { $0["period"]?.stringValue == "morningPeak" }
                #expect(history.compactMap { $0["version"] } == [.int(2), .int(1)], "\(id)")
            }
            // Other periods' plans are not part of the basis.
            #expect(try app.json(try await app.get(arterial + "?period=offPeak", token: t))["optimized"] == .null)

            #expect(try await Self.proposalState(app, t, a.id) == "stale")

            // Optimised again, it applies; applying it once more changes nothing it depends on, so that works too.
            #expect(try await Self.send(app, .post, arterial + "/optimize", t, ["period": "morningPeak"]).status == 200)
            #expect(try await Self.send(app, .post, arterial + "/apply", t, ["period": "morningPeak"]).status == 200)
            let again = try await Self.send(app, .post, arterial + "/apply", t, ["period": "morningPeak"])
            #expect(again.status == 200)
            #expect(try app.json(again)["optimized"]?["stale"]?.stringValue == nil)
            #expect(try await Self.proposalState(app, t, a.id) == "applied")

            // Now the network proposal is the one overtaken, on this arterial's intersections.
            let stale = try app.json(try await app.get("/api/v1/signals/network?period=morningPeak", token: t))
            #expect(stale["stale"]?.stringValue?.contains("重新优化") == true)
            #expect(try await Self.send(app, .post, "/api/v1/signals/network/apply?period=morningPeak", t).status == 409)
        }
    }
}
