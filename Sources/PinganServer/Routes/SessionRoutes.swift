import Hummingbird
import PinganAccess
import PinganKernel

struct LoginRequest: StrictDecodable {
    static let fields: Set<String> = ["username", "password"]
    var username: String
    var password: String
}

struct UserDTO: Encodable {
    var username: String
    var displayName: String
    var role: String
    var roleName: String

    init(_ identity: Identity) {
        username = identity.username
        displayName = identity.displayName
        role = identity.role.rawValue
        roleName = identity.role.chineseName
    }

    init(_ user: User) {
        username = user.username
        displayName = user.displayName
        role = user.role.rawValue
        roleName = user.role.chineseName
    }
}

/// `POST /api/v1/session` (open), `DELETE /api/v1/session` and `POST /api/v1/events/stream-ticket`.
struct SessionRoutes {
    let sessions: SessionService
    let time: CountyTime

    func addOpen(to group: RouterGroup<AppRequestContext>) {
        group.post("session") { request, context in
            let body = try await StrictJSON.decode(LoginRequest.self, from: request, limit: .small)
            guard !body.username.isEmpty else { throw Problem.invalid("username", "用户名不能为空") }
            guard !body.password.isEmpty else { throw Problem.invalid("password", "密码不能为空") }
            let login = try await sessions.login(username: body.username, password: body.password, client: context.client)
            struct Out: Encodable { var token: String; var user: UserDTO; var idleTimeoutSeconds: Int }
            return try JSONResponse.make(Out(token: login.token, user: UserDTO(login.user),
                                             idleTimeoutSeconds: Int(sessions.policy.idleTimeout)))
        }
    }

    func addAuthenticated(to group: RouterGroup<AppRequestContext>) {
        group.delete("session") { _, context in
            let identity = try context.requireIdentity()
            try await sessions.logout(token: context.token ?? "", identity: identity, client: context.client)
            return Response(status: .noContent)
        }
        // The live stream's way in without a token in the URL: a ticket for one connection.
        group.post("events/stream-ticket") { _, context in
            let identity = try context.requireIdentity()
            guard identity.can(.eventsRead) || identity.can(.dashboardsRead) else { throw Problem.forbidden() }
            guard let token = context.token else { throw Problem.unauthorized }
            let issued = await sessions.streamTicket(token: token, identity: identity)
            struct Out: Encodable { var ticket: String; var expiresAt: String }
            return try JSONResponse.make(Out(ticket: issued.ticket, expiresAt: time.format(issued.expiresAt)))
        }
    }
}
