import Foundation
import HTTPTypes
import Hummingbird
import PinganKernel
@testable import PinganServer
import PinganTestSupport
import Testing

/// The OpenAPI document says what the server does: the statuses routes answer, the limits of
/// paging parameters, Open311's own error format, and 405 for unknown methods.
@Suite(.storeTestLimit) struct OpenAPIDocumentTests {
    static var document: JSONValue { OpenAPIDocument.build() }

    static func operation(_ method: String, _ path: String) -> JSONValue? {
        document["paths"]?[path]?[method.lowercased()]
    }

    static func documentedStatuses(_ method: String, _ path: String) -> Set<Int> {
        guard case .object(let responses)? = operation(method, path)?["responses"] else { return [] }
        return Set(responses.keys.compactMap(Int.init))
    }

    /// Calls every session route as roles with few permissions (and missing ids as the centre)
    /// and checks each 403 and 404 the server gives is in the document.
    @Test func every403And404TheServerGivesIsDocumented() async throws {
        try await withTestApp(.sqlite) { app in
            let router = buildRouter(services: app.services, settings: ServerSettings())
            let routes = RouteTableTests.concreteRoutes(router).filter { !$0.open }
                .filter { !$0.path.hasSuffix("/events/stream") && !($0.method == .delete && $0.path == "/api/v1/session") }
            var seen: [String: Set<Int>] = [:]
            for user in ["auditor", "admin", "leader", "dept-cgj", "centre"] {
                let token = try await app.login(user)
                for route in routes where user != "centre" || route.path.contains("no-such-id") {
                    if user == "centre" && route.method != .get { continue }
                    let status = try await app.client.send(route.method, route.path, token: token,
                                                           body: route.method == .get ? nil : Data("{}".utf8)).status
                    let template = router.routes.first { "/" + $0.path.description.split(separator: "/").map { $0.hasPrefix("{") ? "no-such-id" : String($0) }.joined(separator: "/") == route.path && $0.method == route.method }!
                    if status == 403 || status == 404 { seen["\(route.method) \(template.path.description)", default: []].insert(status) }
                }
            }
            #expect(!seen.isEmpty)
            for (key, statuses) in seen.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                let missing = statuses.subtracting(Self.documentedStatuses(parts[0], parts[1]))
                #expect(missing.isEmpty, "\(key) answers \(missing.sorted()) but the document does not say so")
            }
        }
    }

    @Test func pagingParametersCarryTheirLimits() throws {
        for (method, path) in [("GET", "/api/v1/events"), ("GET", "/api/v1/mediation/cases"), ("GET", "/api/v1/roster"), ("GET", "/api/v1/search"),
                               ("GET", "/api/v1/audit")] {
            guard case .array(let parameters)? = Self.operation(method, path)?["parameters"] else { Issue.record("no parameters \(path)"); continue }
            let limit = parameters.first { $0["name"] == "limit" }?["schema"]
            #expect(limit?["minimum"] == 1 && limit?["maximum"] == 500, "\(path)")
            if let offset = parameters.first(where: { $0["name"] == "offset" })?["schema"] {
                #expect(offset["minimum"] == 0 && offset["maximum"] == .int(Int64(BaseDataRoutes.offsets.upperBound)), "\(path)")
            }
        }
    }

    @Test func open311ErrorsAreDocumentedAsTheSpecsArray() throws {
        for (method, path) in [("GET", "/open311/v2/{file}"), ("POST", "/open311/v2/{file}"), ("GET", "/open311/v2/requests/{file}")] {
            guard case .object(let responses)? = Self.operation(method, path)?["responses"] else { Issue.record("no responses \(path)"); continue }
            for (status, response) in responses where Int(status)! >= 400 && status != "405" {  // 405 is the shared problem+json
                guard case .object(let content)? = response["content"] else { Issue.record("\(path) \(status) has no content"); continue }
                #expect(content["application/problem+json"] == nil, "\(method) \(path) \(status)")
                #expect(content["application/json"]?["schema"] == APIOperation.ref("Open311Errors"), "\(method) \(path) \(status)")
            }
            #expect(responses["400"] != nil, "\(path)")
        }
        #expect(Self.document["components"]?["schemas"]?["Open311Errors"]?["type"] == "array")
    }

    @Test func bodyAndMethodAnswersAreDocumented() throws {
        let report = Self.documentedStatuses("POST", "/api/v1/events")
        #expect(report.isSuperset(of: [413, 415]))
        #expect(Self.documentedStatuses("GET", "/api/v1/grids/{code}").isSuperset(of: [405]))
        #expect(Self.operation("GET", "/api/v1/grids/{code}")?["responses"]?["405"]?["headers"]?["Allow"] != nil)
    }
}
