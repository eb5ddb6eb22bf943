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

extension TestApp {
    /// The demo department accounts bound to an import source: imports take their source from the account.
    public static let importers = ["公安户籍": "dept-gaj", "住建局": "dept-zjj", "不动产登记中心": "dept-zrj", "市场监管局": "dept-scj",
                                   "民政局": "dept-mzj"]

    /// Signs in as the demo department account whose imports carry `source`.
    public func loginImporter(_ source: String) async throws -> String {
        guard let username = Self.importers[source] else {
            throw Problem(status: 400, kind: "test-importer", title: "无此来源", detail: "演示数据中没有绑定“\(source)”的账户")
        }
        return try await login(username)
    }
}

extension TestApp {
    /// `POST` an import. A `source=` in the query names the data source the test imports as: it is
    /// taken out (the server refuses it) and the request goes as the demo account bound to it.
    public func sendImport(_ path: String, token: String, body: Data) async throws -> InProcessClient.Reply {
        guard var parts = URLComponents(string: path), let items = parts.queryItems,
              let source = items.first(where: { $0.name == "source" })?.value else {
            return try await client.send(.post, path, token: token, body: body)
        }
        parts.queryItems = items.filter { $0.name != "source" }
        return try await client.send(.post, parts.string ?? path, token: try await loginImporter(source), body: body)
    }
}
