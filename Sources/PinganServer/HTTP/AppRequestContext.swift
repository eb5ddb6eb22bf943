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
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies are read through `StrictJSON` with their own limits; this bounds anything else.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller's address for the audit log.
    public var client: String {
        guard let remoteAddress else { return "unknown" }
        return remoteAddress.ipAddress ?? "\(remoteAddress)"
    }

    public var isLoopback: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip == "::ffff:127.0.0.1"
    }

    /// The authenticated caller; routes behind `AuthMiddleware` always have one.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw Problem.unauthorized }
        return identity
    }
}
