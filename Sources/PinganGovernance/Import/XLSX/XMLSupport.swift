// Small XML helpers for the workbook's parts. Producers disagree on namespace prefixes (`x:row`,
// `r:id`), so elements and attributes are matched on their local names.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

enum XMLName {
    /// `x:row` → `row`.
    static func local(_ qualified: String) -> Substring {
        guard let colon = qualified.lastIndex(of: ":") else { return Substring(qualified) }
        return qualified[qualified.index(after: colon)...]
    }

    /// The value of the attribute whose local name is `name` (`r:id` for "id"), unprefixed first.
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        return attributes.first { local($0.key) == name }?.value
    }
}

/// Collects every element of a small document (relationships, workbook, styles) with its attributes, in order.
final class ElementCollector: NSObject, XMLParserDelegate {
    struct Element {
        let name: Substring
        let attributes: [String: String]
        /// Names of the enclosing elements, outermost first.
        let path: [Substring]
    }

    private(set) var elements: [Element] = []
    private var stack: [Substring] = []
    private var failed = false

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> [Element]? {
        let collector = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        let ok = parser.parse()
        return ok && !collector.failed ? collector.elements : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        let name = XMLName.local(elementName)
        elements.append(Element(name: name, attributes: attributeDict, path: stack))
        stack.append(name)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failed = true
    }
}
