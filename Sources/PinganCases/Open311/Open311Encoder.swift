/// One function per GeoReport v2 document kind, each giving the bytes and Content-Type for a format.
/// Roots follow the spec: lists are arrays in JSON, the service definition and discovery are objects.
public enum Open311Encoder {
    /// `GET services`: `<services><service>…` / `[{…}]`.
    public static func services(_ services: [Open311Service], format: Open311Format) -> Open311Payload {
        Open311Document(root: "services", body: .list(item: "service", services.map(\.node))).payload(format)
    }

    /// `GET services/{code}`: `<service_definition>` / `{service_code, attributes: […]}`.
    public static func serviceDefinition(_ definition: Open311ServiceDefinition,
                                         format: Open311Format) -> Open311Payload {
        Open311Document(root: "service_definition", body: definition.node).payload(format)
    }

    /// `GET requests` and `GET requests/{id}` (a list of one): `<service_requests><request>…` / `[{…}]`.
    public static func requests(_ requests: [Open311Request], format: Open311Format) -> Open311Payload {
        Open311Document(root: "service_requests", body: .list(item: "request", requests.map(\.node)))
            .payload(format)
    }

    /// `POST requests`: one `<request>` in `<service_requests>` / an array of one object.
    public static func receipt(_ receipt: Open311RequestReceipt, format: Open311Format) -> Open311Payload {
        Open311Document(root: "service_requests", body: .list(item: "request", [receipt.node])).payload(format)
    }

    /// `GET tokens/{token}`: one `<request>` with service_request_id and token / an array of one.
    public static func token(_ status: Open311TokenStatus, format: Open311Format) -> Open311Payload {
        Open311Document(root: "service_requests", body: .list(item: "request", [status.node])).payload(format)
    }

    /// `GET discovery`: `<discovery>` / an object with an `endpoints` array.
    public static func discovery(_ discovery: Open311Discovery, format: Open311Format) -> Open311Payload {
        Open311Document(root: "discovery", body: discovery.node).payload(format)
    }

    /// Any refusal: `<errors><error>…` / `[{code, description}]`.
    public static func errors(_ errors: [Open311Error], format: Open311Format) -> Open311Payload {
        Open311Document(root: "errors", body: .list(item: "error", errors.map(\.node))).payload(format)
    }
}
