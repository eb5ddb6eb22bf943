import Crypto
import Foundation
import PinganKernel

/// An `Idempotency-Key` with a hash of the request it came with. A retry sends the same bytes
/// and gets the first answer; the same key with a different body is a client bug (or a guess)
/// and is refused with 422 instead of silently answering for the other request.
public struct IdempotencyKey: Sendable, Equatable {
    public let key: String
    /// SHA-256 of the request body, hex.
    public let requestHash: String

    public init(key: String, body: some Sequence<UInt8>) {
        self.key = key
        self.requestHash = Hex.string(SHA256.hash(data: Array(body)))
    }

    var reused: Problem {
        Problem(status: 422, kind: "idempotency-key-reused", title: "幂等键已被使用",
                detail: "Idempotency-Key“\(key)”已用于另一内容不同的请求，请为新请求换一个键。",
                errors: [.init(field: "Idempotency-Key", message: "“\(key)”已用于内容不同的请求")])
    }
}
