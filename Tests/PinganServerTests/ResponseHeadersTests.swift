import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PinganKernel
@testable import PinganServer
import PinganTestSupport
import Synchronization
import Testing

/// Error answers are answers like any other: the same security headers, one log line with the
/// real status, and counted in `/metrics` by that status (a thrown 401 used to count as 500).
@Suite(.storeTestLimit) struct ResponseHeadersTests {
    static func expectSecurityHeaders(_ headers: HTTPFields, _ what: String) {
        #expect(headers[.xContentTypeOptions] == "nosniff", "\(what)")
        #expect(headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true, "\(what)")
        #expect(headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)")
        #expect(headers[.cacheControl] != nil, "\(what)")
    }

    @Test func errorAnswersCarryTheHeadersAndAreNotCached() async throws {
        try await withServices(.sqlite) { services in
            let app = TestApp(services: services)
            for (path, status) in [("/api/v1/grids/430212", 401), ("/no/such/page", 404), ("/metrics", 404)] {
                let (reply, headers) = try await app.client.exchange(.get, path)
                #expect(reply.status == status, "\(path)")
                Self.expectSecurityHeaders(headers, path)
                #expect(headers[.cacheControl] == "no-store", "\(path)")
                #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)")
            }
        }
    }

    @Test func staticFilesRevalidateAndDataIsNotStored() async throws {
        try await withServices(.sqlite) { services in
            let app = TestApp(services: services)
            let (file, fileHeaders) = try await app.client.exchange(.get, "/assets/app.js")
            #expect(file.status == 200 && fileHeaders[.cacheControl] == "no-cache")
            Self.expectSecurityHeaders(fileHeaders, "/assets/app.js")
            let (health, healthHeaders) = try await app.client.exchange(.get, "/healthz")
            #expect(health.status == 200 && healthHeaders[.cacheControl] == "no-store")
        }
    }

    @Test func anErrorIsLoggedOnceWithItsStatus() async throws {
        try await withServices(.sqlite) { services in
            let records = LogCapture()
            let logger = Logger(label: "test") { _ in records }
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()), logger: logger, logLevel: .info)
            _ = try await client.send(.get, "/api/v1/grids/430212")
            let lines = records.lines.filter { $0.message == "request" && $0.path == "/api/v1/grids/430212" }
            #expect(lines.map(\.status) == ["401"])
        }
    }

    @Test func metricsCountAnErrorByItsRealStatus() async throws {
        try await withServices(.sqlite) { services in
            let app = TestApp(services: services)
            let path = "/api/v1/people/metrics-probe"
            _ = try await app.client.send(.get, path)
            let metrics = try await app.client.send(.get, "/metrics", peer: "127.0.0.1")
            #expect(metrics.status == 200)
            let lines = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("hb_requests") && $0.contains(#""/api/v1/people/{id}""#) && $0.contains(#"method="GET""#) }
            #expect(lines.contains { $0.contains(#"="401""#) }, "\(lines)")
            #expect(!lines.contains { $0.contains(#"="500""#) }, "\(lines)")
        }
    }
}

/// Collects log records (one handler shared by every logger the router makes from it).
final class LogCapture: LogHandler, @unchecked Sendable {
    struct Line: Sendable { var message: String; var path: String?; var status: String? }
    private let box = Mutex<[Line]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var lines: [Line] { box.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Line(message: event.message.description, path: event.metadata?["path"]?.description,
                        status: event.metadata?["status"]?.description)
        box.withLock { $0.append(line) }
    }
}
