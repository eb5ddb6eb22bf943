import ArgumentParser
import Foundation
import PinganAccess
import PinganKernel
import PinganServer

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "审计日志 / Audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "校验哈希链 / Verify the hash chain; exit 1 and name the first bad entry when broken.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await runReportingProblems {
                let services = try await db.open()
                let result = try await AuditReader(database: services.database).verify()
                await services.shutdown()
                if let bad = result.firstBad {
                    print("审计链已损坏 / audit chain BROKEN at seq \(bad.seq): \(result.reason ?? "")")
                    print("  条目 / entry: at=\(CountyTime.shanghai.format(Date(epochMillis: bad.at))) user=\(bad.username) action=\(bad.action) target=\(bad.target)")
                    print("  此前完好条目 / intact entries before it: \(result.checked)")
                    throw ExitCode(1)
                }
                print("审计链完好 / audit chain intact: \(result.checked) entries")
            }
        }
    }
}
