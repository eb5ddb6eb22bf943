import Foundation

/// Finds a key that occurs twice in one JSON object, anywhere in a document, and gives its
/// path (`parties[1].name`). Only called on bytes that already parsed as JSON, so it skips
/// what it does not need and gives up (nil) on anything odd rather than judging syntax.
enum JSONDuplicateKeys {
    static func first(in data: Data) -> String? {
        var scanner = Scanner(bytes: [UInt8](data))
        do throws(Stop) {
            try scanner.value(path: "", depth: 0)
            return nil
        } catch .duplicate(let path) {
            return path
        } catch {
            return nil
        }
    }

    enum Stop: Error { case duplicate(String), malformed }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func expect(_ c: UInt8) throws(Stop) {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { throw .malformed }
            i += 1
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return i < bytes.count ? bytes[i] : nil
        }

        mutating func value(path: String, depth: Int) throws(Stop) {
            guard depth < 512, let c = peek() else { throw .malformed }
            switch c {
            case UInt8(ascii: "{"):
                i += 1
                var keys = Set<String>()
                if peek() == UInt8(ascii: "}") { i += 1; return }
                while true {
                    let key = try string()
                    let child = path.isEmpty ? key : path + "." + key
                    guard keys.insert(key).inserted else { throw .duplicate(child) }
                    try expect(UInt8(ascii: ":"))
                    try value(path: child, depth: depth + 1)
                    guard let next = peek() else { throw .malformed }
                    i += 1
                    if next == UInt8(ascii: "}") { return }
                    guard next == UInt8(ascii: ",") else { throw .malformed }
                }
            case UInt8(ascii: "["):
                i += 1
                if peek() == UInt8(ascii: "]") { i += 1; return }
                var index = 0
                while true {
                    try value(path: "\(path)[\(index)]", depth: depth + 1)
                    index += 1
                    guard let next = peek() else { throw .malformed }
                    i += 1
                    if next == UInt8(ascii: "]") { return }
                    guard next == UInt8(ascii: ",") else { throw .malformed }
                }
            case UInt8(ascii: "\""):
                _ = try string(decode: false)
            default:
                // A number, true, false or null: runs to the next delimiter.
                while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            }
        }

        /// A string token; decoded (escapes resolved) only when `decode`, as keys must be compared by value.
        mutating func string(decode: Bool = true) throws(Stop) -> String {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .malformed }
            let start = i
            i += 1
            var escaped = false
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { escaped = true; i += 1 }
                i += 1
            }
            guard i < bytes.count else { throw .malformed }
            i += 1
            guard decode else { return "" }
            if !escaped { return String(decoding: bytes[(start + 1)..<(i - 1)], as: UTF8.self) }
            guard let text = try? JSONSerialization.jsonObject(with: Data(bytes[start..<i]), options: .fragmentsAllowed) as? String else {
                throw .malformed
            }
            return text
        }
    }
}
