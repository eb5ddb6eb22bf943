import Testing
@testable import PinganSignals

/// Plans stored over movements read back into the same bands, and pass the checks an edited plan must pass.
@Suite struct PlanBandsTests {
    static let city = DemoSignalNetwork.generate(seed: 3)

    @Test func storedPhasesOfAnOptimizedPlanGiveTheOptimizersBands() throws {
        for period in [DayPeriod.morningPeak, .night] {
            let net = try #require(Self.city.network(period))
            let byId = Dictionary(uniqueKeysWithValues: net.intersections.map { ($0.id, $0) })
            for a in net.arterials {
                let plan = try ArterialOptimizer.optimize(a, intersections: byId)
                let xs = a.intersectionIds.map { byId[$0]! }
                let stored = plan.timings.indices.map { k in
                    MovementPlans.plan(plan.timings[k], intersection: xs[k], outbound: a.outboundApproaches[k], inbound: a.inboundApproaches[k])
                }
                let report = PlanBands.report(a, intersections: xs, demands: try ArterialOptimizer.demands(a, byId), plans: stored)
                #expect(abs(report.outbound - plan.report.outbound) < 1e-6, "\(a.id) \(period)")
                #expect(abs(report.inbound - plan.report.inbound) < 1e-6, "\(a.id) \(period)")
                for (k, p) in stored.enumerated() {
                    let problems = SignalsValidation.editProblems(p, intersection: xs[k], axis: (a.outboundApproaches[k], a.inboundApproaches[k]))
                    #expect(problems.isEmpty, "\(a.id) \(p.intersectionId): \(problems)")
                    // Every movement of the intersection has green somewhere in the cycle.
                    #expect(Set(p.phases.flatMap(\.movements)) == Set(xs[k].approaches.flatMap { $0.movements.map(\.id) }))
                }
            }
        }
    }

    @Test func uncoordinatedPlansShareOneCycleWithOffsetsZeroAndPassTheEditChecks() throws {
        let net = try #require(Self.city.network(.eveningPeak))
        let byId = Dictionary(uniqueKeysWithValues: net.intersections.map { ($0.id, $0) })
        let plans = try UncoordinatedPlans.webster(net)
        #expect(plans.count == net.intersections.count)
        #expect(Set(plans.map(\.plan.cycle)).count == 1)
        #expect(plans.allSatisfy { $0.plan.offset == 0 })
        for (plan, arterialId) in plans {
            let a = try #require(net.arterials.first { $0.id == arterialId })
            let k = try #require(a.intersectionIds.firstIndex(of: plan.intersectionId))
            let x = try #require(byId[plan.intersectionId])
            #expect(SignalsValidation.editProblems(plan, intersection: x, axis: (a.outboundApproaches[k], a.inboundApproaches[k])).isEmpty)
        }
    }

    @Test func aGreenThatWrapsPastTheCycleEndIsOneWindow() {
        let plan = SignalPlan(intersectionId: "X", cycle: 100, offset: 0, phases: [
            SignalPhase(name: "a", movements: ["m"], green: 20, amber: 3),
            SignalPhase(name: "b", movements: ["n"], green: 40, amber: 3),
            SignalPhase(name: "c", movements: ["m", "n"], green: 10, amber: 0),
            SignalPhase(name: "d", movements: ["m"], green: 21, amber: 3),
        ])
        let m = PlanBands.window(of: "m", in: plan)
        // Starts with phase c at 66 s and runs through d and a to the end of a's green (100 + 20).
        #expect(m?.start == 66 && m?.length == 54 && m?.lastPhase == 0)
        let n = PlanBands.window(of: "n", in: plan)
        #expect(n?.start == 23 && n?.length == 53 && n?.lastPhase == 2)
        #expect(PlanBands.window(of: "z", in: plan) == nil)
    }

    @Test func differentCyclesGiveNoBand() throws {
        let net = try #require(Self.city.network(.offPeak))
        let byId = Dictionary(uniqueKeysWithValues: net.intersections.map { ($0.id, $0) })
        let a = net.arterials[0]
        let xs = a.intersectionIds.map { byId[$0]! }
        let demands = try ArterialOptimizer.demands(a, byId)
        let plans = try demands.enumerated().map { k, d in
            MovementPlans.plan(try Webster.timing(d, cycle: k == 0 ? 90 : 80), intersection: xs[k],
                               outbound: a.outboundApproaches[k], inbound: a.inboundApproaches[k])
        }
        let report = PlanBands.report(a, intersections: xs, demands: demands, plans: plans)
        #expect(report.outbound == 0 && report.inbound == 0 && report.diagram.nodes.count == xs.count)
        #expect(report.diagram.nodes.allSatisfy { !$0.outboundGreens.isEmpty })
    }
}
