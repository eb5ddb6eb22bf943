// What a traffic engineer reads off a coordinated plan: bands, efficiency, attainability, time-space diagram.

/// One intersection in a time-space diagram.
public struct DiagramNode: Sendable, Codable, Hashable {
    public var id: String
    /// Distance from the first intersection, m.
    public var position: Double
    /// Through greens [start, end) in seconds over the diagram's horizon.
    public var outboundGreens: [[Double]]
    public var inboundGreens: [[Double]]
}

/// A time-space diagram: greens per intersection and where the bands pass them.
public struct TimeSpaceDiagram: Sendable, Codable, Hashable {
    public var cycle: Double
    public var horizon: Double
    public var nodes: [DiagramNode]
    /// Per intersection, the time window [start, end) the outbound band occupies there (first passage).
    public var outboundBand: [[Double]]
    public var inboundBand: [[Double]]
}

/// Bands and their quality for one arterial plan.
public struct BandReport: Sendable, Codable, Hashable {
    public var cycle: Double
    public var outbound: Double
    public var inbound: Double
    /// (b + b̄) / 2C.
    public var efficiency: Double
    /// Band over the narrowest through green, per direction (1 = the band uses all the green it could).
    public var outboundAttainability: Double
    public var inboundAttainability: Double
    public var diagram: TimeSpaceDiagram

    /// Measures a plan's bands on a problem and draws its diagram.
    public static func measure(_ p: BandProblem, offsets: [Double], choices: [Int], ids: [String], distances: [Double],
                               cycles: Int = 3) -> BandReport {
        let bands = BandEvaluator.bands(p, offsets: offsets, choices: choices)
        let minOut = p.nodes.indices.map { p.nodes[$0][choices[$0]].outboundLength }.min() ?? 0
        let minIn = p.nodes.indices.map { p.nodes[$0][choices[$0]].inboundLength }.min() ?? 0
        let c = p.cycle
        var position = 0.0
        var nodes: [DiagramNode] = []
        for i in p.nodes.indices {
            if i > 0 { position += distances[i - 1] }
            let w = p.nodes[i][choices[i]]
            func greens(_ start: Double, _ length: Double) -> [[Double]] {
                (-1...cycles).map { k in
                    let s = normalized(offsets[i] + start, c) + Double(k) * c
                    return [s, s + length]
                }.filter { $0[1] > 0 && $0[0] < Double(cycles) * c }
            }
            nodes.append(DiagramNode(id: i < ids.count ? ids[i] : "#\(i)", position: position,
                                     outboundGreens: greens(w.outboundStart, w.outboundLength),
                                     inboundGreens: greens(w.inboundStart, w.inboundLength)))
        }
        let outStart = bandStart(p, offsets, choices, bands.outbound, outbound: true)
        let inStart = bandStart(p, offsets, choices, bands.inbound, outbound: false)
        let outBand = p.nodes.indices.map { i in [outStart + p.outboundArrival(i), outStart + p.outboundArrival(i) + bands.outbound] }
        let inBand = p.nodes.indices.map { i in [inStart + p.inboundArrival(i), inStart + p.inboundArrival(i) + bands.inbound] }
        return BandReport(cycle: c, outbound: bands.outbound, inbound: bands.inbound,
                          efficiency: c > 0 ? (bands.outbound + bands.inbound) / (2 * c) : 0,
                          outboundAttainability: minOut > 0 ? bands.outbound / minOut : 0,
                          inboundAttainability: minIn > 0 ? bands.inbound / minIn : 0,
                          diagram: TimeSpaceDiagram(cycle: c, horizon: Double(cycles) * c, nodes: nodes,
                                                    outboundBand: outBand, inboundBand: inBand))
    }

    /// Earliest time in [0, C) at which the band's front can leave the first (outbound) or last (inbound) node.
    static func bandStart(_ p: BandProblem, _ offsets: [Double], _ choices: [Int], _ width: Double, outbound: Bool) -> Double {
        let c = p.cycle
        guard c > 0 else { return 0 }
        // Scan in 0.05 s steps; the diagram only needs to be drawn, the width is exact.
        var t = 0.0
        while t < c {
            let fits = p.nodes.indices.allSatisfy { i in
                let w = p.nodes[i][choices[i]]
                let arrive = t + (outbound ? p.outboundArrival(i) : p.inboundArrival(i))
                let start = offsets[i] + (outbound ? w.outboundStart : w.inboundStart)
                let length = outbound ? w.outboundLength : w.inboundLength
                return normalized(arrive - start, c) <= length - width + 1e-6
            }
            if fits { return t }
            t += 0.05
        }
        return 0
    }
}
