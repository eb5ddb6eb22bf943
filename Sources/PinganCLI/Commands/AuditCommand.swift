import ArgumentParser
import Foundation
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "审计日志 / Audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "校验审计链 / Verify the keyed chain against the latest signed checkpoint; exit 1 naming the entry, the truncation or the bad checkpoint.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var audit: AuditPathOptions

        func run() async throws {
            try await runReportingProblems {
                let url = try db.url()
                let paths = audit.paths(for: url)
                // Verify never creates a key: a missing key file is an error, not a fresh start.
                let key = try AuditKey.load(at: paths.key)
                // Only the store and its migrations: verify must not need (or write) anything else.
                let database = try await Database.open(url, logger: CLILog.logger)
                let result: AuditReader.Verification
                do {
                    try await Migrator.migrate(database, PinganServices.migrations, logger: CLILog.logger)
                    result = try await AuditReader(database: database).verify(key: key, checkpoints: AuditCheckpointStore(directory: paths.checkpoints))
                    await database.close()
                } catch {
                    await database.close()
                    throw error
                }
                var broken = false
                if let bad = result.firstBad {
                    broken = true
                    print("审计链已损坏 / audit chain BROKEN at seq \(bad.seq): \(result.reason ?? "")")
                    print("  条目 / entry: at=\(CountyTime.shanghai.format(Date(epochMillis: bad.at))) user=\(bad.username) action=\(bad.action) target=\(bad.target)")
                    print("  此前完好条目 / intact entries before it: \(result.checked)")
                }
                for problem in result.anchorProblems {
                    broken = true
                    print("审计日志与检查点不符 / audit log does not match its checkpoints: \(problem)")
                }
                if broken { throw ExitCode(1) }
                if let c = result.checkpoint {
                    print("审计链完好 / audit chain intact: \(result.checked) entries; latest checkpoint \(c.seq) entries at \(CountyTime.shanghai.format(Date(epochMillis: c.at)))")
                } else {
                    print("审计链完好 / audit chain intact: \(result.checked) entries (无检查点 / no checkpoint yet in \(paths.checkpoints))")
                }
            }
        }
    }
}
