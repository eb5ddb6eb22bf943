import ArgumentParser
import Foundation
import PinganAccess
import PinganKernel
import PinganServer

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "用户管理 / Manage users.",
        subcommands: [Add.self, Passwd.self, SetRole.self, List.self, Lock.self, Unlock.self, Source.self])

    static func readPassword(_ given: String?) throws -> String {
        if let given { return given }
        if let env = ProcessInfo.processInfo.environment["PINGAN_PASSWORD"] { return env }
        FileHandle.standardError.write(Data("密码 / password: ".utf8))
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("需要密码 / password required") }
        return line
    }

    static func checkStrength(_ password: String) throws {
        guard password.count >= 8 else { throw ValidationError("密码至少 8 位 / at least 8 characters") }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新增用户 / Add a user.")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "用户名 / username") var username: String
        @Option(help: "角色 / role: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String
        @Option(help: "显示名 / display name") var name: String?
        @Option(help: "管辖网格编码，可多个 / scope grid codes (governance layer)") var scope: [String] = []
        @Option(help: "密码（或环境变量 PINGAN_PASSWORD，或交互输入）/ password") var password: String?

        func run() async throws {
            try await runReportingProblems {
                guard let role = Role(rawValue: role) else { throw ValidationError("未知角色 / unknown role \(role)") }
                let password = try UserCommand.readPassword(password)
                try UserCommand.checkStrength(password)
                let services = try await db.open()
                var roots: [Scope.Root] = []
                for code in scope {
                    guard let node = try await services.grids.store.node(layer: .governance, code: code, at: services.clock.now()) else {
                        throw ValidationError("网格 \(code) 不存在 / no such grid")
                    }
                    roots.append(Scope.Root(layer: "governance", code: code, path: node.path))
                }
                let hash = try await services.hasher.hash(password)
                let user = try await services.users.create(
                    NewUser(username: username, displayName: name ?? username, role: role, scope: Scope(roots: roots)),
                    passwordHash: hash, at: services.clock.now())
                try await services.audit.recordAndWait(AuditEntry(at: services.clock.now(), username: "cli", action: "user.add",
                    target: "user:\(user.username)", client: "cli", detail: ["role": .string(role.rawValue)]))
                await services.shutdown()
                print("已创建 / created \(user.username) (\(role.chineseName))")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "修改密码 / Set a user's password.")
        @OptionGroup var db: DatabaseOptions
        @Argument var username: String
        @Option var password: String?

        func run() async throws {
            try await runReportingProblems {
                let password = try UserCommand.readPassword(password)
                try UserCommand.checkStrength(password)
                let services = try await db.open()
                try await services.users.setPasswordHash(username: username, hash: try await services.hasher.hash(password), at: services.clock.now())
                try await services.audit.recordAndWait(AuditEntry(at: services.clock.now(), username: "cli", action: "user.passwd",
                                                                  target: "user:\(username)", client: "cli"))
                await services.shutdown()
                print("已修改 / password changed for \(username)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出用户 / List users.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await runReportingProblems {
                let services = try await db.open()
                let now = services.clock.now()
                for u in try await services.users.list() {
                    let scope = u.scope.roots.map(\.code).joined(separator: ",")
                    print([u.username, u.role.rawValue, u.displayName, u.isLocked(at: now) ? "locked" : "active", scope].joined(separator: "\t"))
                }
                await services.shutdown()
            }
        }
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "锁定账户 / Lock an account.")
        @OptionGroup var db: DatabaseOptions
        @Argument var username: String
        @Option(help: "锁定分钟数 / minutes (default: 100 years)") var minutes: Int?

        func run() async throws {
            try await runReportingProblems {
                let services = try await db.open()
                let until = services.clock.now().addingTimeInterval(Double(minutes ?? 100 * 365 * 24 * 60) * 60)
                try await services.users.setLock(username: username, until: until)
                try await services.audit.recordAndWait(AuditEntry(at: services.clock.now(), username: "cli", action: "user.lock",
                                                                  target: "user:\(username)", client: "cli"))
                await services.shutdown()
                print("已锁定 / locked \(username)")
            }
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "解锁账户 / Unlock an account.")
        @OptionGroup var db: DatabaseOptions
        @Argument var username: String

        func run() async throws {
            try await runReportingProblems {
                let services = try await db.open()
                try await services.users.setLock(username: username, until: nil)
                try await services.audit.recordAndWait(AuditEntry(at: services.clock.now(), username: "cli", action: "user.unlock",
                                                                  target: "user:\(username)", client: "cli"))
                await services.shutdown()
                print("已解锁 / unlocked \(username)")
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "修改角色或管辖范围（结束其全部会话）/ Change a user's role or scope (ends their sessions).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "用户名 / username") var username: String
        @Option(help: "新角色 / new role: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String?
        @Option(help: "部门编码（部门人员）/ department code") var department: String?
        @Option(help: "新的管辖网格编码，可多个 / new scope grid codes (governance layer)") var scope: [String] = []

        func run() async throws {
            try await runReportingProblems {
                guard role != nil || !scope.isEmpty else { throw ValidationError("需要 --role 或 --scope / give --role or --scope") }
                let newRole = try role.map { r -> Role in
                    guard let parsed = Role(rawValue: r) else { throw ValidationError("未知角色 / unknown role \(r)") }
                    return parsed
                }
                let services = try await db.open()
                let now = services.clock.now()
                if let newRole {
                    try await services.users.setRole(username: username, role: newRole, department: department, at: now)
                }
                if !scope.isEmpty {
                    var roots: [Scope.Root] = []
                    for code in scope {
                        guard let node = try await services.grids.store.node(layer: .governance, code: code, at: now) else {
                            throw ValidationError("网格 \(code) 不存在 / no such grid")
                        }
                        roots.append(Scope.Root(layer: "governance", code: code, path: node.path))
                    }
                    try await services.users.setScope(username: username, scope: Scope(roots: roots), at: now)
                }
                var detail: [String: JSONValue] = [:]
                if let newRole { detail["role"] = .string(newRole.rawValue) }
                if !scope.isEmpty { detail["scope"] = .array(scope.map { .string($0) }) }
                try await services.audit.recordAndWait(AuditEntry(at: now, username: "cli", action: "user.role",
                                                                  target: "user:\(username)", client: "cli", detail: .object(detail)))
                await services.shutdown()
                print("已修改，原会话已结束 / changed; \(username)'s sessions ended")
            }
        }
    }
}
