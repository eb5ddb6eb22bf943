import Hummingbird
import PinganAccess
import PinganGovernance
import PinganKernel

/// `GET /api/v1/me`: who I am, what I may do, where my scope starts, and how the UI is set up.
struct MeRoutes {
    let grids: GridService
    let map: MapSettings
    let reads: ReadAudit

    struct ScopeDTO: Encodable { var layer: String; var code: String; var name: String; var level: Int }
    struct PartDTO: Encodable {
        var key: String
        var name: String
        var available: Bool
        var note: String?
        /// Why an unavailable entry is closed, as its badge says it: `pending` (not built yet, 建设中) or
        /// `forbidden` (built, but not for this role, 无权限).
        var closed: String?
        /// Where the navigation entry goes (the UI falls back to the part's placeholder page).
        var href: String?
        /// Who sees the entry at all.
        var permissions: Set<Permission> = [.gridsRead]
        enum CodingKeys: String, CodingKey { case key, name, available, note, closed, href }
    }
    struct Out: Encodable {
        var username: String
        var displayName: String
        var role: String
        var roleName: String
        var permissions: [String]
        var scopes: [ScopeDTO]
        var map: MapSettings
        var parts: [PartDTO]
    }

    static let parts: [PartDTO] = [
        PartDTO(key: "governance", name: "网格与基础数据", available: true, note: nil),
        PartDTO(key: "cases", name: "网格事件与调解", available: true, note: nil, href: "#/events",
                permissions: [.eventsRead, .dashboardsRead]),
        PartDTO(key: "command", name: "指挥中心（情指勤舆督）", available: false,
                note: "即将上线：110/122 警情接报、就近派警、勤务排班、舆情预警，以及每项任务\"日清零\"督办。", closed: "pending"),
        PartDTO(key: "sensing", name: "视频与卡口（雪亮工程）", available: false,
                note: "即将上线：摄像机上图、城市级车牌识别、车辆轨迹，以及套牌、布控与拥堵实时告警。", closed: "pending"),
        PartDTO(key: "signals", name: "智慧信号（智慧交管）", available: true, note: nil, href: "#/signals"),
    ]

    /// The parts as one user sees them: entries the role may open at all, and signals marked unavailable
    /// (with why) for roles that may not read signal plans.
    static func parts(for identity: Identity) -> [PartDTO] {
        parts.filter { !$0.permissions.isDisjoint(with: identity.role.permissions) }.map { part in
            guard part.key == "signals", !identity.can(.signalsRead) else { return part }
            return PartDTO(key: part.key, name: part.name, available: false,
                           note: "信号配时与干线绿波由交通工程师（交警）使用，当前角色无查看权限。", closed: "forbidden")
        }
    }

    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("me") { request, context in
            let identity = try context.requireIdentity()
            await reads.record(context, "me.read", query: "\(request.uri)", target: "user:\(identity.username)")
            var scopes: [ScopeDTO] = []
            if identity.can(.gridsRead) {
                for layer in GridLayer.allCases {
                    for s in try await grids.roots(for: identity, layer: layer) {
                        scopes.append(ScopeDTO(layer: layer.rawValue, code: s.code, name: s.name, level: s.level))
                    }
                }
            }
            return try JSONResponse.make(Out(
                username: identity.username, displayName: identity.displayName, role: identity.role.rawValue,
                roleName: identity.role.chineseName, permissions: identity.role.permissions.sorted().map(\.rawValue),
                scopes: scopes, map: map, parts: identity.can(.gridsRead) ? Self.parts(for: identity) : []))
        }
    }
}

/// Map defaults for the UI. No tiles by default: the intranet has no internet; a site with
/// its own tile server sets `tileUrl`.
public struct MapSettings: Encodable, Sendable {
    public var tileUrl: String?
    public var center: [Double]
    public var zoom: Int

    public init(tileUrl: String? = nil, center: [Double] = [27.702, 113.1427], zoom: Int = 11) {
        self.tileUrl = tileUrl
        self.center = center
        self.zoom = zoom
    }
}
