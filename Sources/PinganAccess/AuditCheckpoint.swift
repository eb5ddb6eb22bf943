import Foundation
import PinganKernel

/// The chain's head as it stood at one moment — how many entries and the last hash — signed with
/// the audit key and kept in a file outside the database. A later database that is shorter, or
/// whose entry at `seq` has another hash, has been truncated or re-chained since.
public struct AuditCheckpoint: Sendable, Codable, Equatable {
    public var seq: Int64
    public var headHash: String
    public var at: Int64
    public var signature: String

    var signedText: String {
        let body: JSONValue = ["seq": .int(seq), "head": .string(headHash), "at": .int(at)]
        return body.canonical
    }

    public init(seq: Int64, headHash: String, at: Int64, key: AuditKey) {
        self.seq = seq
        self.headHash = headHash
        self.at = at
        self.signature = ""
        self.signature = key.mac(signedText)
    }

    public func isSigned(by key: AuditKey) -> Bool { key.isValid(signature, for: signedText) }
}

/// The folder of checkpoint files. Names sort by time (`audit-<UTC time>-<seq>.json`), files are
/// never rewritten, and none are removed here (retention is the operator's decision).
public struct AuditCheckpointStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public struct File: Sendable {
        public var name: String
        /// nil when the file is not a readable checkpoint (itself a sign of tampering).
        public var checkpoint: AuditCheckpoint?
    }

    static func fileName(_ c: AuditCheckpoint) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return "audit-\(formatter.string(from: Date(epochMillis: c.at)))-\(String(format: "%012lld", c.seq)).json"
    }

    @discardableResult
    public func write(_ checkpoint: AuditCheckpoint) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let path = directory + "/" + Self.fileName(checkpoint)
        let temp = path + ".tmp"
        guard FileManager.default.createFile(atPath: temp, contents: try encoder.encode(checkpoint), attributes: [.posixPermissions: 0o600]) else {
            throw Problem(status: 500, kind: "audit-checkpoint", title: "审计检查点", detail: "无法写入审计检查点 \(path)")
        }
        // Rename, so a reader never sees half a file.
        if rename(temp, path) != 0 {
            throw Problem(status: 500, kind: "audit-checkpoint", title: "审计检查点", detail: "无法写入审计检查点 \(path)")
        }
        return path
    }

    /// Every checkpoint file, oldest first.
    public func files() throws -> [File] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("audit-") && $0.hasSuffix(".json") }.sorted()
        return names.map { name in
            let data = FileManager.default.contents(atPath: directory + "/" + name)
            return File(name: name, checkpoint: data.flatMap { try? JSONDecoder().decode(AuditCheckpoint.self, from: $0) })
        }
    }
}
