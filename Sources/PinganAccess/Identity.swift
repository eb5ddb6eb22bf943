import PinganKernel

/// The user behind a request, as of that request: role, department and scopes are read with
/// the session, so a change takes effect on the next request.
public struct Identity: Sendable, Hashable {
    public var userID: String
    public var username: String
    public var displayName: String
    public var role: Role
    public var department: String?
    public var scope: Scope

    public init(userID: String, username: String, displayName: String, role: Role, department: String?, scope: Scope) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.department = department
        self.scope = scope
    }

    public func can(_ permission: Permission) -> Bool { role.permissions.contains(permission) }

    /// Throws 403 unless the role has the permission.
    public func require(_ permission: Permission) throws {
        guard can(permission) else { throw Problem.forbidden() }
    }
}
