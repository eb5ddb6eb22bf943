import Foundation
import Hummingbird
import PinganKernel

/// Refuses paths that carry control characters, raw or percent-encoded (`%00`, `%0A`, `%7F` …).
/// The file middleware decodes the path and the file system stops at a NUL, so
/// `/assets/app.js%00.png` would otherwise serve app.js typed as a PNG.
struct RequestPathGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try Self.check(request.uri.path)
        return try await next(request, context)
    }

    static func check(_ path: String) throws {
        guard let decoded = path.removingPercentEncoding else {
            throw Problem.malformed("请求地址的百分号编码无效。")
        }
        if (path + decoded).unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Problem.malformed("请求地址不能包含控制字符（如 %00）。")
        }
    }
}
