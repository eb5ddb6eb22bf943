import Foundation

/// `application/x-www-form-urlencoded` decoding for `POST requests` (WHATWG URL rules):
/// pairs split on `&`, key and value on the first `=`, `+` is a space, `%XX` bytes are UTF-8.
public enum Open311Form {
    /// The pairs in body order, repeated keys kept; a bad `%` escape or invalid UTF-8 is a 400.
    public static func decode(_ body: [UInt8]) -> Result<[(String, String)], Open311Failure> {
        var pairs: [(String, String)] = []
        for part in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawKey = part[part.startIndex..<(equals ?? part.endIndex)]
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? []
            guard let key = unescape(rawKey), let value = unescape(rawValue) else {
                return .failure(.badRequest("表单编码无效：“\(String(decoding: part.prefix(40), as: UTF8.self))”"
                    + "（malformed application/x-www-form-urlencoded body）"))
            }
            if key.isEmpty && value.isEmpty { continue }
            pairs.append((key, value))
        }
        return .success(pairs)
    }

    /// `decode` over the UTF-8 bytes of `body`.
    public static func decode(_ body: String) -> Result<[(String, String)], Open311Failure> {
        decode(Array(body.utf8))
    }

    /// Nil when a `%` is not followed by two hex digits or the bytes are not UTF-8.
    private static func unescape(_ raw: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard raw.distance(from: index, to: raw.endIndex) >= 3,
                      let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Parameters by name with the spec's rule for optional arguments: an empty value is the same as
/// no value. A repeated single-valued key keeps its last value, as most form handlers do.
struct Open311Parameters {
    private var last: [String: String] = [:]

    init(_ items: [(String, String)]) {
        for (key, value) in items {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { last[key] = value }
        }
    }

    /// The value of `key` with surrounding white space removed, or nil when absent or blank.
    subscript(_ key: String) -> String? {
        last[key]?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The raw value (a description keeps its inner and outer line breaks).
    func raw(_ key: String) -> String? { last[key] }
}

/// Every value of `key`, comma lists split and repeated keys merged, blanks dropped, first seen kept.
func open311ListValues(_ items: [(String, String)], key: String) -> [String] {
    var seen = Set<String>()
    var values: [String] = []
    for (name, value) in items where name == key {
        for piece in value.split(separator: ",") {
            let item = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            if !item.isEmpty, seen.insert(item).inserted { values.append(item) }
        }
    }
    return values
}
