import Foundation
import Hummingbird
import Logging
import NIOEmbedded
@testable import PinganServer
import PinganTestSupport
import Synchronization
import Testing

/// The request log names method, path and status, never the query: the live stream's ticket
/// (once the session token) and search terms that may name people travel there.
@Suite struct RequestLogTests {
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    struct Capture: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            let text = "\(message) \(self.metadata.merging(metadata ?? [:]) { $1 })"
            lines.all.withLock { $0.append(text) }
        }
    }

    @Test func theQueryStringNeverReachesTheLog() async throws {
        let lines = Lines()
        let logger = Logger(label: "capture") { _ in Capture(lines: lines) }
        let router = Router(context: AppRequestContext.self)
        router.middlewares.add(RequestLogMiddleware(level: .info))
        router.get("api/v1/events/stream") { _, _ in "ok" }
        let responder = router.buildResponder()
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost",
                              path: "/api/v1/events/stream?ticket=SECRET-TICKET&q=430212199001011234", headerFields: [:]),
            body: RequestBody(buffer: ByteBuffer()))
        let response = try await responder.respond(to: request, context: AppRequestContext(source: .init(channel: EmbeddedChannel(), logger: logger)))
        #expect(response.status == .ok)
        let logged = lines.all.withLock { $0 }
        #expect(logged.contains { $0.contains("/api/v1/events/stream") }, "the request was not logged: \(logged)")
        #expect(!logged.contains { $0.contains("SECRET-TICKET") || $0.contains("430212199001011234") || $0.contains("?") })
    }
}
