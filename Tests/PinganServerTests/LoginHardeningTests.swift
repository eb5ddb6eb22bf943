import Foundation
import HTTPTypes
import PinganKernel
@testable import PinganServer
import PinganTestSupport
import Testing

/// Login limits and the live stream's way in, through the real router.
@Suite(.storeTestLimit) struct LoginHardeningTests {
    @Test func aLoginFloodFromOneAddressIsAnswered429WithRetryAfter() async throws {
        try await withTestApp(.sqlite) { app in
            let body = Data(#"{"username":"centre","password":"wrong"}"#.utf8)
            var statuses: [Int] = []
            for _ in 0..<21 { statuses.append(try await app.client.send(.post, "/api/v1/session", body: body).status) }
            let last = try await app.client.send(.post, "/api/v1/session", body: body)
            #expect(statuses.prefix(20).allSatisfy { $0 == 401 } && statuses.last == 429 && last.status == 429)
            #expect(last.headers[.retryAfter] == "6")
            #expect(last.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try app.json(last)["detail"]?.stringValue?.contains("秒后再试") == true)
        }
    }

    func createEvent(_ app: TestApp, token: String, near other: String) async throws -> String {
        let p = try await ScopeCases.eventPoint(app, other)
        let r = try await app.client.send(.post, "/api/v1/events", token: token, body: Data("""
            {"category":"0101","description":"断线续传测试","lat":\(p.latitude),"lng":\(p.longitude),"channel":"hotline"}
            """.utf8))
        #expect(r.status == 201)
        return try app.json(r)["id"]?.stringValue ?? ""
    }

    func ticket(_ app: TestApp, _ token: String) async throws -> String {
        let r = try await app.client.send(.post, "/api/v1/events/stream-ticket", token: token, body: Data("{}".utf8))
        #expect(r.status == 200)
        return try app.json(r)["ticket"]?.stringValue ?? ""
    }

    @Test func theStreamOpensWithASingleUseTicketAndResumesAfterTheLastEventID() async throws {
        try await withTestApp(.sqlite) { app in
            let centre = try await app.login("centre")
            let any = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM events ORDER BY id LIMIT 1").first()!.decode(column: "id", as: String.self)
            }
            // The session token in the URL opens nothing any more.
            #expect(try await app.get("/api/v1/events/stream?max=1&access_token=\(centre)", token: nil).status == 401)

            // Two notices published while nobody listens …
            let first = try await createEvent(app, token: centre, near: any)
            let second = try await createEvent(app, token: centre, near: any)
            // … a client that saw nothing since 0 gets both, numbered.
            let t1 = try await ticket(app, centre)
            let all = String(decoding: try await app.get("/api/v1/events/stream?ticket=\(t1)&lastEventId=0&max=2", token: nil).body, as: UTF8.self)
            #expect(all.contains(first) && all.contains(second))
            let firstID = all.components(separatedBy: "\n").first { $0.hasPrefix("id: ") && $0 != "id: 0" }
            #expect(firstID != nil)
            // A ticket opens one connection only.
            #expect(try await app.get("/api/v1/events/stream?ticket=\(t1)&max=1", token: nil).status == 401)
            // Resuming after the first (Last-Event-ID, as a browser sends it) brings the second only.
            let t2 = try await ticket(app, centre)
            var headers = HTTPFields()
            headers[HTTPField.Name("Last-Event-ID")!] = String(firstID?.dropFirst(4) ?? "")
            let rest = String(decoding: try await app.client.send(.get, "/api/v1/events/stream?ticket=\(t2)&max=1", headers: headers).body,
                              as: UTF8.self)
            #expect(rest.contains(second) && !rest.contains(first))
        }
    }
}
