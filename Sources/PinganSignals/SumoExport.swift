// Plans → a SUMO additional file of `<tlLogic>` programs with full phases (the splits included).

/// Writes plans as SUMO programs.
public enum SumoExport {
    /// What a SUMO link of an arterial junction follows.
    enum LinkRole { case outboundThrough, inboundThrough, outboundLeft, inboundLeft, cross, crossThrough }

    /// The SUMO program of one junction for a timing; `programID` names it.
    public static func program(_ net: SumoNetwork, corridor: SumoCorridor, node i: Int, timing t: NodeTiming,
                               programID: String) -> SumoProgram {
        let tl = corridor.trafficLights[i]
        let links = net.links(of: tl)
        let count = (links.map(\.linkIndex).max() ?? -1) + 1
        let outA = corridor.arterial.outboundApproaches[i], inA = corridor.arterial.inboundApproaches[i]
        // Green intervals per link over the cycle, with the character SUMO shows during them.
        var greens = [[(start: Double, length: Double, ch: Character)]](repeating: [], count: count)
        for l in links where l.linkIndex >= 0 {
            let own: (start: Double, length: Double)
            var ch: Character = "G"
            switch (l.from, l.turn) {
            case (outA, .left), (outA, .uTurn):
                if let w = t.outboundLeftWindow { own = w } else { own = t.outboundThrough; ch = "g" }
            case (inA, .left), (inA, .uTurn):
                if let w = t.inboundLeftWindow { own = w } else { own = t.inboundThrough; ch = "g" }
            case (outA, _): own = t.outboundThrough; ch = l.turn == .right ? "g" : "G"
            case (inA, _): own = t.inboundThrough; ch = l.turn == .right ? "g" : "G"
            default: own = t.crossWindow; ch = l.turn == .through ? "G" : "g"
            }
            greens[l.linkIndex].append((own.start, own.length, ch))
        }
        let amber = t.clearances.amber
        var cuts: Set<Double> = [0, t.cycle]
        for g in greens.flatMap({ $0 }) { cuts.formUnion([g.start, g.start + g.length, min(g.start + g.length + amber, t.cycle)]) }
        let sorted = cuts.filter { $0 >= 0 && $0 <= t.cycle }.sorted()
        var phases: [SumoPhase] = []
        for (s, e) in zip(sorted, sorted.dropFirst()) where e - s > 1e-6 {
            let mid = (s + e) / 2
            let state = String((0..<count).map { k -> Character in
                for g in greens[k] {
                    if mid >= g.start && mid < g.start + g.length { return g.ch }
                }
                for g in greens[k] where mid >= g.start + g.length && mid < g.start + g.length + amber {
                    return "y"
                }
                return "r"
            })
            if let last = phases.last, last.state == state { phases[phases.count - 1].duration += e - s }
            else { phases.append(SumoPhase(duration: e - s, state: state)) }
        }
        return SumoProgram(id: tl, programID: programID, offset: normalized(t.offset, t.cycle), phases: phases)
    }

    /// The `<additional>` document for programs. With `switches`, a WAUT changes programs at times of day.
    public static func additional(_ programs: [SumoProgram], switches: [(time: Double, programID: String)] = [],
                                  comment: String = "Pingan 智慧交管 配时方案") -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!-- \(xmlEscape(comment)) -->", "<additional>"]
        for p in programs {
            lines.append("    <tlLogic id=\"\(xmlEscape(p.id))\" type=\"static\" programID=\"\(xmlEscape(p.programID))\" offset=\"\(number(p.offset))\">")
            for ph in p.phases { lines.append("        <phase duration=\"\(number(ph.duration))\" state=\"\(ph.state)\"/>") }
            lines.append("    </tlLogic>")
        }
        if !switches.isEmpty {
            let start = switches.first?.programID ?? ""
            lines.append("    <WAUT id=\"pingan-day\" refTime=\"0\" startProg=\"\(xmlEscape(start))\" period=\"86400\">")
            for s in switches { lines.append("        <wautSwitch time=\"\(number(s.time))\" to=\"\(xmlEscape(s.programID))\"/>") }
            lines.append("    </WAUT>")
            for id in Array(Set(programs.map(\.id))).sorted() {
                lines.append("    <wautJunction wautID=\"pingan-day\" junctionID=\"\(xmlEscape(id))\"/>")
            }
        }
        lines.append("</additional>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func xmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
