import Foundation

/// A stored user as administrators see it (never the password hash).
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var username: String
    public var displayName: String
    public var role: Role
    public var department: String?
    public var lockedUntil: Date?
    public var disabled: Bool
    public var scope: Scope

    public func isLocked(at now: Date) -> Bool { disabled || (lockedUntil.map { $0 > now } ?? false) }
}

/// What it takes to create a user.
public struct NewUser: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var department: String?
    public var scope: Scope

    public init(username: String, displayName: String, role: Role, department: String? = nil, scope: Scope = .empty) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.department = department
        self.scope = scope
    }
}
