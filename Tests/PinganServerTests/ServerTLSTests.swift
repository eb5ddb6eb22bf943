import Foundation
import PinganKernel
@testable import PinganServer
import Testing

/// `pingan serve --tls-cert --tls-key`: a PEM pair makes an HTTPS server; a bad file stops the
/// start with a message naming the flag, not an OpenSSL error stack.
@Suite struct ServerTLSTests {
    /// A self-signed P-256 certificate for localhost (test only).
    static let certificate = """
-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUXoqKtRyzc5UBf3l79Riet5IoZy4wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwODAyMTY1NVoYDzIxMjYxMTE0
MDIxNjU1WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAS1EHNl5HT2WG/u7lVAW1xrQJbBCjBkHXth5CGwK5hIGl6haWjsIJLp
sdy/Ie9ADZBZ+LuoINIfuQn313KvxtKEo1MwUTAdBgNVHQ4EFgQUreqHv97p1AnH
qB4Bc0kxmh1MNtkwHwYDVR0jBBgwFoAUreqHv97p1AnHqB4Bc0kxmh1MNtkwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAwHSisn9ymKiy1Ulg1utj
8O+TWWJ8OYKXtBztz6IqeGICIHF+mDqysvq+Sf4om+XsHtT+vuu7t63X6upj202k
NDZv
-----END CERTIFICATE-----
"""
    static let key = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg6W/CTig+RytPifNy
YQ0a1HMuu6WvOgTIjKVuwQWpEZKhRANCAAS1EHNl5HT2WG/u7lVAW1xrQJbBCjBk
HXth5CGwK5hIGl6haWjsIJLpsdy/Ie9ADZBZ+LuoINIfuQn313KvxtKE
-----END PRIVATE KEY-----
"""

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-tls-\(UUID().uuidString).pem").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aPEMPairConfiguresTLS12OrLater() throws {
        let cert = try Self.write(Self.certificate), key = try Self.write(Self.key)
        defer { try? FileManager.default.removeItem(atPath: cert); try? FileManager.default.removeItem(atPath: key) }
        let configuration = try ServerTLS.configuration(certificate: cert, key: key)
        #expect(configuration.minimumTLSVersion == .tlsv12)
        #expect(configuration.certificateChain.count == 1)
        _ = try ServerTLS.server((cert, key))
    }

    @Test func badFilesNameTheirFlag() throws {
        let cert = try Self.write(Self.certificate), notAKey = try Self.write("not a key")
        defer { try? FileManager.default.removeItem(atPath: cert); try? FileManager.default.removeItem(atPath: notAKey) }
        for (c, k, field) in [("/no/such/cert.pem", notAKey, "tls-cert"), (cert, notAKey, "tls-key"), (notAKey, cert, "tls-cert")] {
            do {
                _ = try ServerTLS.configuration(certificate: c, key: k)
                Issue.record("accepted \(c) \(k)")
            } catch let problem as Problem {
                #expect(problem.errors.map(\.field) == [field])
            }
        }
    }
}
