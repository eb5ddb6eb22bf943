extension MultiPolygon {
    /// Every structural problem: empty shape, rings that are unclosed, too short, of zero area or
    /// self-intersecting (segment indices named), rings of one polygon that touch, holes outside
    /// their outer ring or inside another hole, and polygons whose interiors overlap. Consecutive
    /// repeated points are allowed. An empty result means the exact predicates can be trusted.
    public func validate() -> [GeometryIssue] {
        guard !polygons.isEmpty else {
            return [GeometryIssue(kind: .noPolygons, polygon: nil, message: "图形中没有任何多边形")]
        }
        var issues: [GeometryIssue] = []
        var sound: [Int] = []
        for (pi, polygon) in polygons.enumerated() {
            let found = validatePolygon(polygon, index: pi)
            issues += found
            if found.isEmpty { sound.append(pi) }
        }
        issues += overlappingPolygons(among: sound)
        return issues
    }

    private func validatePolygon(_ polygon: Polygon, index pi: Int) -> [GeometryIssue] {
        let rings = [polygon.outer] + polygon.holes
        var issues: [GeometryIssue] = []
        for (ri, ring) in rings.enumerated() {
            issues += validateRing(ring, polygon: pi, ring: ri)
        }
        guard issues.isEmpty else { return issues }
        issues += ringsTouching(rings, polygon: pi)
        guard issues.isEmpty else { return issues }
        issues += misplacedHoles(polygon, polygon: pi)
        return issues
    }

    private func validateRing(_ ring: Ring, polygon pi: Int, ring ri: Int) -> [GeometryIssue] {
        let label = ringLabel(polygon: pi, ring: ri)
        guard ring.points.count >= 4 else {
            return [GeometryIssue(kind: .tooFewPoints, polygon: pi, rings: [ri],
                                  message: "\(label)只有 \(ring.points.count) 个点，闭合环至少需要 4 个点")]
        }
        guard ring.isClosed else {
            return [GeometryIssue(kind: .unclosedRing, polygon: pi, rings: [ri],
                                  message: "\(label)未闭合：首点与末点不同")]
        }
        let vertices = ring.cleanedVertices
        // All points on one line: report that, rather than the overlaps it implies. Any other ring
        // of zero area crosses itself (a symmetric bow-tie) and is reported as such.
        guard vertices.count >= 3, vertices.contains(where: { cross(vertices[0].point, vertices[1].point, $0.point) != 0 }) else {
            return [GeometryIssue(kind: .zeroArea, polygon: pi, rings: [ri], message: "\(label)面积为零")]
        }
        return selfIntersections(vertices, polygon: pi, ring: ri, label: label)
    }

    /// Pairs of segments of one ring that meet other than at their shared vertex; a sweep over
    /// segments sorted by their west end keeps it near-linear for real shapes.
    private func selfIntersections(_ vs: [(point: P2, index: Int)], polygon pi: Int, ring ri: Int,
                                   label: String) -> [GeometryIssue] {
        let n = vs.count
        let segs = (0..<n).map { Edge(a: vs[$0].point, b: vs[($0 + 1) % n].point) }
        let order = (0..<n).sorted { segs[$0].minX < segs[$1].minX }
        var issues: [GeometryIssue] = []
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                if segs[j].minX > segs[i].maxX { break }
                let (lo, hi) = (min(i, j), max(i, j))
                let kind = contact(segs[lo].a, segs[lo].b, segs[hi].a, segs[hi].b)
                let adjacent = hi == lo + 1 || (lo == 0 && hi == n - 1)
                // Neighbouring segments always share a vertex; only folding back onto each other is wrong.
                if kind == .disjoint || (adjacent && kind == .touch) { continue }
                let a = vs[lo].index, b = vs[hi].index
                issues.append(GeometryIssue(kind: .selfIntersection, polygon: pi, rings: [ri], segments: [a, b],
                                            message: "\(label)自相交：第 \(a + 1) 段与第 \(b + 1) 段相交"))
                if issues.count >= 20 { break }
            }
            if issues.count >= 20 { break }
        }
        return issues.sorted { $0.segments.lexicographicallyPrecedes($1.segments) }
    }

    /// Different rings of one polygon must not share any point.
    private func ringsTouching(_ rings: [Ring], polygon pi: Int) -> [GeometryIssue] {
        guard rings.count > 1 else { return [] }
        let cleaned = rings.map(\.cleanedVertices)
        var issues: [GeometryIssue] = []
        for r1 in 0..<rings.count {
            for r2 in (r1 + 1)..<rings.count {
                if let (s1, s2) = firstContact(cleaned[r1], cleaned[r2]) {
                    issues.append(GeometryIssue(
                        kind: .ringsIntersect, polygon: pi, rings: [r1, r2], segments: [s1, s2],
                        message: "\(ringLabel(polygon: pi, ring: r1))第 \(s1 + 1) 段与\(ringLabel(polygon: pi, ring: r2))第 \(s2 + 1) 段相交或接触"))
                }
            }
        }
        return issues
    }

    private func firstContact(_ a: [(point: P2, index: Int)], _ b: [(point: P2, index: Int)]) -> (Int, Int)? {
        for i in a.indices {
            let p = a[i].point, q = a[(i + 1) % a.count].point
            for j in b.indices where contact(p, q, b[j].point, b[(j + 1) % b.count].point) != .disjoint {
                return (a[i].index, b[j].index)
            }
        }
        return nil
    }

    /// With no ring touching another, one vertex tells where a whole hole lies.
    private func misplacedHoles(_ polygon: Polygon, polygon pi: Int) -> [GeometryIssue] {
        let outerEdges = MultiPolygon(Polygon(outer: polygon.outer)).orientedEdges()
        let holeEdges = polygon.holes.map { MultiPolygon(Polygon(outer: $0)).orientedEdges() }
        var issues: [GeometryIssue] = []
        for (h, hole) in polygon.holes.enumerated() {
            guard let v = hole.cleanedVertices.first?.point else { continue }
            if locate(v, edges: outerEdges) != .inside {
                issues.append(GeometryIssue(kind: .holeOutsideOuter, polygon: pi, rings: [h + 1],
                                            message: "\(ringLabel(polygon: pi, ring: h + 1))不在外环之内"))
                continue
            }
            for (other, edges) in holeEdges.enumerated() where other != h && locate(v, edges: edges) == .inside {
                issues.append(GeometryIssue(kind: .holesNested, polygon: pi, rings: [h + 1, other + 1],
                                            message: "\(ringLabel(polygon: pi, ring: h + 1))位于第 \(other + 1) 个内环之内"))
            }
        }
        return issues
    }

    /// Polygons of one multipolygon may touch but must not share interior.
    private func overlappingPolygons(among indices: [Int]) -> [GeometryIssue] {
        guard indices.count > 1 else { return [] }
        let prepared = indices.map { PreparedShape(MultiPolygon(polygons[$0])) }
        var issues: [GeometryIssue] = []
        for x in 0..<indices.count {
            for y in (x + 1)..<indices.count where prepared[x].boxIntersects(prepared[y]) {
                if relate(prepared[x], prepared[y]).interiorsIntersect {
                    let (i, j) = (indices[x], indices[y])
                    issues.append(GeometryIssue(kind: .polygonsOverlap, polygon: i, otherPolygon: j,
                                                message: "第 \(i + 1) 个多边形与第 \(j + 1) 个多边形重叠"))
                }
            }
        }
        return issues
    }
}
