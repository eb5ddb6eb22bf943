import Hummingbird
import PinganAccess
import PinganKernel

/// Writes an audit entry for every request refused by role (403). Out-of-scope reads answer
/// 404 like a missing record and are not told apart here either.
struct DenialAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let audit: AuditLog
    let clock: any PinganClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status == 403 {
            await audit.record(AuditEntry(at: clock.now(), username: context.identity?.username ?? "-", action: "denied",
                                          target: "\(request.method) \(request.uri.path)", outcome: .denied, client: context.client))
            throw problem
        }
    }
}
