import Hummingbird
import Logging

/// Logs each request's method, path and status, never its query string: the live stream takes
/// its ticket there, and search terms may name people.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), elapsed: clock.now - start)
            return response
        } catch let error as HTTPResponseError {
            log(request, context, status: Int(error.status.code), elapsed: clock.now - start)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: Int, elapsed: Duration) {
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status),
            "ms": .string(String(format: "%.1f", ms)),
        ])
    }
}
