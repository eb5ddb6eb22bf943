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

    public init(router: Router<AppRequestContext>, logger: Logger = Logger(label: "pingan.bench")) {
        self.responder = router.buildResponder()
        var quiet = logger
        quiet.logLevel = .error
        self.logger = quiet
    }

    public func send(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: Data? = nil,
                     headers extra: HTTPFields = [:], contentType: String = "application/json") async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let body {
            headers[.contentType] = contentType
            headers[.contentLength] = String(body.count)
        }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(bytes: body ?? Data())))
        let context = AppRequestContext(source: .init(channel: EmbeddedChannel(), logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let sink = Sink()
        try await response.body.write(Collector(sink: sink))
        return Reply(status: Int(response.status.code), body: Data(sink.buffer.readableBytesView), headers: response.headers)
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
