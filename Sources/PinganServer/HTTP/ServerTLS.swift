import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import PinganKernel

/// HTTP, or HTTPS when a certificate and key are given. Files that are missing or not PEM stop
/// the start with a Chinese message naming the file, not a stack of OpenSSL codes.
enum ServerTLS {
    static func server(_ files: (certificate: String, key: String)?) throws -> HTTPServerBuilder {
        guard let files else { return .http1() }
        return try .tls(.http1(), tlsConfiguration: configuration(certificate: files.certificate, key: files.key))
    }

    static func configuration(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw Problem.invalid("tls-cert", "无法读取 PEM 证书文件 \(certificate)")
        }
        guard !chain.isEmpty else { throw Problem.invalid("tls-cert", "证书文件 \(certificate) 中没有证书") }
        let privateKey: NIOSSLPrivateKey
        do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
            throw Problem.invalid("tls-key", "无法读取 PEM 私钥文件 \(key)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
