import Foundation
import HTTPTypes
import Hummingbird
import PinganKernel
@testable import PinganServer
import PinganTestSupport
import Testing

/// One client address per request: the socket peer, or behind a trusted proxy the right-most
/// address in `X-Forwarded-For` that is not a trusted proxy. `/metrics` checks that address.
@Suite(.storeTestLimit) struct ClientAddressTests {
    let proxies = [IPNetwork("127.0.0.1")!, IPNetwork("10.0.0.0/8")!]

    @Test func anUntrustedPeerCannotClaimAnotherAddress() {
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: ["127.0.0.1"], trustedProxies: proxies) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: [], trustedProxies: []) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: ["1.2.3.4"], trustedProxies: proxies) == "unknown")
    }

    @Test func behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        // The client forged the left-most entry; our nginx (10.0.0.2) appended what it saw.
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: ["127.0.0.1, 203.0.113.9", "10.0.0.2"],
                                      trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["[2001:db8::1]:443"], trustedProxies: proxies) == "2001:db8::1")
        #expect(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["203.0.113.9:5678"], trustedProxies: proxies) == "203.0.113.9")
        // Nothing forwarded, or garbage: the last address we could check.
        #expect(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: [], trustedProxies: proxies) == "10.1.1.1")
        #expect(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["evil, 10.0.0.3"], trustedProxies: proxies) == "10.0.0.3")
    }

    @Test func networksParseAndMatch() throws {
        #expect(IPNetwork("10.0.0.0/8")!.contains("10.200.3.4"))
        #expect(!IPNetwork("10.0.0.0/8")!.contains("11.0.0.1"))
        #expect(IPNetwork("192.168.1.0/28")!.contains("::ffff:192.168.1.5"))
        #expect(IPNetwork("fd00::/8")!.contains("fd12::1") && !IPNetwork("fd00::/8")!.contains("fe80::1"))
        #expect(IPNetwork("10.0.0.0/33") == nil && IPNetwork("nginx") == nil)
        #expect(try [IPNetwork].parse(["10.0.0.0/8, 127.0.0.1", "::1"]).count == 3)
        #expect(throws: IPNetworkError.self) { try [IPNetwork].parse(["10.0.0.0/8,bad"]) }
    }

    func client(_ services: PinganServices, trusted: [String] = [], metricsAllow: [String] = []) -> InProcessClient {
        var settings = ServerSettings()
        settings.trustedProxies = trusted.map { IPNetwork($0)! }
        settings.metricsAllow = metricsAllow.map { IPNetwork($0)! }
        return InProcessClient(router: buildRouter(services: services, settings: settings))
    }

    static func forwarded(_ value: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-For")!] = value
        return headers
    }

    @Test func metricsStayLoopbackOnlyBehindAProxy() async throws {
        try await withServices(.sqlite) { services in
            // nginx on the same host relays a public caller: not loopback.
            let behindProxy = client(services, trusted: ["127.0.0.1"])
            let relayed = try await behindProxy.send(.get, "/metrics", headers: Self.forwarded("203.0.113.9"), peer: "127.0.0.1").status
            let local = try await behindProxy.send(.get, "/metrics", peer: "127.0.0.1").status
            // A caller that is not a proxy cannot pass as loopback.
            let direct = client(services)
            let spoofed = try await direct.send(.get, "/metrics", headers: Self.forwarded("127.0.0.1"), peer: "198.51.100.7").status
            let local6 = try await direct.send(.get, "/metrics", peer: "::1").status
            // A configured scraper network.
            let scraped = client(services, metricsAllow: ["10.9.0.0/16"])
            let scraper = try await scraped.send(.get, "/metrics", peer: "10.9.8.7").status
            let neighbour = try await scraped.send(.get, "/metrics", peer: "10.8.8.7").status
            let statuses: [Int] = [relayed, local, spoofed, local6, scraper, neighbour]
            #expect(statuses == [404, 200, 404, 200, 200, 404])
        }
    }

    @Test func theAuditLogRecordsTheForwardedClient() async throws {
        try await withTestApp(.sqlite) { app in
            let behindProxy = client(app.services, trusted: ["10.0.0.0/8"])
            let body = try JSONSerialization.data(withJSONObject: ["username": "centre", "password": "wrong-password"])
            _ = try await behindProxy.send(.post, "/api/v1/session", body: body, headers: Self.forwarded("1.2.3.4, 203.0.113.9"), peer: "10.0.0.2")
            _ = try await behindProxy.send(.post, "/api/v1/session", body: body, headers: Self.forwarded("203.0.113.10"), peer: "198.51.100.7")
            await app.services.audit.flush()
            let clients = try await app.services.database.read { db in
                try await db.raw("SELECT client FROM audit_log ORDER BY seq DESC LIMIT 2").all().map { try $0.decode(column: "client", as: String.self) }
            }
            #expect(Set(clients) == ["203.0.113.9", "198.51.100.7"])
        }
    }
}
