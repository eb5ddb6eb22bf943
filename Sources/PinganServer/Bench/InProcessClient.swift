import Foundation
import Hummingbird
import Logging
import NIOEmbedded

/// Sends requests straight into the router (middleware, auth, scope, audit — everything but
/// the socket). Benchmarks time the product's request path with it, without a network client
/// in the measurement.
public struct InProcessClient: Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
        public var headers: HTTPFields = [:]
    }

    let responder: RouterResponder<AppRequestContext>
    let logger: Logger

    public init(router: Router<AppRequestContext>, logger: Logger = Logger(label: "pingan.bench"), logLevel: Logger.Level = .error) {
        self.responder = router.buildResponder()
        var quiet = logger
        quiet.logLevel = logLevel
        self.logger = quiet
    }

    /// `peer` plays the socket's remote address (none by default, like a Unix socket).
    public func send(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: Data? = nil,
                     headers extra: HTTPFields = [:], contentType: String = "application/json", peer: String? = nil) async throws -> Reply {
        try await exchange(method, path, token: token, body: body, headers: extra, contentType: contentType, peer: peer).reply
    }

    /// Like `send`, with the response's headers too.
    public func exchange(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: Data? = nil,
                         headers extra: HTTPFields = [:], contentType: String? = "application/json",
                         peer: String? = nil) async throws -> (reply: Reply, headers: HTTPFields) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let body {
            if let contentType { headers[.contentType] = contentType }
            headers[.contentLength] = String(body.count)
        }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(bytes: body ?? Data())))
        var context = AppRequestContext(source: .init(channel: EmbeddedChannel(), logger: logger))
        context.peer = peer
        let response = try await responder.respond(to: request, context: context)
        let sink = Sink()
        try await response.body.write(Collector(sink: sink))
        let reply = Reply(status: Int(response.status.code), body: Data(sink.buffer.readableBytesView), headers: response.headers)
        return (reply, response.headers)
    }

    /// The body writer is passed by value, so the bytes land in a reference.
    final class Sink: @unchecked Sendable {
        var buffer = ByteBuffer()
    }

    struct Collector: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ b: ByteBuffer) async throws {
            var b = b
            sink.buffer.writeBuffer(&b)
        }
        mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
            for b in buffers { try await write(b) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
