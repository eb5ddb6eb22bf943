import HTTPTypes
import Hummingbird

/// Who is calling, as one address: the audit log's `client`, throttles and the `/metrics`
/// check all take it from here, never from the socket or a header themselves.
///
/// Behind a reverse proxy the socket peer is the proxy. `X-Forwarded-For` is believed only when
/// the peer is a configured proxy, and then read from the right: each proxy appends the address
/// it saw, so the right-most address that is not one of ours is the first one nobody we trust
/// could have forged. Anything a client puts further left is ignored.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: [IPNetwork]) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.containsAddress(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = plainAddress(hop) else { break }  // garbage: stop at the last hop we could check
            client = address
            if !trustedProxies.containsAddress(address) { break }
        }
        return client
    }

    /// `1.2.3.4`, `1.2.3.4:5678`, `::1` or `[::1]:80` → the address; anything else → nil.
    static func plainAddress(_ hop: String) -> String? {
        if IPNetwork.bytes(hop) != nil { return hop }
        if hop.hasPrefix("["), let end = hop.firstIndex(of: "]") {
            let inner = String(hop[hop.index(after: hop.startIndex)..<end])
            return IPNetwork.bytes(inner) != nil ? inner : nil
        }
        if let colon = hop.lastIndex(of: ":"), hop.firstIndex(of: ":") == colon {
            let host = String(hop[..<colon])
            return IPNetwork.bytes(host) != nil ? host : nil
        }
        return nil
    }
}

/// Computes `context.client` once per request, before anything else runs.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: [IPNetwork]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.client = ClientAddress.resolve(peer: context.peer, forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!],
                                               trustedProxies: trustedProxies)
        return try await next(request, context)
    }
}
