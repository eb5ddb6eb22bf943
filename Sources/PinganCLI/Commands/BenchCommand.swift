import ArgumentParser
import Foundation
import PinganServer
import PinganSignals

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能基准 / Benchmarks: builds its own fixture and prints one JSON object.",
        discussion: "NAME: locate | search | import | events | signals | login-flood. PINGAN_BENCH_POSTGRES_URL adds a PostgreSQL run beside SQLite.")

    @Argument(help: "基准名 / benchmark name") var name: String
    @Flag(help: "输出 JSON / print JSON (the only output format)") var json = false
    @Option(help: "计时次数 / timed requests") var iterations = 5000
    @Option(help: "导入行数 / rows for the import benchmark") var rows = 1_000_000
    @Option(help: "事件数 / events in the events benchmark's database") var events = 100_000
    @Option(help: "登录洪泛秒数 / seconds of the login-flood benchmark's flood") var floodSeconds = 20

    func run() async throws {
        switch name {
        case "locate":
            print(try await PinganServer.LocateBenchmark(iterations: max(1000, iterations)).run())
        case "search":
            print(try await PinganServer.SearchBenchmark(iterations: max(1000, iterations)).run())
        case "import":
            print(try await PinganServer.ImportBenchmark(rows: rows).run())
        case "events":
            print(try await PinganServer.EventsBenchmark(iterations: max(1000, iterations), events: events).run())
        case "signals":
            print(try SignalsBenchmark.run())
        case "login-flood":
            print(try await PinganServer.LoginFloodBenchmark(seconds: Double(floodSeconds)).run())
        default:
            throw ValidationError("未知基准 / unknown benchmark \(name); available: locate, search, import, events, signals, login-flood")
        }
    }
}
