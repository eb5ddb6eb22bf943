/// What a user may do. Roles are fixed by the product (MLPS separation of duties); what each
/// may reach is further limited by the user's scopes.
public enum Role: String, Sendable, Codable, CaseIterable {
    case systemAdministrator = "sysadmin"
    case securityAdministrator = "secadmin"
    case securityAuditor = "auditor"
    case districtOperator = "district-operator"
    case townOperator = "town-operator"
    case villageOperator = "village-operator"
    case gridWorker = "grid-worker"
    case departmentOfficer = "department-officer"
    case policeOfficer = "police-officer"
    case trafficEngineer = "traffic-engineer"
    case leader

    /// The name the UI shows.
    public var chineseName: String {
        switch self {
        case .systemAdministrator: "系统管理员"
        case .securityAdministrator: "安全管理员"
        case .securityAuditor: "安全审计员"
        case .districtOperator: "区综治中心"
        case .townOperator: "镇（街道）综治中心"
        case .villageOperator: "村（社区）综治中心"
        case .gridWorker: "网格员"
        case .departmentOfficer: "部门人员"
        case .policeOfficer: "民警"
        case .trafficEngineer: "交通工程师"
        case .leader: "领导"
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        // Manages users and configuration; reads no personal records and not the audit log.
        case .systemAdministrator: [.usersManage, .configManage, .gridsRead]
        case .securityAdministrator: [.rolesManage, .scopesManage, .usersRead]
        // Reads the audit log and nothing else.
        case .securityAuditor: [.auditRead]
        case .districtOperator, .townOperator, .villageOperator:
            [.gridsRead, .gridsWrite, .peopleRead, .peopleReveal, .specialGroupsRead, .importsWrite, .importsMerge, .eventsRead, .eventsWrite]
        // A grid worker may reveal the phone (never the ID) of people in their own grid.
        case .gridWorker: [.gridsRead, .peopleRead, .phoneReveal, .specialGroupsRead, .eventsRead, .eventsWrite]
        // Reads the events dispatched to the department and only the base data those events show;
        // imports its department's data when the security administrator has bound it a source.
        case .departmentOfficer: [.gridsRead, .eventsRead, .eventsWrite, .importsWrite]
        case .policeOfficer: [.gridsRead, .peopleRead, .peopleReveal, .specialGroupsRead, .eventsRead]
        case .trafficEngineer: [.gridsRead, .signalsRead, .signalsWrite]
        case .leader: [.gridsRead, .dashboardsRead, .peopleRead]
        }
    }
}

public enum Permission: String, Sendable, Codable, CaseIterable, Comparable {
    case gridsRead = "grids.read"
    case gridsWrite = "grids.write"
    case usersManage = "users.manage"
    case usersRead = "users.read"
    case rolesManage = "roles.manage"
    case scopesManage = "scopes.manage"
    case configManage = "config.manage"
    case auditRead = "audit.read"
    case peopleRead = "people.read"
    case peopleReveal = "people.reveal"
    case phoneReveal = "people.reveal-phone"
    case specialGroupsRead = "special-groups.read"
    case importsWrite = "imports.write"
    /// Decides the rows an import held back because their identity lies outside the importer's scope.
    case importsMerge = "imports.merge"
    case eventsRead = "events.read"
    case eventsWrite = "events.write"
    case signalsRead = "signals.read"
    case signalsWrite = "signals.write"
    case dashboardsRead = "dashboards.read"

    public static func < (a: Permission, b: Permission) -> Bool { a.rawValue < b.rawValue }
}
