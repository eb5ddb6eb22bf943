import Hummingbird
import PinganAccess
import PinganKernel

/// Resolves `Authorization: Bearer …` to an identity. Closed by default: a route group behind
/// this middleware answers 401 without a live session.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256 else { throw Problem.unauthorized }
        var context = context
        context.identity = try await sessions.authenticate(token: token)
        context.token = token
        return try await next(request, context)
    }
}
