import Foundation
import PinganSignals

/// Finds and runs the SUMO programs of the virtual environment made by scripts/setup-sumo.
struct SumoRunner {
    let venv: URL

    /// The venv from `--sumo-venv`, `PINGAN_SUMO_VENV` or ./.venv-sumo; a clear error when SUMO is missing.
    static func locate(_ given: String?) throws -> SumoRunner {
        let path = given ?? ProcessInfo.processInfo.environment["PINGAN_SUMO_VENV"] ?? ".venv-sumo"
        let venv = URL(fileURLWithPath: path)
        guard FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("bin/sumo").path) else {
            throw SignalsError("SUMO", "在 \(venv.path) 找不到 SUMO；请先运行 scripts/setup-sumo，并用 --sumo-venv 或 PINGAN_SUMO_VENV 指定它打印的路径")
        }
        return SumoRunner(venv: venv)
    }

    var python: URL { venv.appendingPathComponent("bin/python") }

    /// SUMO_HOME: the `sumo` package inside the venv's site-packages.
    func sumoHome() throws -> URL {
        let lib = venv.appendingPathComponent("lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for p in pythons.sorted() {
            let home = lib.appendingPathComponent(p).appendingPathComponent("site-packages/sumo")
            if FileManager.default.fileExists(atPath: home.appendingPathComponent("tools").path) { return home }
        }
        throw SignalsError("SUMO", "在 \(venv.path) 中找不到 SUMO_HOME（site-packages/sumo）")
    }

    /// Runs a program, returning its exit status and combined standard error.
    @discardableResult
    func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SUMO_HOME"] = (try? sumoHome().path) ?? env["SUMO_HOME"]
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs SUMO once and returns its trips and teleports.
    func simulate(net: URL, routes: URL, additional: URL?, seed: Int, end: Double?, workdir: URL, tag: String)
        throws -> (trips: [TripRecord], teleports: Int) {
        let tripinfo = workdir.appendingPathComponent("\(tag)-seed\(seed).tripinfo.xml")
        let stats = workdir.appendingPathComponent("\(tag)-seed\(seed).stats.xml")
        var args = ["-n", net.path, "-r", routes.path, "--seed", String(seed), "--tripinfo-output", tripinfo.path,
                    "--tripinfo-output.write-unfinished", "true", "--statistic-output", stats.path,
                    "--no-step-log", "true", "--no-warnings", "true", "--duration-log.disable", "true"]
        if let additional { args += ["-a", additional.path] }
        if let end { args += ["--end", String(Int(end))] }
        let r = try run(venv.appendingPathComponent("bin/sumo"), args)
        guard r.status == 0 else { throw SignalsError("SUMO（\(tag)，种子 \(seed)）", "运行失败：\(r.output.suffix(600))") }
        return (try SumoOutput.trips(Data(contentsOf: tripinfo)), try SumoOutput.teleports(Data(contentsOf: stats)))
    }

    /// SUMO's tlsCoordinator.py applied to replacement programs: the offsets it chooses, by traffic-light id.
    func tlsCoordinator(net: URL, routes: URL, programs: URL, output: URL) throws -> [String: Double] {
        let tool = try sumoHome().appendingPathComponent("tools/tlsCoordinator.py")
        let r = try run(python, [tool.path, "-n", net.path, "-r", routes.path, "-a", programs.path, "-o", output.path])
        guard r.status == 0, let data = try? Data(contentsOf: output) else {
            throw SignalsError("tlsCoordinator.py", "运行失败：\(r.output.suffix(600))")
        }
        return try SumoOutput.offsets(data)
    }
}
