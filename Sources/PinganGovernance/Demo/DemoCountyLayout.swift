import PinganKernel

/// A demo county modelled on 渌口区 (Lukou district, Zhuzhou, Hunan), as pure geometry: two grid
/// trees over the same ground, each node's outline exactly the union of its children's.
///
/// Code scheme (all digits):
/// - governance: district `430212`; town `430212` + 3 (statistical: 1xx 镇, 2xx 乡); area (片) =
///   town + 2 (`01`…); village/community = town + 3 (communities `001`…, villages `201`…);
///   unit grid = village + 3 (`001`…).
/// - police: bureau `430212` (株洲市公安局渌口分局); station = `430212` + `5` + 2-digit sequence
///   (`430212501`…, 9 digits, kept clear of the town codes 1xx/2xx so no code names both a town
///   and a station); police grid = station + 3 (`430212501001`…, 12 digits, level 3).
public struct DemoCountyLayout: Sendable {
    /// Every node of both layers, parents before children (layer, then level, then code).
    public var grids: [DemoGridSpec]
    /// A point inside the district suitable for centring a map on it.
    public var center: GeoPoint

    /// The layout for a seed: the same seed gives the same layout; another seed moves the
    /// outlines and renames villages, but every count stays the same.
    public static func generate(seed: UInt64) -> DemoCountyLayout {
        var attemptSeed = seed
        for _ in 0..<64 {
            if let layout = DemoCountyBuilder(seed: attemptSeed).build() { return layout }
            var next = SeededGenerator(seed: attemptSeed)
            attemptSeed = next.next()
        }
        // Each attempt fails only on an unlucky draw of shapes; 64 in a row does not happen.
        fatalError("演示区县布局生成失败")
    }
}
