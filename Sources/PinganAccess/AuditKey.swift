import Crypto
import Foundation
import PinganKernel
import PinganStorage

/// The secret the audit chain is keyed with (HMAC-SHA256). It lives in a file the database does
/// not hold, so someone who can rewrite `audit_log` cannot recompute a chain that verifies.
public struct AuditKey: Sendable {
    /// Raw bytes (SymmetricKey is not Sendable); the key is made per use, which costs nothing next to the MAC.
    let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count >= 32, "an audit key has at least 32 bytes")
        self.bytes = bytes
    }

    /// Reads the key file, or creates it (32 random bytes, hex, mode 0600) when it does not exist.
    public static func loadOrCreate(at path: String) throws -> AuditKey {
        if FileManager.default.fileExists(atPath: path) { return try load(at: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        let text = Hex.string(bytes) + "\n"
        // Created 0600 from the start (never readable by others, not even for a moment), whole, then
        // linked into place: two processes starting at once end up with one key, the first one linked.
        let temp = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Problem(status: 500, kind: "audit-key", title: "审计密钥", detail: "无法创建审计密钥文件 \(path)")
        }
        defer { unlink(temp) }
        if link(temp, path) != 0 {
            guard errno == EEXIST else {
                throw Problem(status: 500, kind: "audit-key", title: "审计密钥", detail: "无法创建审计密钥文件 \(path)")
            }
            return try load(at: path)
        }
        return AuditKey(bytes: bytes)
    }

    /// Reads an existing key file; a missing or malformed one is an error (verify never invents a key).
    public static func load(at path: String) throws -> AuditKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(status: 500, kind: "audit-key", title: "审计密钥", detail: "找不到审计密钥文件 \(path)")
        }
        let hex = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8] = []
        var chars = Substring(hex)
        while chars.count >= 2, let b = UInt8(chars.prefix(2), radix: 16) {
            bytes.append(b)
            chars = chars.dropFirst(2)
        }
        guard chars.isEmpty, bytes.count >= 32 else {
            throw Problem(status: 500, kind: "audit-key", title: "审计密钥", detail: "审计密钥文件 \(path) 格式不对（应为至少 64 位十六进制）")
        }
        return AuditKey(bytes: bytes)
    }

    /// HMAC-SHA256 of `text`, lower-case hex.
    public func mac(_ text: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: bytes)))
    }

    /// Constant-time comparison of a stored MAC with the one computed now.
    func isValid(_ mac: String, for text: String) -> Bool {
        let expected = Array(self.mac(text).utf8), given = Array(mac.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Where the key and the checkpoints live. By default in the data directory: the SQLite file's
/// folder, or `data/` for PostgreSQL (`pingan serve --audit-key … --audit-checkpoints …` override).
public struct AuditPaths: Sendable, Equatable {
    public var key: String
    public var checkpoints: String

    public init(key: String, checkpoints: String) {
        self.key = key
        self.checkpoints = checkpoints
    }

    public init(dataDirectory: String) {
        let base = dataDirectory.isEmpty ? "." : dataDirectory
        self.init(key: base + "/audit.key", checkpoints: base + "/audit-checkpoints")
    }

    public static func dataDirectory(for url: DatabaseURL) -> String {
        switch url {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            return directory.isEmpty ? "." : directory
        case .postgres:
            return "data"
        }
    }

    public static func defaults(for url: DatabaseURL) -> AuditPaths { AuditPaths(dataDirectory: dataDirectory(for: url)) }
}
