import ArgumentParser

@main
struct PinganCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pingan",
        abstract: "平安：县（区）社会治理与公共安全平台 / Pingan smart social-governance platform.",
        discussion: """
            数据库由一个地址选择 / The database is chosen by one URL:
              --database sqlite://data/pingan.sqlite   （默认，内嵌 / embedded default）
              --database postgres://用户:密码@主机:5432/库名
            也可用环境变量 PINGAN_DATABASE_URL / or the environment variable PINGAN_DATABASE_URL.
            """,
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, AuditCommand.self,
                      GridsCommand.self, ImportCommand.self, SignalsCommand.self, BenchCommand.self])
}
