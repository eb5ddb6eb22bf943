import Foundation
import Hummingbird
import PinganKernel

/// A request body type that names the fields it accepts, so unknown fields are refused
/// instead of silently ignored.
protocol StrictDecodable: Decodable {
    static var fields: Set<String> { get }
}

/// Reads JSON bodies: declared as JSON (else 415), within the route's size limit (else 413),
/// no key twice in one object, no unknown fields; every decoding failure becomes a 400 that
/// names the field, in Chinese.
enum StrictJSON {
    static func decode<T: StrictDecodable>(_ type: T.Type, from request: Request, limit: BodyLimit = .json) async throws -> T {
        try decode(type, from: try await read(request, limit: limit))
    }

    /// The body's bytes, after the content type and size checks (for routes that also hash them).
    static func read(_ request: Request, limit: BodyLimit = .json) async throws -> Data {
        try requireJSONContentType(request)
        return Data(try await request.collectBody(limit).readableBytesView)
    }

    /// `application/json`, optionally with `charset=utf-8`; anything else (`text/plain`, a
    /// form, no type at all) is refused rather than guessed at.
    static func requireJSONContentType(_ request: Request) throws {
        let declared = request.headers[.contentType] ?? ""
        let parts = declared.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let charsetOK = parts.dropFirst().allSatisfy { $0 == "charset=utf-8" || $0 == "charset=\"utf-8\"" }
        guard parts.first == "application/json", charsetOK else {
            throw Problem(status: 415, kind: "unsupported-media-type", title: "不支持的内容类型",
                          detail: "请求体须为 JSON，Content-Type 应为 application/json（收到：\(declared.isEmpty ? "无" : declared)）。",
                          errors: [.init(field: "Content-Type", message: "须为 application/json")])
        }
    }

    static func decode<T: StrictDecodable>(_ type: T.Type, from data: Data) throws -> T {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem.malformed("请求体不是有效的 JSON。")
        }
        // Decoders keep one of two equal keys silently; which one a proxy or a log reader sees
        // may differ from what we act on, so a body that says a field twice is refused.
        if let repeated = JSONDuplicateKeys.first(in: data) {
            throw Problem.invalid([.init(field: repeated, message: "字段重复出现")], detail: "请求中字段 \(repeated) 重复出现。")
        }
        guard case .object(let object) = value else { throw Problem.malformed("请求体须为 JSON 对象。") }
        let unknown = object.keys.filter { !T.fields.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw Problem.invalid(unknown.map { .init(field: $0, message: "未知字段") }, detail: "请求包含未知字段：\(unknown.joined(separator: "、"))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem.invalid(fieldPath(context.codingPath + [key]), "缺少必填字段")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw Problem.invalid(fieldPath(context.codingPath), "类型错误，应为\(typeName(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw Problem.invalid(fieldPath(context.codingPath), "不能为空，应为\(typeName(expected))")
        } catch let DecodingError.dataCorrupted(context) {
            throw Problem.invalid(fieldPath(context.codingPath), "取值无效")
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "字符串"
        case is Int.Type, is Int64.Type: "整数"
        case is Double.Type: "数字"
        case is Bool.Type: "布尔值"
        default: "正确的类型"
        }
    }
}
