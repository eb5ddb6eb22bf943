// The data a traffic engineer keeps about signalized intersections, their timing plans and arterials.

/// What a movement does at the stop line.
public enum Turn: String, Sendable, Codable, Hashable, CaseIterable {
    case left, through, right, uTurn
}

/// One movement of an approach (e.g. the through traffic of the east approach) with its demand.
public struct Movement: Sendable, Codable, Hashable {
    /// Identifier unique within the intersection, e.g. `E.through` or a SUMO `fromEdge>toEdge`.
    public var id: String
    public var turn: Turn
    /// Lanes the movement may use (a shared lane counts for each movement it serves).
    public var lanes: Int
    /// Saturation flow in vehicles per hour of green per lane.
    public var saturationFlowPerLane: Double
    /// Measured demand in vehicles per hour.
    public var volume: Double
    /// True when the movement has a lane of its own (a protected left-turn phase is possible).
    public var exclusiveLane: Bool

    /// Creates a movement.
    public init(id: String, turn: Turn, lanes: Int, saturationFlowPerLane: Double = 1800, volume: Double, exclusiveLane: Bool = false) {
        self.id = id; self.turn = turn; self.lanes = lanes
        self.saturationFlowPerLane = saturationFlowPerLane; self.volume = volume; self.exclusiveLane = exclusiveLane
    }

    /// Saturation flow of all its lanes together (veh/h).
    public var saturationFlow: Double { Double(max(lanes, 0)) * saturationFlowPerLane }
    /// Flow ratio y = q / s (0 when the movement has no lane).
    public var flowRatio: Double { saturationFlow > 0 ? volume / saturationFlow : 0 }
}

/// An approach (incoming road) of an intersection.
public struct Approach: Sendable, Codable, Hashable {
    public var id: String
    /// Direction the traffic comes from, degrees clockwise from north (0 = from the north).
    public var bearing: Double
    public var lanes: Int
    public var movements: [Movement]

    /// Creates an approach.
    public init(id: String, bearing: Double, lanes: Int, movements: [Movement]) {
        self.id = id; self.bearing = bearing; self.lanes = lanes; self.movements = movements
    }

    /// The movement of a kind, if the approach has one.
    public func movement(_ turn: Turn) -> Movement? { movements.first { $0.turn == turn } }
}

/// A position either in metres of a local plane (SUMO) or in WGS 84 degrees.
public struct Position: Sendable, Codable, Hashable {
    public var x: Double
    public var y: Double
    /// Creates a position.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A signalized intersection.
public struct Intersection: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var position: Position
    /// Code of the unit grid the intersection lies in (empty when unknown).
    public var gridCode: String
    public var approaches: [Approach]
    /// Shortest green that lets pedestrians cross the arterial (they walk during the cross-street phase), s.
    public var pedestrianMinimumCross: Double
    /// Shortest green that lets pedestrians cross the side street (they walk with the arterial through), s.
    public var pedestrianMinimumAlong: Double

    /// Creates an intersection.
    public init(id: String, name: String = "", position: Position = Position(x: 0, y: 0), gridCode: String = "",
                approaches: [Approach], pedestrianMinimumCross: Double = 15, pedestrianMinimumAlong: Double = 10) {
        self.id = id; self.name = name.isEmpty ? id : name; self.position = position; self.gridCode = gridCode
        self.approaches = approaches
        self.pedestrianMinimumCross = pedestrianMinimumCross; self.pedestrianMinimumAlong = pedestrianMinimumAlong
    }

    /// The approach with an id.
    public func approach(_ id: String) -> Approach? { approaches.first { $0.id == id } }
}

/// One phase of a timing plan: what runs green, for how long, and its clearance.
public struct SignalPhase: Sendable, Codable, Hashable {
    public var name: String
    /// Ids of the movements that have green in this phase.
    public var movements: [String]
    public var green: Double
    public var amber: Double
    public var allRed: Double
    /// Shortest green the pedestrians crossing during this phase need (0 = none).
    public var pedestrianMinimum: Double

    /// Creates a phase.
    public init(name: String, movements: [String], green: Double, amber: Double = 3, allRed: Double = 0, pedestrianMinimum: Double = 0) {
        self.name = name; self.movements = movements; self.green = green; self.amber = amber
        self.allRed = allRed; self.pedestrianMinimum = pedestrianMinimum
    }

    /// Green plus clearance, s.
    public var duration: Double { green + amber + allRed }
}

/// A fixed-time plan of one intersection. Phase 0 starts at t = offset (mod cycle), as in SUMO.
public struct SignalPlan: Sendable, Codable, Hashable {
    public var intersectionId: String
    public var cycle: Double
    public var offset: Double
    public var phases: [SignalPhase]

    /// Creates a plan.
    public init(intersectionId: String, cycle: Double, offset: Double, phases: [SignalPhase]) {
        self.intersectionId = intersectionId; self.cycle = cycle; self.offset = offset; self.phases = phases
    }
}

/// The four periods of a working day that get their own plans.
public enum DayPeriod: String, Sendable, Codable, Hashable, CaseIterable {
    case morningPeak, offPeak, eveningPeak, night

    /// Chinese label.
    public var label: String {
        switch self {
        case .morningPeak: "早高峰"
        case .offPeak: "平峰"
        case .eveningPeak: "晚高峰"
        case .night: "夜间"
        }
    }
}

/// One entry of a time-of-day schedule: a period from a minute of the day (inclusive) to another (exclusive).
public struct ScheduleEntry: Sendable, Codable, Hashable {
    public var period: DayPeriod
    public var startMinute: Int
    public var endMinute: Int
    /// Creates an entry.
    public init(period: DayPeriod, startMinute: Int, endMinute: Int) {
        self.period = period; self.startMinute = startMinute; self.endMinute = endMinute
    }
}

/// Which period runs at each minute of the day.
public struct TimeOfDaySchedule: Sendable, Codable, Hashable {
    public var entries: [ScheduleEntry]
    /// Creates a schedule.
    public init(entries: [ScheduleEntry]) { self.entries = entries }

    /// The usual county day: 7:00–9:00 morning peak, 9:00–17:00 off-peak, 17:00–19:30 evening peak,
    /// 19:30–22:30 off-peak, night otherwise.
    public static let standard = TimeOfDaySchedule(entries: [
        ScheduleEntry(period: .night, startMinute: 0, endMinute: 420),
        ScheduleEntry(period: .morningPeak, startMinute: 420, endMinute: 540),
        ScheduleEntry(period: .offPeak, startMinute: 540, endMinute: 1020),
        ScheduleEntry(period: .eveningPeak, startMinute: 1020, endMinute: 1170),
        ScheduleEntry(period: .offPeak, startMinute: 1170, endMinute: 1350),
        ScheduleEntry(period: .night, startMinute: 1350, endMinute: 1440),
    ])

    /// The period in force at a minute of the day.
    public func period(atMinute minute: Int) -> DayPeriod? {
        let m = ((minute % 1440) + 1440) % 1440
        return entries.first { $0.startMinute <= m && m < $0.endMinute }?.period
    }
}

/// An arterial: intersections in order (outbound = first to last), the links between them and their speeds.
public struct Arterial: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var intersectionIds: [String]
    /// Distance from intersection k to k+1 (metres), one per link.
    public var distances: [Double]
    /// Design speed of link k travelled outbound (k → k+1), m/s.
    public var outboundSpeeds: [Double]
    /// Design speed of link k travelled inbound (k+1 → k), m/s.
    public var inboundSpeeds: [Double]
    /// Per intersection, the approach outbound traffic arrives on.
    public var outboundApproaches: [String]
    /// Per intersection, the approach inbound traffic arrives on.
    public var inboundApproaches: [String]

    /// Creates an arterial.
    public init(id: String, name: String = "", intersectionIds: [String], distances: [Double],
                outboundSpeeds: [Double], inboundSpeeds: [Double],
                outboundApproaches: [String], inboundApproaches: [String]) {
        self.id = id; self.name = name.isEmpty ? id : name; self.intersectionIds = intersectionIds
        self.distances = distances; self.outboundSpeeds = outboundSpeeds; self.inboundSpeeds = inboundSpeeds
        self.outboundApproaches = outboundApproaches; self.inboundApproaches = inboundApproaches
    }

    /// Outbound travel time of each link at design speed, s.
    public var outboundTravelTimes: [Double] { zip(distances, outboundSpeeds).map { $0 / max($1, 0.1) } }
    /// Inbound travel time of each link at design speed, s.
    public var inboundTravelTimes: [Double] { zip(distances, inboundSpeeds).map { $0 / max($1, 0.1) } }
}
