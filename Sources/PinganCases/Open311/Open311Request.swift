import PinganKernel

/// The two states GeoReport v2 knows; every event stage maps onto one of them.
public enum Open311Status: String, Sendable, CaseIterable {
    case open
    case closed
}

/// One service request as `GET requests` and `requests/{id}` show it: an event of a public
/// category, with no personal field of the reporter.
public struct Open311Request: Sendable, Equatable {
    public var serviceRequestID: String
    public var status: Open311Status
    /// The latest public note on the event.
    public var statusNotes: String?
    public var serviceName: String
    public var serviceCode: String
    public var description: String?
    public var agencyResponsible: String?
    public var serviceNotice: String?
    /// ISO 8601 with offset, already formatted by the caller (e.g. `CountyTime.format`).
    public var requestedDatetime: String
    /// ISO 8601 with offset; for closed requests, when it was closed.
    public var updatedDatetime: String?
    /// ISO 8601 with offset: the deadline.
    public var expectedDatetime: String?
    public var address: String?
    public var addressID: String?
    public var zipcode: String?
    /// WGS 84; written as `lat` / `long` numbers.
    public var location: GeoPoint?
    public var mediaURL: String?

    /// A request; every optional field is still written (empty element / `null`) as in the spec's
    /// examples, so clients that index fields by name find them all.
    public init(serviceRequestID: String, status: Open311Status, statusNotes: String? = nil,
                serviceName: String, serviceCode: String, description: String? = nil,
                agencyResponsible: String? = nil, serviceNotice: String? = nil,
                requestedDatetime: String, updatedDatetime: String? = nil, expectedDatetime: String? = nil,
                address: String? = nil, addressID: String? = nil, zipcode: String? = nil,
                location: GeoPoint? = nil, mediaURL: String? = nil) {
        self.serviceRequestID = serviceRequestID
        self.status = status
        self.statusNotes = statusNotes
        self.serviceName = serviceName
        self.serviceCode = serviceCode
        self.description = description
        self.agencyResponsible = agencyResponsible
        self.serviceNotice = serviceNotice
        self.requestedDatetime = requestedDatetime
        self.updatedDatetime = updatedDatetime
        self.expectedDatetime = expectedDatetime
        self.address = address
        self.addressID = addressID
        self.zipcode = zipcode
        self.location = location
        self.mediaURL = mediaURL
    }

    /// The fields in the order of the spec's example.
    var node: Open311Node {
        .record([
            ("service_request_id", .text(serviceRequestID)),
            ("status", .text(status.rawValue)),
            ("status_notes", .optionalText(statusNotes)),
            ("service_name", .text(serviceName)),
            ("service_code", .text(serviceCode)),
            ("description", .optionalText(description)),
            ("agency_responsible", .optionalText(agencyResponsible)),
            ("service_notice", .optionalText(serviceNotice)),
            ("requested_datetime", .text(requestedDatetime)),
            ("updated_datetime", .optionalText(updatedDatetime)),
            ("expected_datetime", .optionalText(expectedDatetime)),
            ("address", .optionalText(address)),
            ("address_id", .optionalText(addressID)),
            ("zipcode", .optionalText(zipcode)),
            ("lat", .degrees(location?.lat7)),
            ("long", .degrees(location?.lng7)),
            ("media_url", .optionalText(mediaURL)),
        ])
    }
}
