/// One entry of the spec's error array (`<errors><error><code/><description/></error></errors>`).
public struct Open311Error: Sendable, Equatable {
    /// Usually the HTTP status (400, 403, 404), as the spec recommends.
    public var code: Int
    /// Shown to the user: Chinese, naming the Open311 field so English-speaking integrators
    /// can read it too.
    public var description: String

    /// An error entry.
    public init(code: Int, description: String) {
        self.code = code
        self.description = description
    }

    var node: Open311Node {
        .record([("code", .integer(code)), ("description", .text(description))])
    }
}

/// A refused Open311 call: the HTTP status and the error array to send with it.
public struct Open311Failure: Error, Sendable, Equatable {
    /// 400, 403 or 404: the only statuses the spec uses.
    public var status: Int
    public var errors: [Open311Error]

    /// A failure; `errors` should not be empty (the spec's body is the array).
    public init(status: Int, errors: [Open311Error]) {
        self.status = status
        self.errors = errors
    }

    /// 400 with one error per description.
    public static func badRequest(_ descriptions: [String]) -> Open311Failure {
        Open311Failure(status: 400, errors: descriptions.map { Open311Error(code: 400, description: $0) })
    }

    /// 400 with one error.
    public static func badRequest(_ description: String) -> Open311Failure { badRequest([description]) }

    /// 403: missing or wrong `api_key`.
    public static func forbidden(_ description: String = "api_key 无效，无法提交服务请求（invalid api_key）") -> Open311Failure {
        Open311Failure(status: 403, errors: [Open311Error(code: 403, description: description)])
    }

    /// 404: an unknown service_code, service_request_id, token or jurisdiction_id.
    public static func notFound(_ description: String) -> Open311Failure {
        Open311Failure(status: 404, errors: [Open311Error(code: 404, description: description)])
    }

    /// 400 for a path without `.xml` / `.json`; the caller sends it as XML, the required format.
    public static let unknownFormat = badRequest("请求地址须以 .xml 或 .json 结尾（format must be xml or json）")

    /// The error array in `format`.
    public func encode(_ format: Open311Format) -> Open311Payload {
        Open311Encoder.errors(errors, format: format)
    }
}
