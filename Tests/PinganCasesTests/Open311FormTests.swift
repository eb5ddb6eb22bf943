import Foundation
import Testing
@testable import PinganCases

@Suite("Open311 paths and form bodies")
struct Open311FormTests {
    @Test func formatComesFromTheExtension() {
        #expect(Open311Format.fromPath("requests.json")?.name == "requests")
        #expect(Open311Format.fromPath("requests.json")?.format == .json)
        #expect(Open311Format.fromPath("services.xml")?.format == .xml)
        #expect(Open311Format.fromPath("E-2025.01.json")?.name == "E-2025.01")
        #expect(Open311Format.fromPath("discovery.XML")?.format == .xml)
        #expect(Open311Format.fromPath("requests") == nil)
        #expect(Open311Format.fromPath("requests.html") == nil)
        #expect(Open311Format.fromPath(".json") == nil)
        #expect(Open311Format.fromPath("requests.") == nil)
    }

    private func pairs(_ body: String) throws -> [[String]] {
        try Open311Form.decode(body).get().map { [$0.0, $0.1] }
    }

    @Test func plusIsSpaceAndPercentBytesAreUTF8() throws {
        #expect(try pairs("a=1+2&b=%2B8%3A00&c=%E4%B8%AD%E6%96%87") == [["a", "1 2"], ["b", "+8:00"], ["c", "中文"]])
        #expect(try pairs("address_string=1234+5th+street&email=smit333%40sfgov.edu")
                == [["address_string", "1234 5th street"], ["email", "smit333@sfgov.edu"]])
        #expect(try pairs("%61ttribute%5BX%5D%5B%5D=v") == [["attribute[X][]", "v"]])
        #expect(try pairs("k=%e4%b8%ad") == [["k", "中"]])
    }

    @Test func repeatedKeysEmptyPairsAndBareKeys() throws {
        #expect(try pairs("x=1&&x=2&") == [["x", "1"], ["x", "2"]])
        #expect(try pairs("flag&y=") == [["flag", ""], ["y", ""]])
        #expect(try pairs("q=a=b") == [["q", "a=b"]])
        #expect(try pairs("=") == [])
        #expect(try pairs("") == [])
        #expect(try pairs("中=文") == [["中", "文"]])
    }

    @Test(arguments: ["a=%G1", "a=%4", "a=%", "a=%FF", "a=%C3%28", "%ZZ=1"])
    func badEscapesAreA400(body: String) throws {
        let failure = try #require(Open311Form.decode(body).open311Failure)
        #expect(failure.status == 400)
        #expect(failure.errors.count == 1)
        #expect(failure.errors.allSatisfy { $0.code == 400 })
    }
}

extension Result {
    /// The failure, or nil on success (keeps failure assertions short).
    var open311Failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
