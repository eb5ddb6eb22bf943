import Foundation
import Hummingbird
import PinganKernel
import PinganServer
import PinganStorage

/// The whole product on a fresh database with the small demo, driven through the real router.
public struct TestApp: Sendable {
    public let services: PinganServices
    public let client: InProcessClient

    public init(services: PinganServices) {
        self.services = services
        self.client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))
    }

    public func login(_ username: String, password: String = TestClock.password) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let reply = try await client.send(.post, "/api/v1/session", body: body)
        guard reply.status == 200, let token = try JSONDecoder().decode(JSONValue.self, from: reply.body)["token"]?.stringValue else {
            throw Problem(status: reply.status, kind: "test-login", title: "登录失败", detail: String(decoding: reply.body, as: UTF8.self))
        }
        return token
    }

    public func get(_ path: String, token: String?) async throws -> InProcessClient.Reply {
        try await client.send(.get, path, token: token)
    }

    public func json(_ reply: InProcessClient.Reply) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: reply.body)
    }
}

/// Runs `body` against the product with the small demo on `engine`.
public func withTestApp<T: Sendable>(_ engine: DatabaseEngine, clock: any PinganClock = ManualClock(TestClock.start),
                                     _ body: (TestApp) async throws -> T) async throws -> T {
    try await withServices(engine, clock: clock, demo: true) { services in
        try await body(TestApp(services: services))
    }
}
