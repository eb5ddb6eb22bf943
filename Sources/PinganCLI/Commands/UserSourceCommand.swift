import ArgumentParser
import Foundation
import PinganAccess
import PinganKernel
import PinganServer

extension UserCommand {
    /// Binds the data source an account's imports carry (the security administrator's decision,
    /// here for whoever runs the server): `pingan user source dept-gaj 公安户籍`; `--clear` unbinds.
    struct Source: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "绑定账户的导入数据来源 / Bind the data source an account's imports carry (e.g. 公安户籍).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "用户名 / username") var username: String
        @Argument(help: "数据来源，如 公安户籍、住建局、市场监管局 / source") var source: String?
        @Flag(help: "解除绑定 / unbind") var clear = false

        func run() async throws {
            try await runReportingProblems {
                guard clear || source != nil else { throw ValidationError("请给出数据来源，或用 --clear 解除 / give a source or --clear") }
                let services = try await db.open()
                guard try await services.users.find(username: username) != nil else { throw ValidationError("用户不存在 / no such user \(username)") }
                try await services.importSources.seed([username: clear ? nil : source])
                try await services.audit.recordAndWait(AuditEntry(at: services.clock.now(), username: "cli", action: "users.import-source",
                                                                 target: "user:\(username)", client: "cli",
                                                                 detail: ["source": clear ? .null : .string(source ?? "")]))
                await services.shutdown()
                print(clear ? "\(username): 已解除导入来源" : "\(username): 导入来源 \(source ?? "")")
            }
        }
    }
}
