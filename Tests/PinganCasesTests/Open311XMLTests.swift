import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PinganKernel
import Testing
@testable import PinganCases

struct Open311MalformedXML: Error {
    var message: String
}

/// Collects every error `XMLParser` reports: on Linux `parse()` can return true after a
/// mismatched tag, and `XMLDocument` silently recovers, so neither alone proves well-formedness.
final class Open311XMLErrorCollector: NSObject, XMLParserDelegate {
    var errors: [String] = []
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { errors.append("\(parseError)") }
}

/// Checks well-formedness strictly, then returns the root element for navigation.
func open311XMLRoot(_ payload: Open311Payload) throws -> XMLElement {
    let parser = XMLParser(data: payload.data)
    let collector = Open311XMLErrorCollector()
    parser.delegate = collector
    let parsed = parser.parse()
    if !parsed || parser.parserError != nil || !collector.errors.isEmpty {
        throw Open311MalformedXML(message: (collector.errors + [parser.parserError.map { "\($0)" } ?? ""])
            .joined(separator: "; "))
    }
    let document = try XMLDocument(data: payload.data)
    return try #require(document.rootElement())
}

extension XMLElement {
    /// Names of the child elements, in document order.
    var childNames: [String] { (children ?? []).compactMap { ($0 as? XMLElement)?.name } }
    /// Text of the single child element called `name`.
    func text(_ name: String) -> String? { elements(forName: name).first?.stringValue }
    func child(_ name: String) -> XMLElement? { elements(forName: name).first }
}

@Suite("Open311 XML documents")
struct Open311XMLTests {
    let sample = Open311Request(
        serviceRequestID: "E-2025-000123", status: .closed, statusNotes: "已修复路灯",
        serviceName: "路灯损坏", serviceCode: "CITY-LIGHT", description: "路口路灯不亮",
        agencyResponsible: "城管局", serviceNotice: nil,
        requestedDatetime: "2025-03-01T08:15:30+08:00", updatedDatetime: "2025-03-02T09:00:00+08:00",
        expectedDatetime: "2025-03-04T08:15:30+08:00", address: "芦淞区建设南路", addressID: nil,
        zipcode: "412000", location: GeoPoint(lat7: 277_020_000, lng7: 1_131_427_000),
        mediaURL: "https://example.org/m/1.jpg")

    @Test func documentsStartWithTheUTF8DeclarationAndUseTextXML() throws {
        let payload = Open311Encoder.services([], format: .xml)
        let text = try #require(String(data: payload.data, encoding: .utf8))
        #expect(text.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#))
        #expect(payload.contentType.hasPrefix("text/xml"))
        #expect(payload.contentType.contains("charset=utf-8"))
        #expect(try open311XMLRoot(payload).name == "services")
        #expect(try open311XMLRoot(payload).childNames.isEmpty)
    }

    @Test func theParserUsedHereRejectsMalformedXML() {
        // Guards the other tests: they only prove well-formedness if the check is strict.
        for bad in ["<a>&</a>", "<a><b></a>", "<a>\u{1}</a>", "<a x=\"<\"></a>", "<a></a><b/>"] {
            let payload = Open311Payload(data: Data((#"<?xml version="1.0"?>"# + bad).utf8), contentType: "text/xml")
            #expect(throws: Open311MalformedXML.self) { try open311XMLRoot(payload) }
        }
    }

    @Test func serviceListHasTheSpecElements() throws {
        let services = [
            Open311Service(serviceCode: "001", serviceName: "路灯损坏", description: "路灯不亮或闪烁",
                           metadata: true, type: .realtime, keywords: ["路灯", "照明"], group: "市政"),
            Open311Service(serviceCode: "002", serviceName: "井盖缺失", metadata: false, type: .batch),
        ]
        let root = try open311XMLRoot(Open311Encoder.services(services, format: .xml))
        #expect(root.name == "services")
        #expect(root.childNames == ["service", "service"])
        let first = try #require(root.child("service"))
        #expect(first.childNames == ["service_code", "service_name", "description", "metadata", "type",
                                     "keywords", "group"])
        #expect(first.text("service_code") == "001")
        #expect(first.text("service_name") == "路灯损坏")
        #expect(first.text("metadata") == "true")
        #expect(first.text("type") == "realtime")
        #expect(first.text("keywords") == "路灯, 照明")
        #expect(first.text("group") == "市政")
        let second = try #require(root.elements(forName: "service").last)
        #expect(second.text("metadata") == "false")
        #expect(second.text("type") == "batch")
        #expect(second.text("description") == "")
        #expect(second.text("keywords") == "")
    }

    @Test func serviceDefinitionNestsAttributesAndValuesSortedByOrder() throws {
        let definition = Open311ServiceDefinition(serviceCode: "DMV66", attributes: [
            Open311Attribute(code: "SECOND", datatype: .string, required: false, order: 2, description: "备注"),
            Open311Attribute(code: "WHISHETN", datatype: .singlevaluelist, required: true,
                             datatypeDescription: nil, order: 1, description: "车辆品牌",
                             values: [.init(key: "123", name: "Ford"), .init(key: "124", name: "Chrysler")]),
        ])
        let root = try open311XMLRoot(Open311Encoder.serviceDefinition(definition, format: .xml))
        #expect(root.name == "service_definition")
        #expect(root.childNames == ["service_code", "attributes"])
        #expect(root.text("service_code") == "DMV66")
        let attributes = try #require(root.child("attributes")).elements(forName: "attribute")
        #expect(attributes.map { $0.text("code") } == ["WHISHETN", "SECOND"])
        let first = attributes[0]
        #expect(first.childNames == ["variable", "code", "datatype", "required", "datatype_description", "order",
                                     "description", "values"])
        #expect(first.text("variable") == "true")
        #expect(first.text("datatype") == "singlevaluelist")
        #expect(first.text("required") == "true")
        #expect(first.text("order") == "1")
        let values = try #require(first.child("values")).elements(forName: "value")
        #expect(values.map { $0.text("key") } == ["123", "124"])
        #expect(values.map { $0.text("name") } == ["Ford", "Chrysler"])
        #expect(attributes[1].child("values")?.childNames == [])
    }

    @Test func requestsCarryEverySpecFieldInOrder() throws {
        let root = try open311XMLRoot(Open311Encoder.requests([sample, sample], format: .xml))
        #expect(root.name == "service_requests")
        #expect(root.childNames == ["request", "request"])
        let request = try #require(root.child("request"))
        // Field list and order from the GeoReport v2 example response.
        #expect(request.childNames == [
            "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
            "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
            "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"])
        #expect(request.text("service_request_id") == sample.serviceRequestID)
        #expect(request.text("status") == "closed")
        #expect(request.text("status_notes") == sample.statusNotes)
        #expect(request.text("expected_datetime") == sample.expectedDatetime)
        #expect(request.text("service_notice") == "")
        #expect(request.text("address_id") == "")
        #expect(request.text("lat") == "27.702")
        #expect(request.text("long") == "113.1427")
    }

    @Test(arguments: [
        (Int64(0), "0"), (Int64(1), "0.0000001"), (Int64(-1), "-0.0000001"), (Int64(-1_224_651_145), "-122.4651145"),
        (Int64(900_000_000), "90"), (Int64(-10_000_000), "-1"), (Int64(123_456_780), "12.345678"),
    ])
    func coordinatesAreWrittenExactly(units: Int64, expected: String) throws {
        var request = sample
        request.location = GeoPoint(lat7: units, lng7: units)
        let root = try open311XMLRoot(Open311Encoder.requests([request], format: .xml))
        #expect(root.child("request")?.text("lat") == expected)
        #expect(root.child("request")?.text("long") == expected)
        #expect(Double(expected) == Double(units) / 1e7)
    }

    @Test func missingLocationLeavesLatAndLongEmpty() throws {
        var request = sample
        request.location = nil
        let element = try #require(try open311XMLRoot(Open311Encoder.requests([request], format: .xml)).child("request"))
        #expect(element.text("lat") == "")
        #expect(element.text("long") == "")
    }

    @Test func markupAndControlCharactersCannotBreakTheDocument() throws {
        var request = sample
        let hostile = "a < b && c > d \"q\" 'p' ]]> <![CDATA[x]]> </description><x>"
        request.description = hostile + "\u{1}\u{B}\u{FFFE}" + "\r\n中文😀"
        request.statusNotes = "<script>alert('x')</script>"
        let element = try #require(try open311XMLRoot(Open311Encoder.requests([request], format: .xml)).child("request"))
        #expect(element.text("description") == hostile + "\r\n中文😀")
        #expect(element.text("status_notes") == "<script>alert('x')</script>")
        #expect(element.childNames.count == 17)
    }

    @Test func receiptCarriesEitherTheIdOrTheToken() throws {
        let byID = try open311XMLRoot(Open311Encoder.receipt(
            Open311RequestReceipt(handle: .serviceRequestID("293944"), serviceNotice: "24 小时内处理"), format: .xml))
        #expect(byID.name == "service_requests")
        let request = try #require(byID.child("request"))
        #expect(request.childNames == ["service_request_id", "service_notice", "account_id"])
        #expect(request.text("service_request_id") == "293944")
        #expect(request.text("service_notice") == "24 小时内处理")
        #expect(request.text("account_id") == "")

        let byToken = try open311XMLRoot(Open311Encoder.receipt(
            Open311RequestReceipt(handle: .token("T-9"), accountID: "acc-1"), format: .xml))
        #expect(byToken.child("request")?.childNames == ["token", "service_notice", "account_id"])
        #expect(byToken.child("request")?.text("token") == "T-9")
        #expect(byToken.child("request")?.text("account_id") == "acc-1")

        let blackbox = try open311XMLRoot(Open311Encoder.receipt(Open311RequestReceipt(handle: nil), format: .xml))
        #expect(blackbox.child("request")?.childNames == ["service_notice", "account_id"])
    }

    @Test func tokenAnswerCarriesIdAndToken() throws {
        let root = try open311XMLRoot(Open311Encoder.token(
            Open311TokenStatus(token: "12345", serviceRequestID: "638344"), format: .xml))
        #expect(root.name == "service_requests")
        #expect(root.child("request")?.childNames == ["service_request_id", "token"])
        #expect(root.child("request")?.text("service_request_id") == "638344")
        #expect(root.child("request")?.text("token") == "12345")
        let pending = try open311XMLRoot(Open311Encoder.token(
            Open311TokenStatus(token: "77", serviceRequestID: nil), format: .xml))
        #expect(pending.child("request")?.text("service_request_id") == "")
    }

    @Test func discoveryListsEndpointsAndFormats() throws {
        let discovery = Open311Discovery(
            changeset: "2025-03-01 10:00", contact: "平安县社会治理中心 0731-12345678",
            keyService: "向中心申请 api_key", endpoints: [
                Open311Endpoint(url: "https://pingan.example/open311/v2", changeset: "2025-02-01 09:00"),
                Open311Endpoint(url: "https://test.example/open311/v2", changeset: "2025-01-01 09:00",
                                type: .test, formats: ["text/xml"]),
            ])
        let root = try open311XMLRoot(Open311Encoder.discovery(discovery, format: .xml))
        #expect(root.name == "discovery")
        #expect(root.childNames == ["changeset", "contact", "key_service", "endpoints"])
        #expect(root.text("key_service") == discovery.keyService)
        let endpoints = try #require(root.child("endpoints")).elements(forName: "endpoint")
        #expect(endpoints.count == 2)
        #expect(endpoints[0].childNames == ["specification", "url", "changeset", "type", "formats"])
        #expect(endpoints[0].text("specification") == "http://wiki.open311.org/GeoReport_v2")
        #expect(endpoints[0].text("type") == "production")
        #expect(endpoints[0].child("formats")?.elements(forName: "format").map(\.stringValue)
                == ["text/xml", "application/json"])
        #expect(endpoints[1].text("type") == "test")
        #expect(endpoints[1].child("formats")?.elements(forName: "format").count == 1)
    }

    @Test func errorsAreAnArrayOfCodeAndDescription() throws {
        let failure = Open311Failure(status: 400, errors: [
            Open311Error(code: 400, description: "service_code 为必填项"),
            Open311Error(code: 400, description: "a < b"),
        ])
        let root = try open311XMLRoot(failure.encode(.xml))
        #expect(root.name == "errors")
        let errors = root.elements(forName: "error")
        #expect(errors.map(\.childNames) == [["code", "description"], ["code", "description"]])
        #expect(errors.map { $0.text("code") } == ["400", "400"])
        #expect(errors.map { $0.text("description") } == ["service_code 为必填项", "a < b"])
    }
}
