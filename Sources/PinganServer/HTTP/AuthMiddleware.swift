import Hummingbird
import PinganAccess
import PinganKernel

/// Resolves `Authorization: Bearer …` to an identity. Closed by default: a route group behind
/// this middleware answers 401 without a live session.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty, token.count <= 256 else { throw Problem.unauthorized }
            context.identity = try await sessions.authenticate(token: token)
            context.token = token
        } else if request.uri.path.hasSuffix("/events/stream"), let ticket = request.uri.queryParameters.get("ticket") {
            // A browser's EventSource cannot send headers: the live stream alone opens with a
            // single-use ticket in the query (POST /events/stream-ticket), never the session token.
            guard !ticket.isEmpty, ticket.count <= 256 else { throw Problem.unauthorized }
            context.identity = try await sessions.authenticate(streamTicket: ticket)
        } else {
            throw Problem.unauthorized
        }
        return try await next(request, context)
    }
}
