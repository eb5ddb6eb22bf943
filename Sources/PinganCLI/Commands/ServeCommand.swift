import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PinganServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "启动服务 / Start the HTTP server.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "监听地址 / host") var host = "127.0.0.1"
    @Option(help: "端口 / port") var port = 8080
    @Option(help: "内网瓦片地址 / intranet tile URL, e.g. http://tiles.local/{z}/{x}/{y}.png (default: none)") var tileUrl: String?
    @Option(help: "界面文件目录 / UI folder (default: bundled)") var publicDir: String?
    @Option(help: "TLS 证书链（PEM）/ TLS certificate chain, PEM; with --tls-key serves HTTPS") var tlsCert: String?
    @Option(help: "TLS 私钥（PEM）/ TLS private key, PEM") var tlsKey: String?
    @Option(help: "可信反向代理（可重复；也读 PINGAN_TRUSTED_PROXIES，逗号分隔）/ trusted reverse proxy CIDR, repeatable: only its X-Forwarded-For is believed")
    var trustedProxy: [String] = []
    @Option(help: "除本机外可读 /metrics 的网段（可重复）/ CIDR besides loopback allowed to read /metrics, repeatable")
    var metricsAllow: [String] = []
    @OptionGroup var audit: AuditPathOptions

    func run() async throws {
        try await runReportingProblems {
            var logger = Logger(label: "pingan")
            logger.logLevel = .info
            var settings = ServerSettings()
            try configureNetwork(&settings)
            let services = try await db.open(logger: logger, auditPaths: audit.paths(for: try db.url()))
            settings.host = host
            settings.port = port
            settings.map.tileUrl = tileUrl
            settings.publicDirectory = publicDir
            let app = try buildApplication(services: services, settings: settings, logger: logger)
            let url = try db.url()
            let scheme = settings.tls == nil ? "http" : "https"
            logger.notice("平安 Pingan listening", metadata: ["url": "\(scheme)://\(host):\(port)", "database": "\(url)",
                                                            "trustedProxies": "\(settings.trustedProxies)"])
            try await app.runService()
            await services.shutdown()
        }
    }
}

extension ServeCommand {
    /// TLS files come as a pair; proxies from the flags and `PINGAN_TRUSTED_PROXIES` together.
    func configureNetwork(_ settings: inout ServerSettings) throws {
        switch (tlsCert, tlsKey) {
        case let (cert?, key?): settings.tls = (cert, key)
        case (nil, nil): break
        default: throw ValidationError("--tls-cert 与 --tls-key 须同时给出 / give both --tls-cert and --tls-key")
        }
        let env = ProcessInfo.processInfo.environment["PINGAN_TRUSTED_PROXIES"].map { [$0] } ?? []
        do {
            settings.trustedProxies = try .parse(trustedProxy + env)
            settings.metricsAllow = try .parse(metricsAllow)
        } catch let error as IPNetworkError {
            throw ValidationError(error.description)
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "执行数据库迁移 / Apply pending schema migrations.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        try await runReportingProblems {
            let services = try await db.open()
            let applied = try await PinganStorage.Migrator.appliedIDs(services.database)
            print("已应用迁移 / applied migrations: \(applied.joined(separator: ", "))")
            await services.shutdown()
        }
    }
}

import PinganStorage
