import Foundation
import PinganKernel
import Testing
@testable import PinganCases

@Suite("Open311 POST requests")
struct Open311NewRequestTests {
    /// The example body of the GeoReport v2 spec, verbatim.
    let specExample = "api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043"
        + "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
        + "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
        + "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
        + "&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001"

    private func failure(_ form: String) throws -> Open311Failure {
        try #require(Open311NewRequest.parse(form: form).open311Failure)
    }

    @Test func theSpecExampleParses() throws {
        let r = try Open311NewRequest.parse(form: specExample).get()
        #expect(r.apiKey == "xyz")
        #expect(r.jurisdictionID == "city.gov")
        #expect(r.serviceCode == "001")
        #expect(r.location == GeoPoint(lat7: 377_652_408, lng7: -1_224_212_043))
        #expect(r.addressString == "1234 5th street")
        #expect(r.email == "smit333@sfgov.edu")
        #expect(r.deviceID == "tt222111")
        #expect(r.accountID == "123456")
        #expect(r.firstName == "john")
        #expect(r.lastName == "smith")
        #expect(r.phone == "111111111")
        #expect(r.description == "A large sinkhole is destroying the street")
        #expect(r.mediaURL == "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg")
        #expect(r.attributes == ["WHISPAWN": ["123456"], "WHISDORN": ["COISL001"]])
        #expect(r.addressID == nil)
    }

    @Test func bytesAndTextGiveTheSameResult() throws {
        #expect(try Open311NewRequest.parse(body: Array(specExample.utf8)).get()
                == (try Open311NewRequest.parse(form: specExample).get()))
    }

    @Test func missingApiKeyIsA403() throws {
        for form in ["service_code=001&lat=27.7&long=113.1", "api_key=&service_code=001&lat=27.7&long=113.1", ""] {
            let f = try failure(form)
            #expect(f.status == 403)
            #expect(f.errors.map(\.code) == [403])
            #expect(f.errors[0].description.contains("api_key"))
        }
    }

    @Test func missingServiceCodeIsA400() throws {
        let f = try failure("api_key=k&lat=27.7&long=113.1")
        #expect(f.status == 400)
        #expect(f.errors.map(\.code) == [400])
        #expect(f.errors[0].description.contains("service_code"))
    }

    @Test func anyOneLocationIsEnough() throws {
        #expect(try Open311NewRequest.parse(form: "api_key=k&service_code=1&address_string=%E5%BB%BA%E8%AE%BE%E5%8D%97%E8%B7%AF").get()
                .addressString == "建设南路")
        #expect(try Open311NewRequest.parse(form: "api_key=k&service_code=1&address_id=A-9").get().addressID == "A-9")
        let r = try Open311NewRequest.parse(form: "api_key=k&service_code=1&lat=-33.5&long=151.25").get()
        #expect(r.location?.latitude == -33.5)
        #expect(r.location?.longitude == 151.25)
    }

    @Test func noLocationIsA400() throws {
        let f = try failure("api_key=k&service_code=1&address_string=+&lat=")
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains("address_string"))
    }

    @Test(arguments: [
        ("lat=27.7", "long"), ("long=113.1", "lat"), ("lat=abc&long=113", "lat"), ("lat=27&long=east", "long"),
        ("lat=91&long=113", "lat"), ("lat=-90.0001&long=113", "lat"), ("lat=27&long=180.5", "long"),
        ("lat=nan&long=113", "lat"), ("lat=27&long=inf", "long"), ("lat=0x1p3&long=113", "lat"),
    ])
    func badCoordinatesAreA400NamingTheField(location: String, field: String) throws {
        let f = try failure("api_key=k&service_code=1&" + location)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains(field))
    }

    @Test func coordinateBoundsAreInclusive() throws {
        let r = try Open311NewRequest.parse(form: "api_key=k&service_code=1&lat=-90&long=180").get()
        #expect(r.location == GeoPoint(lat7: -900_000_000, lng7: 1_800_000_000))
    }

    @Test func descriptionIsLimitedTo4000CharactersAndKeepsLineBreaks() throws {
        let fits = String(repeating: "路", count: 4000)
        let ok = try Open311NewRequest.parse(items: [("api_key", "k"), ("service_code", "1"), ("address_id", "a"),
                                                     ("description", fits)]).get()
        #expect(ok.description?.count == 4000)
        let multiline = try Open311NewRequest.parse(form: "api_key=k&service_code=1&address_id=a&description=%E7%AC%AC%E4%B8%80%0A%E7%AC%AC%E4%BA%8C").get()
        #expect(multiline.description == "第一\n第二")
        let f = try #require(Open311NewRequest.parse(items: [("api_key", "k"), ("service_code", "1"), ("address_id", "a"),
                                                            ("description", fits + "多")]).open311Failure)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains("description"))
    }

    @Test(arguments: [("email", "not-an-email"), ("email", "a@b"), ("email", "a b@c.d"), ("media_url", "ftp://x/y.jpg"),
                      ("media_url", "javascript:alert(1)"), ("media_url", "http://"), ("first_name", String(repeating: "x", count: 256)),
                      ("phone", String(repeating: "1", count: 300))])
    func badOptionalFieldsAreA400NamingTheField(field: String, value: String) throws {
        let f = try #require(Open311NewRequest.parse(items: [("api_key", "k"), ("service_code", "1"), ("address_id", "a"),
                                                            (field, value)]).open311Failure)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains(field))
    }

    @Test func emptyOptionalFieldsAreAbsent() throws {
        let r = try Open311NewRequest.parse(form: "api_key=k&service_code=1&address_id=a&email=&media_url=&phone=").get()
        #expect(r.email == nil)
        #expect(r.mediaURL == nil)
        #expect(r.phone == nil)
    }

    @Test func multiValueAttributesCollectInOrder() throws {
        let r = try Open311NewRequest.parse(form: "api_key=k&service_code=1&address_id=a"
            + "&attribute[COLORS][]=red&attribute%5BCOLORS%5D%5B%5D=blue&attribute[SIZE]=L&attribute[EMPTY]=").get()
        #expect(r.attributes == ["COLORS": ["red", "blue"], "SIZE": ["L"]])
    }

    @Test(arguments: ["attribute=1", "attribute[]=1", "attribute[A=1", "attribute[A][x]=1", "attributeA]=1",
                      "attribute[A]]=1"])
    func malformedAttributeKeysAreA400(pair: String) throws {
        let f = try failure("api_key=k&service_code=1&address_id=a&" + pair)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
    }

    @Test func everyFaultIsReportedAtOnce() throws {
        let f = try failure("api_key=k&lat=95&email=x&media_url=ftp://a&attribute[=1")
        #expect(f.status == 400)
        // service_code, lat without long, email, media_url, attribute key.
        #expect(f.errors.count == 5)
        #expect(f.errors.allSatisfy { $0.code == 400 })
    }
}

@Suite("Open311 attribute answers against a service definition")
struct Open311AttributeCheckTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    let definition = Open311ServiceDefinition(serviceCode: "S", attributes: [
        Open311Attribute(code: "KIND", datatype: .singlevaluelist, required: true, order: 1, description: "类型",
                         values: [.init(key: "k1", name: "一"), .init(key: "k2", name: "二")]),
        Open311Attribute(code: "TAGS", datatype: .multivaluelist, required: false, order: 2, description: "标签",
                         values: [.init(key: "t1", name: "甲"), .init(key: "t2", name: "乙")]),
        Open311Attribute(code: "COUNT", datatype: .number, required: false, order: 3, description: "数量"),
        Open311Attribute(code: "WHEN", datatype: .datetime, required: false, order: 4, description: "时间"),
        Open311Attribute(code: "LINE", datatype: .string, required: false, order: 5, description: "单行"),
        Open311Attribute(code: "NOTE", datatype: .text, required: false, order: 6, description: "多行"),
        Open311Attribute(variable: false, code: "INFO", datatype: .text, required: true, order: 7, description: "提示"),
    ])

    @Test func validAnswersAreKeptAndUnaskedOnesDropped() throws {
        let kept = try definition.check([
            "KIND": ["k2"], "TAGS": ["t1", "t2"], "COUNT": ["3.5"], "WHEN": ["2025-01-01T08:00:00+08:00"],
            "LINE": ["一行"], "NOTE": ["两\n行"], "INFO": ["x"], "UNKNOWN": ["y"],
        ], zone: zone).get()
        #expect(kept == ["KIND": ["k2"], "TAGS": ["t1", "t2"], "COUNT": ["3.5"], "WHEN": ["2025-01-01T08:00:00+08:00"],
                         "LINE": ["一行"], "NOTE": ["两\n行"]])
    }

    @Test func requiredVariableAttributeMustBeAnswered() throws {
        let f = try #require(definition.check([:], zone: zone).open311Failure)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains("KIND"))
    }

    @Test(arguments: [
        ("KIND", ["k3"]), ("KIND", ["k1", "k2"]), ("TAGS", ["t1", "t9"]), ("COUNT", ["many"]), ("COUNT", ["nan"]),
        ("WHEN", ["next week"]), ("LINE", ["a\nb"]), ("LINE", ["a", "b"]),
        ("NOTE", [String(repeating: "字", count: 4001)]),
    ])
    func wrongAnswersAreA400NamingTheCode(code: String, values: [String]) throws {
        var answers = ["KIND": ["k1"]]
        answers[code] = values
        let f = try #require(definition.check(answers, zone: zone).open311Failure)
        #expect(f.status == 400)
        #expect(f.errors.count == 1)
        #expect(f.errors[0].description.contains(code))
    }
}
