/// An error that reaches a user as RFC 9457 problem+json: a status, a short title, a Chinese
/// `detail`, and the fields at fault. Every layer throws this (or something the server maps to
/// it), so the HTTP layer never has to guess a status from a message.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public struct FieldError: Sendable, Equatable, Codable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var status: Int
    /// A stable machine-readable slug; the problem `type` is built from it.
    public var kind: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// HTTP headers the answer carries beside the body (`Retry-After` on 429 and 503); the
    /// server's problem renderer copies them onto the response.
    public var headers: [String: String]

    public init(status: Int, kind: String, title: String, detail: String, errors: [FieldError] = [],
                headers: [String: String] = [:]) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public var description: String {
        let fields = errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return "\(status) \(kind): \(detail)" + (fields.isEmpty ? "" : " [\(fields)]")
    }
}

extension Problem {
    /// 400 with one failing field.
    public static func invalid(_ field: String, _ message: String) -> Problem {
        Problem(status: 400, kind: "validation", title: "请求无效",
                detail: "字段 \(field) 无效：\(message)", errors: [FieldError(field: field, message: message)])
    }

    /// 400 with several failing fields.
    public static func invalid(_ errors: [FieldError], detail: String = "请求中有无效字段") -> Problem {
        Problem(status: 400, kind: "validation", title: "请求无效", detail: detail, errors: errors)
    }

    public static func malformed(_ detail: String) -> Problem {
        Problem(status: 400, kind: "malformed", title: "请求格式错误", detail: detail)
    }

    public static let unauthorized = Problem(
        status: 401, kind: "unauthorized", title: "未登录", detail: "需要登录，或会话已过期，请重新登录。")

    public static func forbidden(_ detail: String = "当前角色无权执行此操作。") -> Problem {
        Problem(status: 403, kind: "forbidden", title: "无权访问", detail: detail)
    }

    /// Out of scope and nonexistent must be indistinguishable, so this takes no record-specific text.
    public static let notFound = Problem(status: 404, kind: "not-found", title: "未找到", detail: "请求的记录不存在。")

    public static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(status: 409, kind: "conflict", title: "状态冲突", detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }

    public static func tooLarge(limit: Int) -> Problem {
        Problem(status: 413, kind: "too-large", title: "请求体过大", detail: "请求体超过上限 \(limit) 字节。")
    }

    public static func locked(until: String) -> Problem {
        Problem(status: 423, kind: "locked", title: "账户已锁定", detail: "登录失败次数过多，账户锁定至 \(until)。")
    }

    /// 429: too many attempts from one client; `Retry-After` says when the next one is taken.
    public static func tooManyRequests(retryAfter seconds: Int, detail: String) -> Problem {
        Problem(status: 429, kind: "too-many-requests", title: "请求过于频繁", detail: detail,
                headers: ["Retry-After": String(max(1, seconds))])
    }

    /// 503: the server is saturated for this kind of work (the password-hashing queue is full).
    public static func busy(retryAfter seconds: Int) -> Problem {
        Problem(status: 503, kind: "busy", title: "服务繁忙", detail: "服务器繁忙，请 \(max(1, seconds)) 秒后重试。",
                headers: ["Retry-After": String(max(1, seconds))])
    }

    public static func unsupportedMediaType(_ detail: String) -> Problem {
        Problem(status: 415, kind: "unsupported-media-type", title: "不支持的内容类型", detail: detail)
    }
}
