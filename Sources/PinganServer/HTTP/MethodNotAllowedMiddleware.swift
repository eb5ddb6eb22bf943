import Hummingbird
import PinganKernel
import Synchronization

/// The router answers a known path with an unknown method (TRACE, or PUT where only GET is
/// served) as "not found". This turns that into 405 with `Allow` listing what the path serves.
/// The route table is filled in once `buildRouter` has added every route.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = table.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            var response = ProblemMiddleware<Context>.response(Problem(
                status: 405, kind: "method-not-allowed", title: "方法不允许",
                detail: "该地址不支持 \(request.method.rawValue) 请求，可用：\(allowed.joined(separator: "、"))。"))
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
    }
}

/// Which methods each route pattern serves (`/api/v1/grids/{code}` → GET).
final class RouteMethods: Sendable {
    private let routes = Mutex<[(pattern: [Substring], method: String)]>([])

    func set(_ list: [(path: String, method: String)]) {
        routes.withLock { $0 = list.map { (Self.segments($0.path), $0.method) } }
    }

    func methods(for path: String) -> [String] {
        let parts = Self.segments(path)
        let found = routes.withLock { routes in routes.filter { Self.matches($0.pattern, parts) }.map(\.method) }
        return Array(Set(found)).sorted()
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    static func matches(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
        if pattern.last == "**" { return parts.count >= pattern.count - 1 && matches(Array(pattern.dropLast()), Array(parts.prefix(pattern.count - 1))) }
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { p, s in p == "*" || (p.hasPrefix("{") && p.hasSuffix("}")) || p == s }
    }
}
