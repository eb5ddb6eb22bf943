/// How a service answers a new request (GeoReport v2 `type`).
public enum Open311ServiceType: String, Sendable, CaseIterable {
    /// The service_request_id comes back at once.
    case realtime
    /// A token comes back; `tokens/{token}` later yields the service_request_id.
    case batch
    /// Nothing comes back that identifies the request.
    case blackbox
}

/// One entry of `GET services`: a public event category seen as an Open311 service type.
public struct Open311Service: Sendable, Equatable {
    public var serviceCode: String
    public var serviceName: String
    public var description: String?
    /// True when the service has attributes, i.e. clients must fetch `services/{code}`.
    public var metadata: Bool
    public var type: Open311ServiceType
    /// Written as the spec's comma-separated string ("a, b, c").
    public var keywords: [String]
    public var group: String?

    /// A service; the optional parts are written as empty elements / `null` when absent.
    public init(serviceCode: String, serviceName: String, description: String? = nil, metadata: Bool,
                type: Open311ServiceType = .realtime, keywords: [String] = [], group: String? = nil) {
        self.serviceCode = serviceCode
        self.serviceName = serviceName
        self.description = description
        self.metadata = metadata
        self.type = type
        self.keywords = keywords
        self.group = group
    }

    /// The fields in the order of the spec's example.
    var node: Open311Node {
        .record([
            ("service_code", .text(serviceCode)),
            ("service_name", .text(serviceName)),
            ("description", .optionalText(description)),
            ("metadata", .bool(metadata)),
            ("type", .text(type.rawValue)),
            ("keywords", .optionalText(keywords.joined(separator: ", "))),
            ("group", .optionalText(group)),
        ])
    }
}
