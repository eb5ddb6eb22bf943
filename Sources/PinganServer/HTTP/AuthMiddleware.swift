import Hummingbird
import PinganAccess
import PinganKernel

/// Resolves `Authorization: Bearer …` to an identity. Closed by default: a route group behind
/// this middleware answers 401 without a live session.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token: String
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        } else if request.uri.path.hasSuffix("/events/stream"), let query = request.uri.queryParameters.get("access_token") {
            // A browser's EventSource cannot send headers: the live stream alone takes the token in the query.
            token = query
        } else {
            throw Problem.unauthorized
        }
        guard !token.isEmpty, token.count <= 256 else { throw Problem.unauthorized }
        var context = context
        context.identity = try await sessions.authenticate(token: token)
        context.token = token
        return try await next(request, context)
    }
}
