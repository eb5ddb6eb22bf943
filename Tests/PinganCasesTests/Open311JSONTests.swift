import Foundation
import PinganKernel
import Testing
@testable import PinganCases

/// Decodes a payload with Foundation's JSONSerialization (an independent, strict reader).
func open311JSON(_ payload: Open311Payload) throws -> Any {
    try JSONSerialization.jsonObject(with: payload.data, options: [.fragmentsAllowed])
}

@Suite("Open311 JSON documents")
struct Open311JSONTests {
    @Test func serviceListIsAnArrayOfObjects() throws {
        let payload = Open311Encoder.services([
            Open311Service(serviceCode: "001", serviceName: "路灯损坏", description: "路灯不亮", metadata: true,
                           keywords: ["路灯", "照明"], group: "市政"),
            Open311Service(serviceCode: "002", serviceName: "井盖缺失", metadata: false, type: .blackbox),
        ], format: .json)
        #expect(payload.contentType.hasPrefix("application/json"))
        let list = try #require(try open311JSON(payload) as? [[String: Any]])
        #expect(list.count == 2)
        #expect(Set(list[0].keys) == ["service_code", "service_name", "description", "metadata", "type",
                                      "keywords", "group"])
        #expect(list[0]["service_code"] as? String == "001")
        #expect(list[0]["metadata"] as? Bool == true)
        #expect(list[0]["keywords"] as? String == "路灯, 照明")
        #expect(list[1]["metadata"] as? Bool == false)
        #expect(list[1]["type"] as? String == "blackbox")
        #expect(list[1]["description"] is NSNull)
        #expect(list[1]["group"] is NSNull)
    }

    @Test func serviceDefinitionIsAnObjectWithAttributeArray() throws {
        let payload = Open311Encoder.serviceDefinition(Open311ServiceDefinition(serviceCode: "DMV66", attributes: [
            Open311Attribute(code: "WHISHETN", datatype: .multivaluelist, required: true,
                             datatypeDescription: "可多选", order: 1, description: "车辆品牌",
                             values: [.init(key: "123", name: "Ford")]),
            Open311Attribute(variable: false, code: "NOTE", datatype: .text, required: false, order: 2,
                             description: "说明"),
        ]), format: .json)
        let object = try #require(try open311JSON(payload) as? [String: Any])
        #expect(object["service_code"] as? String == "DMV66")
        let attributes = try #require(object["attributes"] as? [[String: Any]])
        #expect(attributes.count == 2)
        #expect(attributes[0]["variable"] as? Bool == true)
        #expect(attributes[0]["required"] as? Bool == true)
        #expect(attributes[0]["order"] as? Int == 1)
        #expect(attributes[0]["datatype"] as? String == "multivaluelist")
        #expect(attributes[0]["datatype_description"] as? String == "可多选")
        let values = try #require(attributes[0]["values"] as? [[String: String]])
        #expect(values == [["key": "123", "name": "Ford"]])
        #expect(attributes[1]["variable"] as? Bool == false)
        #expect(attributes[1]["datatype_description"] is NSNull)
        #expect((attributes[1]["values"] as? [Any])?.isEmpty == true)
    }

    @Test func requestsAreAnArrayWithNumericCoordinatesAndNulls() throws {
        let request = Open311Request(
            serviceRequestID: "E-1", status: .open, serviceName: "占道经营", serviceCode: "ROAD",
            requestedDatetime: "2025-03-01T08:15:30+08:00", expectedDatetime: "2025-03-03T08:15:30+08:00",
            location: GeoPoint(lat7: 277_020_000, lng7: -1_224_651_145))
        let list = try #require(try open311JSON(Open311Encoder.requests([request], format: .json)) as? [[String: Any]])
        #expect(list.count == 1)
        let item = list[0]
        #expect(item.count == 17)
        #expect(item["service_request_id"] as? String == "E-1")
        #expect(item["status"] as? String == "open")
        #expect(item["expected_datetime"] as? String == "2025-03-03T08:15:30+08:00")
        #expect(item["lat"] as? Double == 27.702)
        #expect(item["long"] as? Double == -122.4651145)
        for field in ["status_notes", "description", "agency_responsible", "service_notice", "updated_datetime",
                      "address", "address_id", "zipcode", "media_url"] {
            #expect(item[field] is NSNull, "\(field) should be null")
        }
        let empty = try #require(try open311JSON(Open311Encoder.requests([], format: .json)) as? [Any])
        #expect(empty.isEmpty)
    }

    @Test func stringsSurviveEscaping() throws {
        let tricky = "引号\"反斜杠\\换行\n回车\r制表\t控制\u{1}\u{1F}分隔\u{2028}\u{2029}😀 </script>"
        let request = Open311Request(serviceRequestID: "1", status: .open, statusNotes: tricky, serviceName: "x",
                                     serviceCode: "y", requestedDatetime: "2025-01-01T00:00:00+08:00")
        let payload = Open311Encoder.requests([request], format: .json)
        let list = try #require(try open311JSON(payload) as? [[String: Any]])
        #expect(list[0]["status_notes"] as? String == tricky)
        let raw = try #require(String(data: payload.data, encoding: .utf8))
        #expect(!raw.contains("\u{2028}"))
        #expect(!raw.contains("\n"))
    }

    @Test func receiptAndTokenAreArraysOfOneObject() throws {
        let receipt = try #require(try open311JSON(Open311Encoder.receipt(
            Open311RequestReceipt(handle: .serviceRequestID("293944"), serviceNotice: "已受理"), format: .json))
            as? [[String: Any]])
        #expect(receipt.count == 1)
        #expect(receipt[0]["service_request_id"] as? String == "293944")
        #expect(receipt[0]["token"] == nil)
        #expect(receipt[0]["service_notice"] as? String == "已受理")
        #expect(receipt[0]["account_id"] is NSNull)

        let batch = try #require(try open311JSON(Open311Encoder.receipt(
            Open311RequestReceipt(handle: .token("T-1")), format: .json)) as? [[String: Any]])
        #expect(batch[0]["token"] as? String == "T-1")
        #expect(batch[0]["service_request_id"] == nil)

        let token = try #require(try open311JSON(Open311Encoder.token(
            Open311TokenStatus(token: "12345", serviceRequestID: "638344"), format: .json)) as? [[String: Any]])
        #expect(token.count == 1)
        #expect(token[0]["service_request_id"] as? String == "638344")
        #expect(token[0]["token"] as? String == "12345")
    }

    @Test func discoveryIsAnObjectWithEndpointArray() throws {
        let payload = Open311Encoder.discovery(Open311Discovery(
            changeset: "2025-03-01 10:00", contact: "中心", keyService: "申请", endpoints: [
                Open311Endpoint(url: "https://pingan.example/open311/v2", changeset: "2025-02-01 09:00"),
            ]), format: .json)
        let object = try #require(try open311JSON(payload) as? [String: Any])
        #expect(object["changeset"] as? String == "2025-03-01 10:00")
        #expect(object["contact"] as? String == "中心")
        #expect(object["key_service"] as? String == "申请")
        let endpoints = try #require(object["endpoints"] as? [[String: Any]])
        #expect(endpoints.count == 1)
        #expect(endpoints[0]["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
        #expect(endpoints[0]["url"] as? String == "https://pingan.example/open311/v2")
        #expect(endpoints[0]["type"] as? String == "production")
        #expect(endpoints[0]["formats"] as? [String] == ["text/xml", "application/json"])
    }

    @Test func errorsAreAnArrayWithIntegerCodes() throws {
        let failure = Open311Failure.notFound("service_code 不存在（service_code not found）")
        #expect(failure.status == 404)
        let list = try #require(try open311JSON(failure.encode(.json)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["code"] as? Int == 404)
        #expect(list[0]["description"] as? String == "service_code 不存在（service_code not found）")
        #expect(Open311Failure.forbidden().status == 403)
        #expect(Open311Failure.unknownFormat.status == 400)
    }
}
