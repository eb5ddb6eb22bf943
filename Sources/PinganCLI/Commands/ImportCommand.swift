import ArgumentParser
import Foundation
import PinganAccess
import PinganGovernance
import PinganKernel
import PinganServer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "部门数据导入（CSV/XLSX，默认试运行）/ Import a department file (dry run unless --apply).",
        discussion: "以 --user 指定的用户身份导入：其角色与管辖范围决定能写入哪些网格，数据来源为该账户绑定的来源（pingan user source）/ Runs as --user: their role and scope decide which grids rows may name; the source is the one bound to the account (pingan user source).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "CSV 或 XLSX 文件 / file") var file: String
    @Option(help: "类别 / kind: people, households, houses or organisations") var kind = "people"
    @Option(help: "以此用户身份导入 / import as this user") var user: String
    @Option(help: "表头映射 JSON / header mapping, e.g. {\"证件号\":\"residentId\"}") var mapping: String?
    @Flag(help: "写入数据库 / write (otherwise a dry run)") var apply = false
    @Flag(help: "有错误行时仍写入有效行 / keep the valid rows of a file with bad ones") var keepValid = false

    func run() async throws {
        try await runReportingProblems {
            guard let importKind = ImportKind(rawValue: kind) else {
                throw ValidationError("--kind 须为 people、households、houses 或 organisations / one of people, households, houses, organisations")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取 / cannot read \(file)") }
            var map: [String: String] = [:]
            if let mapping {
                guard let m = try? JSONDecoder().decode([String: String].self, from: Data(mapping.utf8)) else {
                    throw ValidationError("--mapping 须为 JSON 对象 / must be a JSON object")
                }
                map = m
            }
            let services = try await db.open()
            guard let u = try await services.users.find(username: user) else { throw ValidationError("用户不存在 / no such user \(user)") }
            let identity = Identity(userID: u.id, username: u.username, displayName: u.displayName, role: u.role,
                                    department: u.department, scope: u.scope)
            let report = try await services.imports.run(data, .init(kind: importKind, dryRun: !apply, keepValid: keepValid, mapping: map),
                                                        for: identity, client: "cli")
            await services.shutdown()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            if report.rejected > 0 && !keepValid { throw ExitCode(1) }
        }
    }
}
