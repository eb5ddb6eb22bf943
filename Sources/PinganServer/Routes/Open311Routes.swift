import Foundation
import Hummingbird
import NIOCore
import PinganCases
import PinganKernel

/// Open311 GeoReport v2 at `/open311/v2/`, open without a session (POST needs an `api_key`),
/// in `.xml` and `.json`. Errors keep the spec's array of code/description, never problem+json.
struct Open311Routes {
    let events: EventService
    let clock: any PinganClock
    let time: CountyTime
    /// The county's `jurisdiction_id`; requests naming another one get 404.
    let jurisdiction: String
    /// Public reads are audited too (as user `open311`): what the public interface gave out, and to whom.
    let reads: ReadAudit

    static func respond(_ payload: Open311Payload, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = payload.contentType
        headers[.cacheControl] = "no-store"
        headers[.accessControlAllowOrigin] = "*"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: payload.data)))
    }

    static func fail(_ failure: Open311Failure, _ format: Open311Format) -> Response {
        respond(failure.encode(format), status: HTTPResponse.Status(code: failure.status))
    }

    /// Runs a handler in a format, turning any failure into the spec's error array.
    func handle(_ file: String, _ body: (Open311Format, String) async throws -> Response) async -> Response {
        guard let (name, format) = Open311Format.fromPath(file) else {
            return Self.fail(.unknownFormat, .json)
        }
        do {
            return try await body(format, name)
        } catch let p as Problem {
            let failure: Open311Failure = switch p.status {
            case 404: .notFound(p.detail)
            case 403: .forbidden(p.detail)
            default: .badRequest(p.errors.first.map { "\($0.field): \($0.message)" } ?? p.detail)
            }
            return Self.fail(failure, format)
        } catch {
            return Self.respond(Open311Failure(status: 500, errors: [Open311Error(code: 500, description: "服务器内部错误（internal error）")])
                .encode(format), status: .internalServerError)
        }
    }

    func checkJurisdiction(_ items: [(String, String)]) throws {
        if let j = items.first(where: { $0.0 == "jurisdiction_id" })?.1, !j.isEmpty, j != jurisdiction {
            throw Problem.notFound
        }
    }

    static func items(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    func add(to router: Router<AppRequestContext>) {
        let v2 = router.group("open311/v2")
        v2.get("{file}") { request, context in
            await handle(try context.parameters.require("file")) { format, name in
                let items = Self.items(request)
                try checkJurisdiction(items)
                switch name {
                case "discovery":
                    let base = "\(request.head.scheme ?? "http")://\(request.head.authority ?? "localhost")/open311/v2/"
                    let discovery = Open311Discovery(
                        changeset: time.format(Date(timeIntervalSince1970: 1_763_942_400)), contact: "县（区）社会治理综合指挥中心 12345",
                        keyService: "向综治中心申请 api_key（apply to the county centre for an api_key）",
                        endpoints: [Open311Endpoint(url: base, changeset: time.format(Date(timeIntervalSince1970: 1_763_942_400)),
                                                    type: .production, formats: ["text/xml", "application/json"])])
                    await reads.recordPublic(context, "open311.discovery", query: "\(request.uri)")
                    return Self.respond(Open311Encoder.discovery(discovery, format: format))
                case "services":
                    await reads.recordPublic(context, "open311.services", query: "\(request.uri)")
                    return Self.respond(Open311Encoder.services(events.open311Services, format: format))
                case "requests":
                    let query: Open311RequestQuery
                    switch Open311RequestQuery.parse(items: items, now: clock.now(), zone: time.zone) {
                    case .success(let q): query = q
                    case .failure(let f): return Self.fail(f, format)
                    }
                    let grid = items.first { $0.0 == "grid" }?.1
                    let requests = try await events.open311Requests(query, gridCode: grid.flatMap { $0.isEmpty ? nil : $0 })
                    await reads.recordPublic(context, "open311.requests", query: "\(request.uri)", ids: requests.map(\.serviceRequestID))
                    return Self.respond(Open311Encoder.requests(requests, format: format))
                default:
                    throw Problem.notFound
                }
            }
        }
        v2.get("services/{file}") { request, context in
            await handle(try context.parameters.require("file")) { format, code in
                try checkJurisdiction(Self.items(request))
                guard let definition = events.open311Definition(code: code) else {
                    return Self.fail(.notFound("未知的服务代码 \(code)（service_code not found）"), format)
                }
                await reads.recordPublic(context, "open311.service", query: "\(request.uri)")
                return Self.respond(Open311Encoder.serviceDefinition(definition, format: format))
            }
        }
        v2.get("requests/{file}") { request, context in
            await handle(try context.parameters.require("file")) { format, id in
                try checkJurisdiction(Self.items(request))
                let found = try await events.open311Requests(.ids([id]), gridCode: nil)
                guard !found.isEmpty else { return Self.fail(.notFound("未找到请求 \(id)（service request not found）"), format) }
                await reads.recordPublic(context, "open311.request", query: "\(request.uri)", ids: found.map(\.serviceRequestID))
                return Self.respond(Open311Encoder.requests(found, format: format))
            }
        }
        v2.get("tokens/{file}") { request, context in
            await handle(try context.parameters.require("file")) { format, token in
                try checkJurisdiction(Self.items(request))
                guard let status = try await events.open311Token(token) else {
                    return Self.fail(.notFound("未找到令牌 \(token)（token not found）"), format)
                }
                await reads.recordPublic(context, "open311.token", query: "\(request.uri)")
                return Self.respond(Open311Encoder.token(status, format: format))
            }
        }
        v2.post("{file}") { request, context in
            await handle(try context.parameters.require("file")) { format, name in
                guard name == "requests" else { throw Problem.notFound }
                let limit = BodyLimit.open311
                let buffer: ByteBuffer
                do { buffer = try await request.collectBody(limit) } catch {
                    return Self.fail(.badRequest("请求体超过 \(limit.text)（request body too large）"), format)
                }
                let parsed: Open311NewRequest
                switch Open311NewRequest.parse(body: Array(buffer.readableBytesView)) {
                case .success(let r): parsed = r
                case .failure(let f): return Self.fail(f, format)
                }
                guard try await events.isOpen311Key(parsed.apiKey) else {
                    return Self.fail(.forbidden("api_key 无效（invalid api_key）"), format)
                }
                if let j = parsed.jurisdictionID, !j.isEmpty, j != jurisdiction {
                    return Self.fail(.notFound("未知的 jurisdiction_id（jurisdiction not found）"), format)
                }
                if let definition = events.open311Definition(code: parsed.serviceCode),
                   case .failure(let f) = definition.check(parsed.attributes, zone: time.zone) {
                    return Self.fail(f, format)
                }
                let token = UUID().uuidString.lowercased()
                switch try await events.open311Submit(parsed, token: token, client: context.client) {
                case .success(let record):
                    let receipt = Open311RequestReceipt(handle: .serviceRequestID(record.id),
                                                        serviceNotice: "已受理，将按时限处置（received）", accountID: nil)
                    return Self.respond(Open311Encoder.receipt(receipt, format: format), status: .created)
                case .failure(let f):
                    return Self.fail(f, format)
                }
            }
        }
    }
}
