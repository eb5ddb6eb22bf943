import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PinganKernel

/// Turns every error into RFC 9457 problem+json with a Chinese `detail`, so no route has to,
/// and no internal message ever reaches a client. Unknown errors are logged and become a 500
/// that says nothing about internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return Self.response(problem)
        } catch let error as HTTPError {
            return Self.response(Self.problem(for: error))
        } catch let error as any HTTPResponseError {
            return Self.response(Problem(status: Int(error.status.code), kind: "http", title: error.status.reasonPhrase,
                                         detail: "请求无法处理（HTTP \(error.status.code)）。"))
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return Self.response(Problem(status: 500, kind: "internal", title: "服务器内部错误", detail: "服务器内部错误，请稍后重试或联系管理员。"))
        }
    }

    static func problem(for error: HTTPError) -> Problem {
        switch error.status.code {
        case 404: Problem(status: 404, kind: "not-found", title: "未找到", detail: "请求的地址不存在。")
        case 405: Problem(status: 405, kind: "method-not-allowed", title: "方法不允许", detail: "该地址不支持此请求方法。")
        case 413: Problem(status: 413, kind: "too-large", title: "请求体过大", detail: "请求体超过上限。")
        case 400: Problem.malformed("请求格式错误：\(error.body ?? "")")
        default: Problem(status: Int(error.status.code), kind: "http", title: error.status.reasonPhrase, detail: error.body ?? "请求无法处理。")
        }
    }

    static func response(_ p: Problem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json; charset=utf-8"
        if p.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        for (name, value) in p.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: p.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: problemJSON(p))))
    }

    static func problemJSON(_ p: Problem) -> String {
        var object: [String: JSONValue] = [
            "type": .string("https://pingan.invalid/problems/\(p.kind)"),
            "title": .string(p.title),
            "status": .int(Int64(p.status)),
            "detail": .string(p.detail),
        ]
        if !p.errors.isEmpty {
            object["errors"] = .array(p.errors.map { ["field": .string($0.field), "message": .string($0.message)] })
        }
        return JSONValue.object(object).canonical
    }
}
