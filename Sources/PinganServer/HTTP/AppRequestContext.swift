import Hummingbird
import NIOCore
import PinganAccess
import PinganKernel

/// Per-request state: who is calling (set by `AuthMiddleware`) and from where.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The bearer token as sent (needed to log out).
    public var token: String?
    /// The socket peer's IP address (a reverse proxy, when there is one).
    public internal(set) var peer: String?
    /// The caller's address for the audit log, throttles and `/metrics`: the peer, or the
    /// forwarded client when the peer is a trusted proxy. Set once by `ClientAddressMiddleware`.
    public internal(set) var client: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let remote = source.channel.remoteAddress
        peer = remote.map { $0.ipAddress ?? "\($0)" }
        client = peer ?? "unknown"
    }

    /// JSON bodies are read through `StrictJSON` with their own limits; this bounds anything else.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated caller; routes behind `AuthMiddleware` always have one.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw Problem.unauthorized }
        return identity
    }
}
