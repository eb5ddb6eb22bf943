import PinganKernel

/// The fields of `POST requests`, checked. Personal fields (names, phone, email, device, account)
/// are carried for the event record only: the caller must never echo them on the public interface.
public struct Open311NewRequest: Sendable, Equatable {
    /// Present but not yet checked: the caller answers 403 when it is not a valid key.
    public var apiKey: String
    /// The caller answers 404 when it names another jurisdiction; absent is fine (one county).
    public var jurisdictionID: String?
    public var serviceCode: String
    /// WGS 84, from `lat` + `long`.
    public var location: GeoPoint?
    public var addressString: String?
    public var addressID: String?
    public var email: String?
    public var deviceID: String?
    public var accountID: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var description: String?
    public var mediaURL: String?
    /// `attribute[CODE]=v` and `attribute[CODE][]=v`, values in body order; check them with
    /// `Open311ServiceDefinition.check(_:zone:)`.
    public var attributes: [String: [String]]

    /// The spec's limit on `description`, in characters.
    public static let maxDescriptionLength = 4000
    /// Limit for every other free-text field, so a form cannot smuggle megabytes into a name.
    public static let maxFieldLength = 255
    /// Limit for `media_url`.
    public static let maxURLLength = 2048

    /// A request as the caller builds it directly (tests, imports); `parse` checks user input.
    public init(apiKey: String, jurisdictionID: String? = nil, serviceCode: String, location: GeoPoint? = nil,
                addressString: String? = nil, addressID: String? = nil, email: String? = nil,
                deviceID: String? = nil, accountID: String? = nil, firstName: String? = nil,
                lastName: String? = nil, phone: String? = nil, description: String? = nil,
                mediaURL: String? = nil, attributes: [String: [String]] = [:]) {
        self.apiKey = apiKey
        self.jurisdictionID = jurisdictionID
        self.serviceCode = serviceCode
        self.location = location
        self.addressString = addressString
        self.addressID = addressID
        self.email = email
        self.deviceID = deviceID
        self.accountID = accountID
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.description = description
        self.mediaURL = mediaURL
        self.attributes = attributes
    }

    /// Decodes a form body and checks it (see `parse(items:)`).
    public static func parse(body: [UInt8]) -> Result<Open311NewRequest, Open311Failure> {
        Open311Form.decode(body).flatMap { parse(items: $0) }
    }

    /// Decodes a form body given as text and checks it.
    public static func parse(form: String) -> Result<Open311NewRequest, Open311Failure> {
        parse(body: Array(form.utf8))
    }

    /// Checks decoded form fields. A missing `api_key` is 403 on its own, as the spec's general
    /// errors say ("403 - Missing or Invalid API Key"); every other fault is collected into one 400.
    public static func parse(items: [(String, String)]) -> Result<Open311NewRequest, Open311Failure> {
        let fields = Open311Parameters(items)
        guard let apiKey = fields["api_key"] else {
            return .failure(.forbidden("缺少 api_key，无法提交服务请求（api_key is required）"))
        }
        var errors: [String] = []
        let serviceCode = fields["service_code"]
        if serviceCode == nil { errors.append("service_code 为必填项（service_code was not provided）") }
        let location = Open311NewRequestLocation.read(fields, errors: &errors)
        let attributes = Open311AttributeForm.read(items, errors: &errors)

        var text: [String: String] = [:]
        for field in ["jurisdiction_id", "address_string", "address_id", "email", "device_id", "account_id",
                      "first_name", "last_name", "phone"] {
            guard let value = fields[field] else { continue }
            if value.count > maxFieldLength {
                errors.append("\(field) 不能超过 \(maxFieldLength) 个字符（\(field) is too long）")
            }
            text[field] = value
        }
        if let email = text["email"], !looksLikeEmail(email) {
            errors.append("email 格式无效（email is not a valid address）")
        }
        let description = fields.raw("description")
        if let description, description.count > maxDescriptionLength {
            errors.append("description 不能超过 \(maxDescriptionLength) 个字符"
                + "（description is limited to \(maxDescriptionLength) characters）")
        }
        let mediaURL = fields["media_url"]
        if let mediaURL, !isWebURL(mediaURL) {
            errors.append("media_url 须为 http 或 https 地址（media_url must be an http(s) URL）")
        }
        if !location.given && text["address_string"] == nil && text["address_id"] == nil {
            errors.append("须提供位置：lat 与 long，或 address_string，或 address_id"
                + "（a location is required: lat & long, address_string or address_id）")
        }
        guard errors.isEmpty, let serviceCode else { return .failure(.badRequest(errors)) }
        return .success(Open311NewRequest(
            apiKey: apiKey, jurisdictionID: text["jurisdiction_id"], serviceCode: serviceCode,
            location: location.point, addressString: text["address_string"], addressID: text["address_id"],
            email: text["email"], deviceID: text["device_id"], accountID: text["account_id"],
            firstName: text["first_name"], lastName: text["last_name"], phone: text["phone"],
            description: description, mediaURL: mediaURL, attributes: attributes))
    }

    /// One `@` with text on both sides and a dot in the domain; no spaces. Deliverability is not our concern.
    private static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
    }

    private static func isWebURL(_ text: String) -> Bool {
        guard text.count <= maxURLLength, !text.contains(where: \.isWhitespace) else { return false }
        let lower = text.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            return lower.count > scheme.count
        }
        return false
    }
}

/// `lat` and `long`: both or neither, numeric, in range.
enum Open311NewRequestLocation {
    struct Reading {
        /// True when either coordinate was sent (even if wrong), so no second "missing location" error.
        var given: Bool
        var point: GeoPoint?
    }

    static func read(_ fields: Open311Parameters, errors: inout [String]) -> Reading {
        let lat = fields["lat"], long = fields["long"]
        switch (lat, long) {
        case (nil, nil):
            return Reading(given: false, point: nil)
        case (nil, _), (_, nil):
            errors.append("lat 与 long 须同时提供（lat and long must both be sent）")
            return Reading(given: true, point: nil)
        case let (lat?, long?):
            let latitude = degrees(lat, field: "lat", limit: 90, errors: &errors)
            let longitude = degrees(long, field: "long", limit: 180, errors: &errors)
            guard let latitude, let longitude else { return Reading(given: true, point: nil) }
            return Reading(given: true, point: GeoPoint(latitude: latitude, longitude: longitude))
        }
    }

    /// A finite decimal within ±limit; hex and `nan`/`inf` spellings that `Double(_:)` accepts are refused.
    private static func degrees(_ text: String, field: String, limit: Double, errors: inout [String]) -> Double? {
        let plain = text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard plain, let value = Double(text), value.isFinite else {
            errors.append("\(field) 须为数字（\(field) must be a number）")
            return nil
        }
        guard abs(value) <= limit else {
            errors.append("\(field) 超出范围 -\(Int(limit)) 至 \(Int(limit))"
                + "（\(field) must be between -\(Int(limit)) and \(Int(limit))）")
            return nil
        }
        return value
    }
}
