import Foundation

/// One document as GeoReport v2 describes it, independent of format. The spec derives JSON from
/// XML by the Spark convention (an element holding repeated children becomes an array), so every
/// document is built once as this tree and written twice: the XML and JSON can never disagree.
indirect enum Open311Node: Sendable {
    /// A string leaf; nil is an empty element in XML and `null` in JSON, as the spec's examples show.
    case text(String?)
    /// A numeric literal already formatted (written unquoted in JSON); nil as for `text`.
    case number(String?)
    case bool(Bool)
    /// Named children in a fixed order: child elements in XML, an object in JSON.
    case record([(String, Open311Node)])
    /// Repeated `<item>` elements in XML, an array in JSON.
    case list(item: String, [Open311Node])

    /// A string leaf that is nil when the text is nil or empty.
    static func optionalText(_ value: String?) -> Open311Node {
        .text(value.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A number from an integer.
    static func integer(_ value: Int) -> Open311Node { .number(String(value)) }

    /// A coordinate from 1e-7 degree units, written exactly (`277020000` → `27.702`), so no
    /// binary floating-point noise reaches the client.
    static func degrees(_ units: Int64?) -> Open311Node {
        guard let units else { return .number(nil) }
        let negative = units < 0
        let magnitude = units.magnitude
        var fraction = String(magnitude % 10_000_000)
        fraction = String(repeating: "0", count: 7 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = "\(negative ? "-" : "")\(magnitude / 10_000_000)"
        return .number(fraction.isEmpty ? whole : "\(whole).\(fraction)")
    }
}

/// A whole document: the XML root element's name and its content.
struct Open311Document: Sendable {
    var root: String
    var body: Open311Node

    /// The document in `format`, with the spec's Content-Type.
    func payload(_ format: Open311Format) -> Open311Payload {
        let text: String
        switch format {
        case .xml: text = Open311XMLWriter.document(root: root, body: body)
        case .json: text = Open311JSONWriter.write(body)
        }
        return Open311Payload(data: Data(text.utf8), contentType: format.contentType)
    }
}
