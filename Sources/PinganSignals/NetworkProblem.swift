// The network MAXBAND program at a fixed common cycle and fixed splits: one band problem per arterial (its own
// windows where it is primary, the cross window where it is not), one offset per intersection shared by every
// arterial through it, and the objective Σ w_a·(b_a + k_a·b̄_a) under each arterial's volume-ratio constraint.

/// One arterial of a network program.
public struct NetworkProblemArterial: Sendable, Codable, Hashable {
    public var problem: BandProblem
    /// Volume share (heaviest arterial 1).
    public var weight: Double
    /// Index of each node's intersection in the network program.
    public var intersections: [Int]

    /// Creates an arterial of a program.
    public init(problem: BandProblem, weight: Double, intersections: [Int]) {
        self.problem = problem; self.weight = weight; self.intersections = intersections
    }
}

/// The network MAXBAND program.
public struct NetworkProblem: Sendable, Codable, Hashable {
    public var cycle: Double
    public var intersectionCount: Int
    public var arterials: [NetworkProblemArterial]

    /// Creates a program.
    public init(cycle: Double, intersectionCount: Int, arterials: [NetworkProblemArterial]) {
        self.cycle = cycle; self.intersectionCount = intersectionCount; self.arterials = arterials
    }

    /// The objective of offsets (per intersection) and window choices (per arterial node): Σ w·(b + k·b̄) with
    /// bands trimmed to the volume ratio, or nil when some arterial has no progression line in a direction
    /// (MAXBAND requires one even for a zero band).
    public func objective(offsets: [Double], choices: [[Int]]) -> Double? {
        var total = 0.0
        for (a, art) in arterials.enumerated() {
            let offs = art.intersections.map { offsets[$0] }
            let bands = BandEvaluator.progression(art.problem, offsets: offs, choices: choices[a])
            guard bands.outbound >= -1e-9, bands.inbound >= -1e-9 else { return nil }
            total += art.weight * NetworkOptimizer.ratioTrimmed(max(bands.outbound, 0), max(bands.inbound, 0),
                                                                art.problem.ratio)
        }
        return total
    }
}
