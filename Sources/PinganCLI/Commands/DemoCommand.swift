import ArgumentParser
import Foundation
import PinganKernel
import PinganServer

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "生成演示县（区）数据 / Fill an empty database with the demo county.",
        discussion: "同一 --seed 与 --now 生成同一数据库 / The same seed and now give the same database.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "随机种子 / seed") var seed: UInt64 = 1
    @Option(help: "规模 / scale: county (full district) or small (tests)") var scale: String = "county"
    @Option(help: "所有演示账户的密码 / password of every demo account (printed when generated)") var demoPassword: String?
    @Option(help: "演示的当前时间 / the demo's now (ISO 8601)") var now: String?
    @Option(name: .customLong("open311-api-key"), help: "Open311 接口的演示 api_key / the demo's Open311 api_key (printed when generated)")
    var open311ApiKey: String?

    func run() async throws {
        try await runReportingProblems {
            guard let scale = DemoSeeder.Scale(rawValue: scale) else { throw ValidationError("--scale 须为 county 或 small") }
            var nowDate = Date()
            if let now {
                guard let d = CountyTime.shanghai.parse(now) else { throw ValidationError("--now 须为 ISO 8601 时间") }
                nowDate = d
            }
            let password = demoPassword ?? Self.randomPassword()
            let services = try await db.open()
            let started = Date()
            let summary = try await DemoSeeder(services: services).run(seed: seed, scale: scale, password: password, now: nowDate)
            let apiKey = open311ApiKey ?? Self.randomPassword() + Self.randomPassword()
            try await services.events.addOpen311Key(apiKey, name: "演示 / demo")
            await services.shutdown()
            let levels = (1...5).map { "\($0)级 \(summary.grids[$0] ?? 0)" }.joined(separator: "，")
            print("""
                演示数据已生成 / demo created in \(String(format: "%.1f", Date().timeIntervalSince(started))) s
                  综治网格：\(levels)；警务网格：\(summary.policeGrids) 个
                  人口 \(summary.people)，家庭户 \(summary.households)，房屋 \(summary.houses)，单位 \(summary.organisations)，特殊人群标签 \(summary.specialGroupTags)
                  网格事件 / grid events: \(summary.events)，调解案件 / mediation cases: \(summary.mediationCases)
                  信号路口 / signalized intersections: \(summary.signalIntersections)，干线 / arterials: \(summary.signalArterials)
                  账户 / accounts: \(summary.accounts)，例如 admin、auditor、secadmin、centre、leader、traffic、town-<9位镇编码>、village-<12位村编码>、grid-<15位网格编码>、dept-<部门代码>、police-<派出所编码>
                  演示账户密码 / demo password: \(password)
                  Open311 api_key: \(apiKey)
                """)
        }
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<12).map { _ in alphabet.randomElement()! })
    }
}
