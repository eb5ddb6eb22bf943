// The workbook's shared string table (sharedStrings.xml): cells of type "s" hold an index into it.
// It has to be in memory while the sheet is read; it is itself read streaming.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

final class SharedStringsReader: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0   // <rPh> holds furigana-style readings, not cell text
    private var failed = false

    static func read(_ entry: Entry, in archive: Archive) throws -> [String] {
        let reader = SharedStringsReader()
        let stream = ZipEntryStream(archive: archive, entry: entry)
        defer { stream.finish() }
        let parser = XMLParser(stream: stream)
        parser.delegate = reader
        _ = parser.parse()
        stream.finish()
        if stream.failure != nil || reader.failed {
            throw ImportProblem.damagedWorkbook("共享字符串表（sharedStrings.xml）无法读取")
        }
        return reader.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        switch XMLName.local(elementName) {
        case "si": inItem = true; current = ""
        case "t": inText = inItem && phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch XMLName.local(elementName) {
        case "si": strings.append(current); inItem = false
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failed = true
    }
}
