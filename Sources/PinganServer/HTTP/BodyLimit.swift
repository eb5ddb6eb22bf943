import Foundation
import Hummingbird
import PinganKernel

/// How big a request body may be, by the kind of route. Routes name a class, not a number, so
/// the limits are one table. Bodies are collected while they stream in and refused as soon as
/// they pass the limit (at once when `Content-Length` already says so), so a 50 MB body on a
/// JSON route never sits in memory.
struct BodyLimit: Sendable, Equatable {
    let bytes: Int

    /// Logins, reveals and small commands.
    static let small = BodyLimit(bytes: 16 << 10)
    /// Ordinary JSON.
    static let json = BodyLimit(bytes: 1 << 20)
    /// Batch routes (many items in one request).
    static let batch = BodyLimit(bytes: 16 << 20)
    /// A report or a workflow step carrying up to 6 photos as base64 (the UI shrinks photos
    /// above 1.5 MB; one photo may be up to `PhotoInspector.maxBytes`).
    static let photos = BodyLimit(bytes: 24 << 20)
    /// GeoJSON boundary files.
    static let gridImport = BodyLimit(bytes: 32 << 20)
    /// Department CSV/XLSX files.
    static let fileImport = BodyLimit(bytes: 256 << 20)
    /// Open311 form posts.
    static let open311 = BodyLimit(bytes: 64 << 10)

    /// "1 MB", "16 KB", or bytes.
    var text: String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) 字节"
    }

    var problem: Problem {
        Problem(status: 413, kind: "too-large", title: "请求体过大", detail: "请求体超过此接口的上限 \(text)（\(bytes) 字节）。",
                errors: [.init(field: "body", message: "不能超过 \(text)")])
    }
}

extension Request {
    /// The whole body, at most `limit` bytes; 413 problem+json naming the limit otherwise.
    func collectBody(_ limit: BodyLimit) async throws -> ByteBuffer {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit.bytes { throw limit.problem }
        do {
            return try await body.collect(upTo: limit.bytes)
        } catch {
            throw limit.problem
        }
    }
}
