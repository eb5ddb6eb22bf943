import ArgumentParser
import Foundation
import Logging
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage

/// `--database`, shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "数据库地址 / database URL: sqlite://PATH or postgres://USER:PASS@HOST:PORT/DB (env PINGAN_DATABASE_URL)")
    var database: String?

    @Option(name: .long, help: "bcrypt 代价 / bcrypt cost (4–16; default 12)")
    var bcryptCost: UInt8 = 12

    func url() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["PINGAN_DATABASE_URL"] ?? DatabaseURL.defaultSQLite.description
        do { return try DatabaseURL.parse(text) } catch let p as Problem { throw ValidationError(p.errors.first?.message ?? p.detail) }
    }

    func open(clock: any PinganClock = SystemClock(), logger: Logger = CLILog.logger, auditPaths: AuditPaths? = nil) async throws -> PinganServices {
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost 须为 4–16") }
        var options = PinganServices.Options()
        options.bcryptCost = bcryptCost
        options.auditPaths = auditPaths
        return try await PinganServices.open(try url(), clock: clock, options: options, logger: logger)
    }
}

enum CLILog {
    static let logger: Logger = {
        var logger = Logger(label: "pingan")
        logger.logLevel = ProcessInfo.processInfo.environment["PINGAN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        return logger
    }()
}

/// Reports a `Problem` on stderr in Chinese and exits non-zero, instead of a Swift error dump.
func runReportingProblems(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let p as Problem {
        var message = "错误：\(p.detail)"
        for e in p.errors { message += "\n  \(e.field): \(e.message)" }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(2)
    }
}
