// Decides how a text import file is encoded and decodes it. Department exports are UTF-8 (Excel adds
// a BOM) or GBK/GB18030 (Excel's "CSV" on Chinese Windows); a file that is neither valid UTF-8 nor
// valid GB18030 is refused rather than guessed at, and binary files are told apart before decoding
// because GB18030 accepts almost any byte pair.
import Foundation

enum TextDecoding {
    /// GB18030-2000 (a superset of GBK and GB2312). Foundation has no named constant for it on Linux;
    /// this is the raw value of `CFStringConvertEncodingToNSStringEncoding(kCFStringEncodingGB_18030_2000)`,
    /// which swift-corelibs-foundation decodes strictly (invalid bytes give nil).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The decoded text and the encoding it was found in; throws a 415 Problem for binary or undecodable bytes.
    static func decode(_ data: Data) throws -> (text: String, encoding: TextEncodingGuess) {
        let head = data.prefix(8192)
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { throw ImportProblem.utf16() }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw ImportProblem.legacyExcel() }
        if head.contains(0) { throw ImportProblem.notATable() }   // text tables never hold NUL

        let decoded: (String, TextEncodingGuess)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(data: data.dropFirst(3), encoding: .utf8) else {
                throw ImportProblem.unknownEncoding()
            }
            decoded = (text, .utf8BOM)
        } else if let text = String(data: data, encoding: .utf8) {
            decoded = (text, .utf8)
        } else if let text = String(data: data, encoding: gb18030) {
            decoded = (text, .gb18030)
        } else {
            throw ImportProblem.unknownEncoding()
        }
        if hasControlCharacters(decoded.0) { throw ImportProblem.notATable() }
        return decoded
    }

    /// Control characters other than tab, CR and LF in the first few thousand characters mark a binary file.
    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.prefix(8192).contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
        }
    }
}
