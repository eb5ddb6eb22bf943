import Foundation
import Hummingbird
import PinganKernel

/// A request body type that names the fields it accepts, so unknown fields are refused
/// instead of silently ignored.
protocol StrictDecodable: Decodable {
    static var fields: Set<String> { get }
}

/// Reads JSON bodies with a size limit and turns every decoding failure into a 400 that
/// names the field, in Chinese.
enum StrictJSON {
    static let defaultLimit = 64 * 1024

    static func decode<T: StrictDecodable>(_ type: T.Type, from request: Request, limit: Int = defaultLimit) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem.tooLarge(limit: limit)
        }
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    static func decode<T: StrictDecodable>(_ type: T.Type, from data: Data) throws -> T {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem.malformed("请求体不是有效的 JSON。")
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
