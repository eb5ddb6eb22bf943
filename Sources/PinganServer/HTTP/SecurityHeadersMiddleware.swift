import HTTPTypes
import Hummingbird

/// Headers every response carries, error or not: no sniffing, no framing by other sites, a
/// content policy that allows nothing from outside the server, and no caching unless the route
/// chose a policy itself (photos do) or the answer is a static file. It sits outside `ProblemMiddleware`, so a 401 or a 404
/// gets the same headers as a 200.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headers: [(HTTPField.Name, String)] {
        [(.xContentTypeOptions, "nosniff"),
         (HTTPField.Name("X-Frame-Options")!, "DENY"),
         (.contentSecurityPolicy, "default-src 'self'; img-src 'self' data: blob: *; style-src 'self' 'unsafe-inline'")]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for (name, value) in Self.headers { response.headers[name] = value }
        if response.headers[.cacheControl] == nil {
            // Static files carry an ETag: the browser may keep them but must revalidate.
            // Everything else (data, errors) is not stored at all.
            response.headers[.cacheControl] = response.headers[.eTag] != nil && response.status == .ok ? "no-cache" : "no-store"
        }
        return response
    }
}
