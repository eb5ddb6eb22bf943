import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address block (`10.0.0.0/8`, `::1/128`, or one address). IPv4-mapped IPv6
/// addresses (`::ffff:10.0.0.1`) are compared as the IPv4 address they carry.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    public let address: [UInt8]   // 4 or 16 bytes
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = Self.bytes(first) else { return nil }
        let width = address.count * 8
        var prefix = width
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...width).contains(p) else { return nil }
            prefix = p
        }
        self.address = address
        self.prefix = prefix
    }

    public func contains(_ ip: String) -> Bool {
        guard let other = Self.bytes(ip), other.count == address.count else { return false }
        var left = prefix
        for (a, b) in zip(address, other) where left > 0 {
            let bits = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            left -= bits
        }
        return true
    }

    public var description: String { "\(Self.text(address))/\(prefix)" }

    public static let loopback: [IPNetwork] = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!]

    /// The address's bytes, or nil when `text` is not an IP address.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        if b.prefix(10).allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b.suffix(4)) }
        return b
    }

    static func text(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}

extension Array where Element == IPNetwork {
    func containsAddress(_ ip: String) -> Bool { contains { $0.contains(ip) } }

    /// Parses `10.0.0.0/8, 192.168.1.5` (flags and `PINGAN_TRUSTED_PROXIES`); names the bad entry.
    public static func parse(_ list: [String]) throws -> [IPNetwork] {
        try list.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            guard let n = IPNetwork($0) else { throw IPNetworkError(text: $0) }
            return n
        }
    }
}

public struct IPNetworkError: Error, CustomStringConvertible {
    public let text: String
    public var description: String { "“\(text)”不是有效的 IP 地址或 CIDR 网段（如 10.0.0.0/8）" }
}
