import PinganKernel
import Testing
@testable import PinganSignals

@Suite("Plans, arterials and Webster")
struct ModelTests {
    @Test func phasesThatDoNotSumToTheCycleAreRejected() {
        let plan = SignalPlan(intersectionId: "J7", cycle: 90, offset: 10, phases: [
            SignalPhase(name: "东西直行", movements: ["E.through"], green: 40, amber: 3, allRed: 2),
            SignalPhase(name: "南北", movements: ["N.through"], green: 30, amber: 3, allRed: 2),
        ])
        let problems = SignalsValidation.problems(in: plan)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("不等于周期") == true)
        #expect(problems.first?.item.contains("J7") == true)
    }

    @Test func greenBelowPedestrianMinimumIsRejected() {
        let plan = SignalPlan(intersectionId: "J1", cycle: 60, offset: 0, phases: [
            SignalPhase(name: "东西", movements: ["E.through"], green: 35, amber: 3, allRed: 2),
            SignalPhase(name: "南北", movements: ["N.through"], green: 15, amber: 3, allRed: 2, pedestrianMinimum: 18),
        ])
        let problems = SignalsValidation.problems(in: plan)
        #expect(problems.map(\.message).contains { $0.contains("行人最短绿灯") })
        #expect(problems.contains { $0.item.contains("南北") })
        #expect(throws: SignalsValidationError.self) { try SignalsValidation.validate(plan) }
    }

    @Test func negativeDistanceIsRejectedAndNamed() {
        let a = Arterial(id: "A1", intersectionIds: ["J1", "J2", "J3"], distances: [300, -20],
                         outboundSpeeds: [13, 13], inboundSpeeds: [13, 13],
                         outboundApproaches: ["w", "w", "w"], inboundApproaches: ["e", "e", "e"])
        let problems = SignalsValidation.problems(in: a)
        #expect(problems.count == 1)
        #expect(problems.first?.item.contains("J2→J3") == true)
    }

    @Test func generatedTimingsPassValidation() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            let d = NodeDemand(intersectionId: "X", outboundThrough: .random(in: 0.1...0.4, using: &rng),
                               inboundThrough: .random(in: 0.1...0.4, using: &rng),
                               outboundLeft: Bool.random(using: &rng) ? .random(in: 0.05...0.15, using: &rng) : 0,
                               inboundLeft: Bool.random(using: &rng) ? .random(in: 0.05...0.15, using: &rng) : 0,
                               cross: .random(in: 0.05...0.3, using: &rng))
            guard d.total < Webster.capacityLimit else { continue }
            let c = try Webster.cycle(d)
            let t = try Webster.timing(d, cycle: c.rounded(.up))
            let plan = t.plan(intersectionId: "X", pedestrianMinimumCross: d.pedestrianMinimumCross,
                              pedestrianMinimumAlong: d.pedestrianMinimumAlong)
            #expect(SignalsValidation.problems(in: plan).isEmpty, "\(SignalsValidation.problems(in: plan))")
        }
    }

    @Test func websterCycleFollowsTheFormula() throws {
        // Y = 0.3 + 0.2 = 0.5 and L = 2 × 5 s (no protected left): C0 = (1.5 × 10 + 5) / 0.5 = 40 s.
        let light = NodeDemand(intersectionId: "J", outboundThrough: 0.3, inboundThrough: 0.25, cross: 0.2,
                               pedestrianMinimumCross: 10, pedestrianMinimumAlong: 8)
        #expect(abs(try Webster.cycle(light) - 40) < 1e-9)
        // Y = 0.75: C0 = 20 / 0.25 = 80 s.
        let busy = NodeDemand(intersectionId: "J", outboundThrough: 0.45, inboundThrough: 0.4, cross: 0.3)
        #expect(abs(try Webster.cycle(busy) - 80) < 1e-9)
        // Greens in proportion to critical flow ratios: arterial 0.45, cross 0.3 of the 70 s of green.
        let t = try Webster.timing(busy, cycle: 80)
        #expect(abs(t.arterialSpan - 70 * 0.45 / 0.75) < 1e-9)
        #expect(abs(t.crossGreen - 70 * 0.3 / 0.75) < 1e-9)
    }

    @Test func volumesAboveCapacityAreAClearError() {
        let d = NodeDemand(intersectionId: "J9", outboundThrough: 0.7, inboundThrough: 0.6, cross: 0.4)
        #expect {
            try Webster.cycle(d)
        } throws: { error in
            (error as? SignalsError).map { $0.item.contains("J9") && $0.message.contains("通行能力") } ?? false
        }
    }

    @Test func scheduleCoversTheDay() {
        let s = TimeOfDaySchedule.standard
        for minute in stride(from: 0, to: 1440, by: 7) { #expect(s.period(atMinute: minute) != nil) }
        #expect(s.period(atMinute: 8 * 60) == .morningPeak)
        #expect(s.period(atMinute: 18 * 60) == .eveningPeak)
        #expect(s.period(atMinute: 3 * 60) == .night)
    }
}
