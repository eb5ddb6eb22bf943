import Foundation
import HTTPTypes
import Hummingbird
import PinganKernel
@testable import PinganServer
import PinganTestSupport
import Testing

/// What a request body may be: JSON declared as JSON, no key twice, within its route's size
/// limit; an Idempotency-Key bound to the body it came with; the role checked before the body.
@Suite(.storeTestLimit) struct RequestBodyTests {
    func problem(_ reply: InProcessClient.Reply) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: reply.body) }

    func fields(_ reply: InProcessClient.Reply) throws -> [String] {
        guard case .array(let errors)? = try problem(reply)["errors"] else { return [] }
        return errors.compactMap { $0["field"]?.stringValue }
    }

    @Test func anOrdinaryJSONRouteRefusesTwoMegabytesNamingItsLimit() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("centre")
            let big = Data(("{\"title\":\"" + String(repeating: "纠", count: 700_000) + "\"}").utf8)
            let reply = try await app.client.send(.post, "/api/v1/mediation/cases", token: t, body: big)
            #expect(reply.status == 413)
            #expect(try problem(reply)["detail"]?.stringValue?.contains("1 MB") == true)
        }
    }

    @Test func aReportIsBoundedByThePhotoLimitNotFiftyMegabytes() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("centre")
            let big = Data(("{\"description\":\"" + String(repeating: "a", count: 25 << 20) + "\"}").utf8)
            let reply = try await app.client.send(.post, "/api/v1/events", token: t, body: big)
            #expect(reply.status == 413)
            #expect(try problem(reply)["detail"]?.stringValue?.contains("24 MB") == true)
        }
    }

    @Test func jsonMustBeDeclaredAsJSON() async throws {
        try await withTestApp(.sqlite) { app in
            let body = try JSONSerialization.data(withJSONObject: ["username": "centre", "password": TestClock.password])
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=gbk"] {
                let reply = try await app.client.send(.post, "/api/v1/session", body: body, contentType: type)
                #expect(reply.status == 415, "\(type)")
                #expect(try fields(reply) == ["Content-Type"], "\(type)")
            }
            let none = try await app.client.exchange(.post, "/api/v1/session", body: body, contentType: nil).reply
            #expect(none.status == 415)
            #expect(try await app.client.send(.post, "/api/v1/session", body: body, contentType: "application/json; charset=UTF-8").status == 200)
        }
    }

    @Test func aKeyTwiceIsRefusedNamingIt() async throws {
        try await withTestApp(.sqlite) { app in
            let body = #"{"username":"nobody","password":"x","username":"centre"}"#
            let reply = try await app.client.send(.post, "/api/v1/session", body: Data(body.utf8))
            #expect(reply.status == 400)
            #expect(try fields(reply) == ["username"])
        }
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":[{"b":1,"c":{"d":2}},{"b":1,"b":2}]}"#.utf8)) == "a[1].b")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":"x\"y","\u0061":2}"#.utf8)) == "a")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":{"a":1},"b":[1,2,{"a":"}"}]}"#.utf8)) == nil)
    }

    @Test func anIdempotencyKeyReusedWithAnotherBodyIs422() async throws {
        try await withTestApp(.sqlite) { app in
            let (worker, _, _, point) = try await EventTests.workerAndPoint(app)
            let t = try await app.login(worker)
            let first = try await EventTests.report(app, token: t, point: point, photos: [], key: "retry-1")
            let retry = try await EventTests.report(app, token: t, point: point, photos: [], key: "retry-1")
            #expect(first.status == 201 && retry.status == 200)
            #expect(try app.json(first)["id"] == app.json(retry)["id"])
            let other = try await EventTests.report(app, token: t, point: point, category: "0501", photos: [], key: "retry-1")
            #expect(other.status == 422)
            #expect(try fields(other) == ["Idempotency-Key"])
            #expect(try problem(other)["detail"]?.stringValue?.contains("retry-1") == true)
        }
    }

    @Test func controlCharactersInPathsAre400() async throws {
        try await withServices(.sqlite) { services in
            let app = TestApp(services: services)
            #expect(try await app.get("/assets/app.js", token: nil).status == 200)
            for path in ["/assets/app.js%00.png", "/assets/app.js%0a", "/api/v1/grids/4302%7F12", "/assets/%ZZ"] {
                let (reply, headers) = try await app.client.exchange(.get, path)
                #expect(reply.status == 400, "\(path)")
                #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)")
            }
        }
    }

    @Test func aRoleThatMayNotMediateGets403BeforeItsBodyIsRead() async throws {
        try await withTestApp(.sqlite) { app in
            let t = try await app.login("leader")
            let reply = try await app.client.send(.post, "/api/v1/mediation/cases", token: t, body: Data(#"{"nonsense":true}"#.utf8))
            #expect(reply.status == 403)
        }
    }
}
