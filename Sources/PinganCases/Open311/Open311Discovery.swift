/// Whether an endpoint's data is live (Service Discovery `type`).
public enum Open311EndpointType: String, Sendable, CaseIterable {
    case production
    case test
}

/// One API endpoint listed by the discovery document.
public struct Open311Endpoint: Sendable, Equatable {
    /// A URL naming the specification, e.g. `http://wiki.open311.org/GeoReport_v2`.
    public var specification: String
    public var url: String
    /// Sortable text telling when the endpoint's services last changed.
    public var changeset: String
    public var type: Open311EndpointType
    /// MIME types the endpoint serves.
    public var formats: [String]

    /// The GeoReport v2 specification token.
    public static let geoReportV2 = "http://wiki.open311.org/GeoReport_v2"

    /// An endpoint; `formats` defaults to every format this codec writes.
    public init(specification: String = Open311Endpoint.geoReportV2, url: String, changeset: String,
                type: Open311EndpointType = .production,
                formats: [String] = ["text/xml", "application/json"]) {
        self.specification = specification
        self.url = url
        self.changeset = changeset
        self.type = type
        self.formats = formats
    }

    var node: Open311Node {
        .record([
            ("specification", .text(specification)),
            ("url", .text(url)),
            ("changeset", .text(changeset)),
            ("type", .text(type.rawValue)),
            ("formats", .list(item: "format", formats.map { .text($0) })),
        ])
    }
}

/// `GET discovery`: who runs the service, how to get a key, and where the endpoints are.
public struct Open311Discovery: Sendable, Equatable {
    public var changeset: String
    public var contact: String
    public var keyService: String
    public var endpoints: [Open311Endpoint]

    /// A discovery document; the spec makes every field required.
    public init(changeset: String, contact: String, keyService: String, endpoints: [Open311Endpoint]) {
        self.changeset = changeset
        self.contact = contact
        self.keyService = keyService
        self.endpoints = endpoints
    }

    var node: Open311Node {
        .record([
            ("changeset", .text(changeset)),
            ("contact", .text(contact)),
            ("key_service", .text(keyService)),
            ("endpoints", .list(item: "endpoint", endpoints.map(\.node))),
        ])
    }
}
