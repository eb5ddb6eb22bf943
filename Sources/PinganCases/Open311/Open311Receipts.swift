/// What identifies a newly filed request: its id (realtime services) or a token (batch).
/// The spec forbids returning both.
public enum Open311RequestHandle: Sendable, Equatable {
    case serviceRequestID(String)
    case token(String)
}

/// The answer to `POST requests`: one `<request>` inside `<service_requests>`.
public struct Open311RequestReceipt: Sendable, Equatable {
    /// Nil for blackbox services, which return nothing that identifies the request.
    public var handle: Open311RequestHandle?
    public var serviceNotice: String?
    public var accountID: String?

    /// A receipt; `service_notice` and `account_id` are written even when empty, as in the spec's example.
    public init(handle: Open311RequestHandle?, serviceNotice: String? = nil, accountID: String? = nil) {
        self.handle = handle
        self.serviceNotice = serviceNotice
        self.accountID = accountID
    }

    var node: Open311Node {
        var fields: [(String, Open311Node)] = []
        switch handle {
        case .serviceRequestID(let id): fields.append(("service_request_id", .text(id)))
        case .token(let token): fields.append(("token", .text(token)))
        case nil: break
        }
        fields.append(("service_notice", .optionalText(serviceNotice)))
        fields.append(("account_id", .optionalText(accountID)))
        return .record(fields)
    }
}

/// The answer to `GET tokens/{token}`: the token and, once assigned, the request id.
public struct Open311TokenStatus: Sendable, Equatable {
    public var token: String
    /// Nil while the request behind the token has no id yet (written empty / `null`).
    public var serviceRequestID: String?

    /// A token lookup result.
    public init(token: String, serviceRequestID: String?) {
        self.token = token
        self.serviceRequestID = serviceRequestID
    }

    var node: Open311Node {
        .record([
            ("service_request_id", .optionalText(serviceRequestID)),
            ("token", .text(token)),
        ])
    }
}
