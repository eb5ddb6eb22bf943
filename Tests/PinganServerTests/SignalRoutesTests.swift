import Foundation
import Hummingbird
import PinganKernel
import PinganServer
@testable import PinganSignals
import PinganStorage
import PinganTestSupport
import Testing

/// The signals API through the real router on both engines, checked against the PinganSignals library run
/// directly on the network the demo generates (seed 7, as the test demo).
@Suite(.storeTestLimit) struct SignalRoutesTests {
    static let city = DemoSignalNetwork.generate(seed: 7)

    static func network(_ period: DayPeriod = .morningPeak) -> SignalNetwork { city.network(period)! }
    static func byId(_ net: SignalNetwork) -> [String: Intersection] { Dictionary(uniqueKeysWithValues: net.intersections.map { ($0.id, $0) }) }

    static func double(_ v: JSONValue?) -> Double? {
        switch v {
        case .double(let d)?: d
        case .int(let i)?: Double(i)
        default: nil
        }
    }

    static func doubles(_ v: JSONValue?) -> [Double] {
        guard case .array(let a)? = v else { return [] }
        return a.compactMap(double)
    }

    static func array(_ v: JSONValue?) -> [JSONValue] {
        guard case .array(let a)? = v else { return [] }
        return a
    }

    static func send(_ app: TestApp, _ method: HTTPRequest.Method, _ path: String, _ token: String, _ body: JSONValue? = nil)
        async throws -> InProcessClient.Reply {
        try await app.client.send(method, path, token: token, body: try body.map { try JSONEncoder().encode($0) })
    }

    /// The index of the arterial with the most volume: every intersection on it is timed for it.
    static func heaviest(_ net: SignalNetwork) throws -> Int {
        let demands = try net.arterials.map { try ArterialOptimizer.demands($0, byId(net)) }
        let volume = demands.map { $0.reduce(0) { $0 + $1.outboundVolume + $1.inboundVolume } }
        return volume.indices.max { volume[$0] < volume[$1] }!
    }

    @Test(arguments: TestEngines.all)
    func theListAndAnArterialShowTheBandsOfTheUncoordinatedPlans(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let net = Self.network()
            let list = try app.json(try await app.get("/api/v1/signals/arterials", token: t))
            let items = Self.array(list["items"])
            #expect(items.compactMap { $0["id"]?.stringValue } == net.arterials.map(\.id))
            for (item, a) in zip(items, net.arterials) {
                #expect(item["name"]?.stringValue == a.name)
                #expect(item["intersections"] == .int(Int64(a.intersectionIds.count)))
                #expect(abs((Self.double(item["lengthMeters"]) ?? 0) - a.distances.reduce(0, +)) < 1e-6)
                #expect(item["optimized"] == .null)
                #expect(item["period"]?.stringValue == "morningPeak")
            }
            // The heaviest arterial runs its own Webster splits with offsets 0: its bands follow from the
            // optimizer's own bandwidth problem on those timings, built here without the stored phases.
            let h = try Self.heaviest(net)
            let a = net.arterials[h]
            let view = try app.json(try await app.get("/api/v1/signals/arterials/\(a.id)?period=morningPeak", token: t))
            #expect(view["periodName"]?.stringValue == "早高峰")
            let current = view["current"]
            let cycle = try #require(Self.double(current?["cycle"]))
            #expect(Self.doubles(current?["offsets"]) == a.intersectionIds.map { _ in 0 })
            let demands = try ArterialOptimizer.demands(a, Self.byId(net))
            let timings = try demands.map { ArterialOptimizer.wholeSeconds(try Webster.timing($0, cycle: cycle)) }
            let p = ArterialOptimizer.problem(a, demands, timings, ArterialOptions())
            let bands = BandEvaluator.bands(p, offsets: timings.map { _ in 0 }, choices: timings.map { _ in 0 })
            #expect(abs((Self.double(current?["outbound"]) ?? -1) - bands.outbound) < 1e-6)
            #expect(abs((Self.double(current?["inbound"]) ?? -1) - bands.inbound) < 1e-6)
            #expect(Self.array(current?["diagram"]?["nodes"]).count == a.intersectionIds.count)
            let nodes = Self.array(view["intersections"])
            #expect(nodes.compactMap { $0["id"]?.stringValue } == a.intersectionIds)
            #expect(Self.doubles(view["outboundSpeeds"]) == a.outboundSpeeds)
            let listed = items[h]["current"]
            #expect(Self.double(listed?["outbound"]) == Self.double(current?["outbound"]))
            let bad = try await app.get("/api/v1/signals/arterials?period=noon", token: t)
            #expect(bad.status == 400)
        }
    }

    @Test(arguments: TestEngines.all)
    func optimizeStoresTheOptimizersPlanAsAProposalAndLeavesTheCurrentPlans(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let net = Self.network(.eveningPeak)
            for a in [net.arterials[0], net.arterials[4]] {
                let before = try app.json(try await app.get("/api/v1/signals/arterials/\(a.id)?period=eveningPeak", token: t))
                let reply = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "eveningPeak"])
                #expect(reply.status == 200)
                let view = try app.json(reply)
                let expected = try ArterialOptimizer.optimize(a, intersections: Self.byId(net))
                let optimized = view["optimized"]
                #expect(Self.double(optimized?["cycle"]) == expected.cycle)
                #expect(abs((Self.double(optimized?["outbound"]) ?? -1) - expected.report.outbound) < 1e-9)
                #expect(abs((Self.double(optimized?["inbound"]) ?? -1) - expected.report.inbound) < 1e-9)
                #expect(Self.doubles(optimized?["offsets"]) == expected.timings.map(\.offset))
                #expect(optimized?["createdBy"]?.stringValue == "traffic")
                let cur = view["current"], old = before["current"]
                #expect(Self.double(cur?["outbound"]) == Self.double(old?["outbound"]))
                #expect(Self.doubles(cur?["offsets"]) == Self.doubles(old?["offsets"]))
                let gained = (Self.double(optimized?["outbound"]) ?? 0) + (Self.double(optimized?["inbound"]) ?? 0)
                let had = (Self.double(cur?["outbound"]) ?? 0) + (Self.double(cur?["inbound"]) ?? 0)
                #expect(gained >= had, "\(a.id): optimized \(gained) s < current \(had) s")
                let x = try app.json(try await app.get("/api/v1/signals/intersections/\(a.intersectionIds[0])", token: t))
                let evening = Self.array(x["plans"]).first { $0["period"]?.stringValue == "eveningPeak" }
                #expect(evening?["source"]?.stringValue == "demo")
            }
            let list = try app.json(try await app.get("/api/v1/signals/arterials?period=eveningPeak", token: t))
            let optimizedIds = Self.array(list["items"]).filter { $0["optimized"] != .null }.compactMap { $0["id"]?.stringValue }
            #expect(optimizedIds == [net.arterials[0].id, net.arterials[4].id])
            let morning = try app.json(try await app.get("/api/v1/signals/arterials", token: t))
            #expect(Self.array(morning["items"]).allSatisfy { $0["optimized"] == .null })
            // A fixed cycle is used as given; one too short for the pedestrians cannot be timed.
            let a = net.arterials[1]
            let fixed = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "eveningPeak", "cycle": 90])
            #expect(fixed.status == 200)
            let expected = try ArterialOptimizer.optimize(a, intersections: Self.byId(net), options: ArterialOptions(cycle: 90))
            let fixedView = try app.json(fixed)
            #expect(Self.double(fixedView["optimized"]?["outbound"]) == expected.report.outbound)
            #expect(Self.double(fixedView["optimized"]?["cycle"]) == 90)
            let short = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "eveningPeak", "cycle": 30])
            #expect(short.status == 422)
            let outOfRange = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "eveningPeak", "cycle": 300])
            #expect(outOfRange.status == 400)
        }
    }

    @Test(arguments: TestEngines.all)
    func applyMakesTheProposalCurrentAndKeepsTheHistory(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let a = Self.network().arterials[5]
            let early = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/apply", t, ["period": "morningPeak"])
            #expect(early.status == 409)
            let optimize = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "morningPeak"])
            #expect(optimize.status == 200)
            let reply = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/apply", t, ["period": "morningPeak"])
            #expect(reply.status == 200)
            let view = try app.json(reply)
            let cur = view["current"], opt = view["optimized"]
            // The stored phases, read back, give exactly the bands the optimizer reported for its plan.
            #expect(abs((Self.double(cur?["outbound"]) ?? -1) - (Self.double(opt?["outbound"]) ?? -2)) < 1e-6)
            #expect(abs((Self.double(cur?["inbound"]) ?? -1) - (Self.double(opt?["inbound"]) ?? -2)) < 1e-6)
            #expect(Self.doubles(cur?["offsets"]) == Self.doubles(opt?["offsets"]))
            #expect(opt?["appliedBy"]?.stringValue == "traffic")
            for id in a.intersectionIds {
                let x = try app.json(try await app.get("/api/v1/signals/intersections/\(id)", token: t))
                let plans = Self.array(x["plans"])
                let morning = plans.first { $0["period"]?.stringValue == "morningPeak" }
                #expect(morning?["source"]?.stringValue == "optimized" && morning?["arterial"]?.stringValue == a.id)
                #expect(plans.first { $0["period"]?.stringValue == "offPeak" }?["source"]?.stringValue == "demo")
                let history = Self.array(x["history"]).filter { $0["period"]?.stringValue == "morningPeak" }
                #expect(history.compactMap { $0["version"] } == [.int(2), .int(1)])
                #expect(history.last?["validTo"] != .null && history.first?["validTo"] == .null)
            }
        }
    }

    static func planBody(_ plan: JSONValue?) -> [String: JSONValue] {
        ["cycle": plan?["cycle"] ?? .null, "offset": plan?["offset"] ?? .null, "phases": plan?["phases"] ?? .null]
    }

    static func setPhase(_ body: inout [String: JSONValue], _ k: Int, _ field: String, _ value: Double) {
        guard case .array(var phases)? = body["phases"], case .object(var p) = phases[k] else { return }
        p[field] = .double(value)
        phases[k] = .object(p)
        body["phases"] = .array(phases)
    }

    static func phase(_ body: [String: JSONValue], _ k: Int, _ field: String) -> Double {
        double(array(body["phases"])[k][field]) ?? .nan
    }

    @Test(arguments: TestEngines.all)
    func aPlanEditIsCheckedFieldByFieldAndKept(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let id = Self.network().arterials[0].intersectionIds[1]
            let path = "/api/v1/signals/intersections/\(id)/plans/morningPeak"
            let x = try app.json(try await app.get("/api/v1/signals/intersections/\(id)", token: t))
            let plan = Self.array(x["plans"]).first { $0["period"]?.stringValue == "morningPeak" }
            let original = Self.planBody(plan)
            let cycle = try #require(Self.double(plan?["cycle"]))
            #expect(Self.array(original["phases"]).count >= 2)

            func errors(_ body: [String: JSONValue]) async throws -> [String: String] {
                let reply = try await Self.send(app, .put, path, t, .object(body))
                #expect(reply.status == 422)
                var out: [String: String] = [:]
                for e in Self.array(try app.json(reply)["errors"]) { out[e["field"]?.stringValue ?? ""] = e["message"]?.stringValue }
                return out
            }
            var short = original
            Self.setPhase(&short, 0, "green", Self.phase(original, 0, "green") - 2)
            let sum = try await errors(short)
            #expect(sum["phases"] == "各相位时长之和 \(Int(cycle) - 2) 秒与周期 \(Int(cycle)) 秒不一致")

            var walk = original
            let moved = Self.phase(original, 1, "green") - 8
            Self.setPhase(&walk, 1, "green", 8)
            Self.setPhase(&walk, 1, "pedestrianMinimum", 15)
            Self.setPhase(&walk, 0, "green", Self.phase(original, 0, "green") + moved)
            let pedestrians = try await errors(walk)
            #expect(pedestrians["phases[1].green"] == "绿灯 8 秒短于行人过街最短绿灯 15 秒")

            var offset = original
            offset["offset"] = .double(cycle)
            let offsetErrors = try await errors(offset)
            #expect(offsetErrors["offset"] == "相位差须在 0 到周期之间")

            var tooLong = original
            tooLong["cycle"] = .double(250)
            let cycleErrors = try await errors(tooLong)
            #expect(cycleErrors["cycle"] == "周期须在 30–240 秒之间")

            var unknown = original
            guard case .array(var phases)? = unknown["phases"], case .object(var p0) = phases[0] else { Issue.record("no phases"); return }
            p0["movements"] = .array([.string("X.through")])
            phases[0] = .object(p0)
            unknown["phases"] = .array(phases)
            let movementErrors = try await errors(unknown)
            #expect(movementErrors["phases[0].movements"] == "路口没有流向 X.through")

            var moved10 = original
            moved10["offset"] = .double(10)
            let ok = try await Self.send(app, .put, path, t, .object(moved10))
            #expect(ok.status == 200)
            let after = try app.json(ok)
            let now = Self.array(after["plans"]).first { $0["period"]?.stringValue == "morningPeak" }
            #expect(Self.double(now?["offset"]) == 10 && now?["source"]?.stringValue == "manual" && now?["updatedBy"]?.stringValue == "traffic")
            #expect(now?["arterial"] == plan?["arterial"])
            #expect(Self.array(after["history"]).filter { $0["period"]?.stringValue == "morningPeak" }.count == 2)
            let badPeriod = try await Self.send(app, .put, "/api/v1/signals/intersections/\(id)/plans/noon", t, .object(moved10))
            #expect(badPeriod.status == 400)
            let extra = try await Self.send(app, .put, path, t, .object(moved10.merging(["colour": "red"]) { a, _ in a }))
            #expect(extra.status == 400)
        }
    }

    @Test(arguments: TestEngines.all)
    func rolesWithoutSignalsPermissionsAreRefused(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let a = Self.network().arterials[0]
            let before = try app.json(try await app.get("/api/v1/signals/arterials/\(a.id)", token: try await app.login("traffic")))
            for user in ["centre", "leader", ScopeCases.townUser] {
                let t = try await app.login(user)
                let list = try await app.get("/api/v1/signals/arterials", token: t)
                let optimize = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/optimize", t, ["period": "morningPeak"])
                let apply = try await Self.send(app, .post, "/api/v1/signals/arterials/\(a.id)/apply", t, ["period": "morningPeak"])
                #expect(list.status == 403 && optimize.status == 403 && apply.status == 403, "\(user)")
                let put = try await Self.send(app, .put, "/api/v1/signals/intersections/\(a.intersectionIds[0])/plans/morningPeak", t,
                                              .object(Self.planBody(before["current"])))
                #expect(put.status == 403)
            }
            let after = try app.json(try await app.get("/api/v1/signals/arterials/\(a.id)", token: try await app.login("traffic")))
            #expect(after["optimized"] == .null && after["current"] == before["current"])
        }
    }

    /// Rows of one table of scripts/signals/RESULTS.md: label → means of the seven metrics.
    static func resultsTable(level: String, group: String) throws -> [String: [Double]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/signals/RESULTS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let section = text.components(separatedBy: "### \(level):").dropFirst().first?.components(separatedBy: "### ").first,
              let block = section.components(separatedBy: "**\(group)").dropFirst().first else { return [:] }
        var rows: [String: [Double]] = [:]
        for line in block.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| plan") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count == 9, rows[cells[0]] == nil else { break }
            rows[cells[0]] = cells[1...7].compactMap { Double($0.components(separatedBy: " ± ")[0]) }
        }
        return rows
    }

    @Test(arguments: TestEngines.all)
    func theDemoRecordsTheMeasuredEvaluationAndANewOneReplacesIt(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let latest = try app.json(try await app.get("/api/v1/signals/evaluations/latest", token: t))
            #expect(latest["demand"]?.stringValue == "medium")
            for (group, scenarios) in [("arterial", Self.array(latest["scenarios"])),
                                       ("outbound", Self.array(Self.array(latest["directions"]).first?["scenarios"])),
                                       ("inbound", Self.array(Self.array(latest["directions"]).last?["scenarios"]))] {
                let table = try Self.resultsTable(level: "medium", group: group)
                #expect(table.count == 5 && scenarios.count == 5, "\(group)")
                for s in scenarios {
                    let measured = table[s["name"]?.stringValue ?? ""]
                    let served = ["travelTime", "waitingTime", "timeLoss", "stops", "speed", "travelTimeIndex", "tpi"].compactMap { Self.double(s[$0]) }
                    #expect(measured == served, "\(group) \(s["name"]?.stringValue ?? "?")")
                }
            }
            #expect(Self.array(latest["scenarios"]).compactMap { $0["key"]?.stringValue } == EvaluationScenario.keys)

            let scenario: JSONValue = ["key": "pingan", "name": "Pingan", "travelTime": .double(100), "waitingTime": .double(10),
                                       "timeLoss": .double(20), "stops": .double(1), "speed": .double(30), "travelTimeIndex": .double(1.2),
                                       "tpi": .double(2), "spread": ["travelTime": .double(1)]]
            var record: [String: JSONValue] = ["at": "2026-11-25T10:00:00+08:00", "source": "pingan signals evaluate, 1 seeds", "network": "test.net.xml",
                                               "seeds": [1], "demand": "light", "scenarios": [scenario],
                                               "directions": [["direction": "outbound", "scenarios": [scenario]]], "teleported": 0]
            let created = try await Self.send(app, .post, "/api/v1/signals/evaluations", t, .object(record))
            #expect(created.status == 201)
            let now = try app.json(try await app.get("/api/v1/signals/evaluations/latest", token: t))
            #expect(now["demand"]?.stringValue == "light" && now["recordedBy"]?.stringValue == "traffic")
            record["scenarios"] = .array([.object(scenario.objectValue.merging(["key": "fastest"]) { _, new in new })])
            let bad = try await Self.send(app, .post, "/api/v1/signals/evaluations", t, .object(record))
            #expect(bad.status == 422)
            #expect(Self.array(try app.json(bad)["errors"]).contains { $0["field"]?.stringValue == "scenarios[0].key" })
        }
    }

    @Test(arguments: TestEngines.all)
    func everyDemoIntersectionLiesInItsUnitGrid(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { app in
            let t = try await app.login("traffic")
            let items = Self.array(try app.json(try await app.get("/api/v1/signals/intersections", token: t))["items"])
            #expect(items.count == Self.network().intersections.count)
            for item in items.prefix(66) {
                let code = item["gridCode"]?.stringValue ?? ""
                #expect(code.count == 15)
                let located = try app.json(try await app.get("/api/v1/grids/locate?lat=\(Self.double(item["lat"]) ?? 0)&lng=\(Self.double(item["lng"]) ?? 0)", token: t))
                #expect(located["code"]?.stringValue == code, "\(item["id"]?.stringValue ?? "")")
            }
            let a = Self.network().arterials[6]
            let ofArterial = Self.array(try app.json(try await app.get("/api/v1/signals/intersections?arterial=\(a.id)", token: t))["items"])
            #expect(ofArterial.compactMap { $0["id"]?.stringValue } == a.intersectionIds)
            #expect(ofArterial.allSatisfy { Self.array($0["arterials"]).contains(.string(a.id)) })
        }
    }
}

extension JSONValue {
    var objectValue: [String: JSONValue] {
        if case .object(let o) = self { return o }
        return [:]
    }
}
