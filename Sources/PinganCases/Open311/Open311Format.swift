import Foundation

/// The two representations GeoReport v2 serves, chosen by the path's extension
/// (`services.xml`, `requests/42.json`). XML is the spec's required format; JSON is its Spark mapping.
public enum Open311Format: String, Sendable, CaseIterable {
    case xml
    case json

    /// The Content-Type the spec prescribes for this format.
    public var contentType: String {
        switch self {
        case .xml: "text/xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// Splits the last path segment into its resource name and format: `"requests.json"` →
    /// `("requests", .json)`. Nil when there is no name or no known extension, so the caller can
    /// answer the spec's 400 error (in XML, the required format).
    public static func fromPath(_ last: String) -> (name: String, format: Open311Format)? {
        guard let dot = last.lastIndex(of: ".") else { return nil }
        let name = String(last[..<dot])
        let ext = last[last.index(after: dot)...].lowercased()
        guard !name.isEmpty, let format = Open311Format(rawValue: ext) else { return nil }
        return (name, format)
    }
}

/// An encoded Open311 document ready to be sent: the bytes and their Content-Type.
public struct Open311Payload: Sendable, Equatable {
    public var data: Data
    public var contentType: String

    /// A payload from encoded bytes and the Content-Type that describes them.
    public init(data: Data, contentType: String) {
        self.data = data
        self.contentType = contentType
    }
}
