import ArgumentParser
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
    @OptionGroup var audit: AuditPathOptions

    func run() async throws {
        try await runReportingProblems {
            var logger = Logger(label: "pingan")
            logger.logLevel = .info
            let services = try await db.open(logger: logger, auditPaths: audit.paths(for: try db.url()))
            var settings = ServerSettings()
            settings.host = host
            settings.port = port
            settings.map.tileUrl = tileUrl
            settings.publicDirectory = publicDir
            let app = buildApplication(services: services, settings: settings, logger: logger)
            let url = try db.url()
            logger.notice("平安 Pingan listening", metadata: ["url": "http://\(host):\(port)", "database": "\(url)"])
            try await app.runService()
            await services.shutdown()
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
