// What the signals API answers (see notes/signals-api.md). Optional values the contract shows as `null`
// are encoded as null, not left out.

/// Headline figures of a plan on an arterial.
public struct BandFigures: Sendable, Codable, Hashable {
    public var cycle: Double
    public var outbound: Double
    public var inbound: Double
    /// (b + b̄) / 2C.
    public var efficiency: Double
    init(_ r: BandReport) { cycle = r.cycle; outbound = r.outbound; inbound = r.inbound; efficiency = r.efficiency }
}

/// One row of the arterial list.
public struct ArterialListItem: Sendable, Encodable {
    public var id: String
    public var name: String
    public var intersections: Int
    public var lengthMeters: Double
    public var period: String
    public var current: BandFigures
    public var optimized: BandFigures?
    /// Its intersections in order; arterials that cross share some, so a total counts distinct ids.
    public var intersectionIds: [String]
    /// The proposal's state: `pending` (waiting to be applied), `applied`, `stale` (overtaken, see
    /// `ProposalBasis`), or null without a proposal.
    public var proposal: String?

    enum CodingKeys: String, CodingKey { case id, name, intersections, lengthMeters, period, current, optimized, intersectionIds, proposal }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(intersections, forKey: .intersections)
        try c.encode(lengthMeters, forKey: .lengthMeters); try c.encode(period, forKey: .period)
        try c.encode(current, forKey: .current); try c.encode(optimized, forKey: .optimized)
        try c.encode(intersectionIds, forKey: .intersectionIds); try c.encode(proposal, forKey: .proposal)
    }
}

/// A plan on an arterial: offsets, bands and the time-space diagram.
public struct PlanView: Sendable, Encodable {
    public var cycle: Double
    /// Each intersection's cycle (they differ only when the plans are not coordinated).
    public var cycles: [Double]
    public var offsets: [Double]
    public var outbound: Double
    public var inbound: Double
    public var efficiency: Double
    public var outboundAttainability: Double
    public var inboundAttainability: Double
    public var diagram: TimeSpaceDiagram
    public var createdAt: String
    public var createdBy: String
    /// Why there is no band, when the reason is not the offsets (e.g. cycles that differ).
    public var note: String?
    /// For a proposal: the exact MAXBAND optimum before the delay refinement, and when it was applied.
    public var maxband: MaxbandFigures?
    public var appliedAt: String?
    public var appliedBy: String?
    /// For a proposal: why it can no longer be applied (`ProposalBasis.staleness`); nil when it can.
    public var stale: String?

    /// The band optimum of the bandwidth program.
    public struct MaxbandFigures: Sendable, Codable, Hashable {
        public var outbound: Double
        public var inbound: Double
    }

    init(report: BandReport, cycles: [Double], offsets: [Double], createdAt: String, createdBy: String) {
        cycle = report.cycle; self.cycles = cycles; self.offsets = offsets
        outbound = report.outbound; inbound = report.inbound; efficiency = report.efficiency
        outboundAttainability = report.outboundAttainability; inboundAttainability = report.inboundAttainability
        diagram = report.diagram; self.createdAt = createdAt; self.createdBy = createdBy
    }
}

/// One intersection as an arterial shows it.
public struct ArterialNodeView: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    /// Distance from the first intersection, m.
    public var position: Double
    public var lat: Double
    public var lng: Double
    public var gridCode: String
}

/// An arterial with its current plans and the stored proposal.
public struct ArterialView: Sendable, Encodable {
    public var id: String
    public var name: String
    public var period: String
    public var periodName: String
    public var lengthMeters: Double
    public var intersections: [ArterialNodeView]
    public var outboundSpeeds: [Double]
    public var inboundSpeeds: [Double]
    public var current: PlanView
    public var optimized: PlanView?

    enum CodingKeys: String, CodingKey {
        case id, name, period, periodName, lengthMeters, intersections, outboundSpeeds, inboundSpeeds, current, optimized
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(period, forKey: .period)
        try c.encode(periodName, forKey: .periodName); try c.encode(lengthMeters, forKey: .lengthMeters)
        try c.encode(intersections, forKey: .intersections); try c.encode(outboundSpeeds, forKey: .outboundSpeeds)
        try c.encode(inboundSpeeds, forKey: .inboundSpeeds); try c.encode(current, forKey: .current)
        try c.encode(optimized, forKey: .optimized)
    }
}

/// One row of the intersection list.
public struct IntersectionListItem: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var gridCode: String
    public var lat: Double
    public var lng: Double
    public var arterials: [String]
}

/// A movement with the volume of the period asked and of every period.
public struct MovementView: Sendable, Codable, Hashable {
    public var id: String
    public var turn: String
    public var lanes: Int
    public var saturationFlowPerLane: Double
    public var exclusiveLane: Bool
    public var volume: Double
    public var volumes: [String: Double]
}

/// An approach of an intersection.
public struct ApproachView: Sendable, Codable, Hashable {
    public var id: String
    public var bearing: Double
    public var lanes: Int
    public var movements: [MovementView]
}

/// A phase as the API reads and writes it.
public struct PhaseView: Sendable, Codable, Hashable {
    public var name: String
    public var movements: [String]
    public var green: Double
    public var amber: Double
    public var allRed: Double
    public var pedestrianMinimum: Double

    init(_ p: SignalPhase) {
        name = p.name; movements = p.movements; green = p.green; amber = p.amber; allRed = p.allRed; pedestrianMinimum = p.pedestrianMinimum
    }
}

/// The current plan of one period.
public struct IntersectionPlanView: Sendable, Encodable {
    public var period: String
    public var periodName: String
    public var cycle: Double
    public var offset: Double
    public var phases: [PhaseView]
    public var updatedAt: String
    public var updatedBy: String
    /// The arterial the plan is timed for (null for none).
    public var arterial: String?
    /// `demo`, `optimized` or `manual`.
    public var source: String

    enum CodingKeys: String, CodingKey { case period, periodName, cycle, offset, phases, updatedAt, updatedBy, arterial, source }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period); try c.encode(periodName, forKey: .periodName); try c.encode(cycle, forKey: .cycle)
        try c.encode(offset, forKey: .offset); try c.encode(phases, forKey: .phases); try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(updatedBy, forKey: .updatedBy); try c.encode(arterial, forKey: .arterial); try c.encode(source, forKey: .source)
    }
}

/// An earlier (or the current) version of a plan.
public struct PlanHistoryEntry: Sendable, Codable, Hashable {
    public var period: String
    public var version: Int
    public var cycle: Double
    public var offset: Double
    public var source: String
    public var changedBy: String
    public var validFrom: String
    /// Null for the version in force.
    public var validTo: String?

    enum CodingKeys: String, CodingKey { case period, version, cycle, offset, source, changedBy, validFrom, validTo }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period); try c.encode(version, forKey: .version); try c.encode(cycle, forKey: .cycle)
        try c.encode(offset, forKey: .offset); try c.encode(source, forKey: .source); try c.encode(changedBy, forKey: .changedBy)
        try c.encode(validFrom, forKey: .validFrom); try c.encode(validTo, forKey: .validTo)
    }
}

/// One entry of the time-of-day schedule.
public struct ScheduleView: Sendable, Codable, Hashable {
    public var period: String
    public var start: String
    public var end: String
}

/// An intersection with its movements, current plans, history and schedule.
public struct IntersectionView: Sendable, Encodable {
    public var id: String
    public var name: String
    public var lat: Double
    public var lng: Double
    public var gridCode: String
    public var gridPath: String
    /// The period whose volumes `approaches` shows.
    public var period: String
    public var arterials: [String]
    public var approaches: [ApproachView]
    public var pedestrianMinimumCross: Double
    public var pedestrianMinimumAlong: Double
    public var plans: [IntersectionPlanView]
    public var schedule: [ScheduleView]
    /// The latest changes first (at most 40).
    public var history: [PlanHistoryEntry]
}
