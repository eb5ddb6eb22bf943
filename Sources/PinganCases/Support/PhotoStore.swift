import Crypto
import Foundation
import PinganKernel

/// Photos live outside the database, named by their SHA-256, in a two-level folder tree. A
/// file is written to a temporary name, flushed to disk and renamed before the event that
/// refers to it is committed, so an acknowledged report never points at a missing photo.
public struct PhotoStore: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public struct Saved: Sendable {
        public var sha256: String
        public var file: String
        public var info: PhotoInfo
        public var size: Int
    }

    /// Checks every photo by content first, so one bad photo refuses them all, then writes them.
    /// `field` names the request field for errors (`photos[1]`).
    public func save(_ photos: [[UInt8]], field: String = "photos") throws -> [Saved] {
        guard photos.count <= 6 else { throw Problem.invalid(field, "最多上传 6 张照片") }
        var checked: [(bytes: [UInt8], info: PhotoInfo)] = []
        for (i, bytes) in photos.enumerated() {
            do {
                checked.append((bytes, try PhotoInspector.inspect(bytes)))
            } catch let rejection {
                throw Problem.invalid("\(field)[\(i)]", "第 \(i + 1) 张照片：\(rejection.message)")
            }
        }
        return try checked.map { try write($0.bytes, info: $0.info) }
    }

    func write(_ bytes: [UInt8], info: PhotoInfo) throws -> Saved {
        let sha = Hex.string(SHA256.hash(data: bytes))
        let relative = "\(sha.prefix(2))/\(sha).\(info.fileExtension)"
        let target = directory.appendingPathComponent(relative)
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(sha).\(UUID().uuidString).tmp")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary.path) else {
                throw Problem(status: 500, kind: "storage", title: "存储失败", detail: "照片无法写入存储目录。")
            }
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
            try handle.close()
            // rename(2) is atomic: readers see the whole photo or none. Another request may
            // have stored the same bytes meanwhile, which is as good.
            if rename(temporary.path, target.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                guard FileManager.default.fileExists(atPath: target.path) else {
                    throw Problem(status: 500, kind: "storage", title: "存储失败", detail: "照片无法写入存储目录。")
                }
            }
        }
        return Saved(sha256: sha, file: relative, info: info, size: bytes.count)
    }

    /// Reads a stored photo, checking it still has the checksum it was stored with.
    public func read(file: String, sha256: String) throws -> Data {
        guard !file.contains(".."), let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) else {
            throw Problem.notFound
        }
        let actual = Hex.string(SHA256.hash(data: data))
        guard actual == sha256 else {
            throw Problem(status: 500, kind: "storage", title: "照片已损坏", detail: "存储的照片与登记的校验值不一致。")
        }
        return data
    }
}
