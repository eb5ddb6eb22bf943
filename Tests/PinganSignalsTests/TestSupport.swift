import PinganKernel
import Foundation
import Testing
@testable import PinganSignals

/// Where the SUMO/scipy virtual environment and the project's scripts are.
enum TestEnvironment {
    /// The package root (two folders above this file).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var scripts: URL { root.appendingPathComponent("scripts/signals") }

    /// The venv made by scripts/setup-sumo, or nil after recording a failure that says how to make it.
    static func venv(for purpose: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PINGAN_SUMO_VENV"] ?? root.appendingPathComponent(".venv-sumo").path
        let python = URL(fileURLWithPath: path).appendingPathComponent("bin/python")
        if FileManager.default.isExecutableFile(atPath: python.path) { return URL(fileURLWithPath: path) }
        Issue.record("""
            \(purpose) 需要 SUMO/scipy 虚拟环境，但 \(path) 不存在。
            请先运行 scripts/setup-sumo 并导出 PINGAN_SUMO_VENV=<它打印的路径>。
            """)
        return nil
    }

    /// Runs a program and returns its standard output; records a failure on a non-zero exit.
    static func run(_ executable: URL, _ arguments: [String], input: Data? = nil,
                    environment: [String: String] = [:]) throws -> (status: Int32, output: Data, error: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try inp.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-signals-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Random arterials for property tests: irregular spacing, some protected lefts, uneven volumes.
enum RandomArterials {
    static func problem(_ rng: inout SeededGenerator, nodes: Int? = nil) -> BandProblem {
        let n = nodes ?? Int.random(in: 3...10, using: &rng)
        let cycle = Double(Int.random(in: 60...130, using: &rng))
        var timings: [NodeTiming] = []
        for _ in 0..<n {
            let group = Double(Int.random(in: Int(cycle * 0.45)...Int(cycle * 0.7), using: &rng))
            let hasA = Bool.random(using: &rng), hasB = Bool.random(using: &rng)
            timings.append(NodeTiming(cycle: cycle, arterialGroup: group,
                                      inboundLeft: hasA ? Double(Int.random(in: 6...12, using: &rng)) : 0,
                                      outboundLeft: hasB ? Double(Int.random(in: 6...12, using: &rng)) : 0))
        }
        let distances = (1..<n).map { _ in Double.random(in: 150...900, using: &rng) }
        let speed = Double.random(in: 10...16, using: &rng)
        let out = distances.map { $0 / speed }
        let inb = distances.map { $0 / (speed * Double.random(in: 0.85...1.15, using: &rng)) }
        let queues = Bool.random(using: &rng)
        let qOut = (0..<n).map { _ in queues ? Double(Int.random(in: 0...6, using: &rng)) : 0 }
        let qIn = (0..<n).map { _ in queues ? Double(Int.random(in: 0...6, using: &rng)) : 0 }
        let ratios = [1.0, 0.5, 0.8, 1.25, 2.0, Double.random(in: 0.3...1.7, using: &rng)]
        return BandProblem.from(timings: timings, outboundTravel: out, inboundTravel: inb,
                                ratio: ratios[Int.random(in: 0..<ratios.count, using: &rng)],
                                outboundQueue: qOut, inboundQueue: qIn)
    }
}

/// Random grids of short arterials for network tests: rows east–west and columns north–south arterials crossing
/// at every pair (so the grid has loops), extra intersections between crossings, uneven spacing and volumes.
enum RandomNetworks {
    static func program(_ rng: inout SeededGenerator, rows: Int? = nil, columns: Int? = nil) -> NetworkProblem {
        let rowCount = rows ?? Int.random(in: 2...3, using: &rng), colCount = columns ?? 2
        let cycle = Double(Int.random(in: 60...120, using: &rng))
        func timing() -> NodeTiming {
            let group = Double(Int.random(in: Int(cycle * 0.45)...Int(cycle * 0.7), using: &rng))
            let hasA = Bool.random(using: &rng), hasB = Bool.random(using: &rng)
            return NodeTiming(cycle: cycle, arterialGroup: group,
                              inboundLeft: hasA ? Double(Int.random(in: 6...12, using: &rng)) : 0,
                              outboundLeft: hasB ? Double(Int.random(in: 6...12, using: &rng)) : 0)
        }
        // Intersections: crossings first, then extras on each arterial.
        var count = rowCount * colCount
        var lines: [[Int]] = []
        var crossingPrimaryIsRow: [Bool] = (0..<count).map { _ in Bool.random(using: &rng) }
        func extras() -> [Int] {
            let e = Int.random(in: 0...1, using: &rng)
            defer { count += e }
            return (0..<e).map { count + $0 }
        }
        for r in 0..<rowCount {
            var ids: [Int] = []
            for c in 0..<colCount { ids.append(r * colCount + c); ids += extras() }
            lines.append(ids)
        }
        for c in 0..<colCount {
            var ids: [Int] = []
            for r in 0..<rowCount { ids += extras(); ids.append(r * colCount + c) }
            lines.append(ids)
        }
        crossingPrimaryIsRow += Array(repeating: true, count: count - crossingPrimaryIsRow.count)
        let timings = (0..<count).map { _ in timing() }
        var arterials: [NetworkProblemArterial] = []
        for (l, ids) in lines.enumerated() {
            let isRow = l < rowCount
            let distances = (1..<ids.count).map { _ in Double.random(in: 150...700, using: &rng) }
            let speed = Double.random(in: 10...16, using: &rng)
            let queues = Bool.random(using: &rng)
            var p = BandProblem.from(
                timings: ids.map { timings[$0] }, outboundTravel: distances.map { $0 / speed },
                inboundTravel: distances.map { $0 / (speed * Double.random(in: 0.9...1.1, using: &rng)) },
                ratio: [1.0, 0.6, 0.8, 1.5, Double.random(in: 0.4...1.6, using: &rng)][Int.random(in: 0..<5, using: &rng)],
                outboundQueue: ids.map { _ in queues ? Double(Int.random(in: 0...4, using: &rng)) : 0 },
                inboundQueue: ids.map { _ in queues ? Double(Int.random(in: 0...4, using: &rng)) : 0 })
            for (k, id) in ids.enumerated() where id < rowCount * colCount && crossingPrimaryIsRow[id] != isRow {
                let w = timings[id].crossWindow
                p.nodes[k] = [BandWindow(outboundStart: w.start, outboundLength: w.length, inboundStart: w.start, inboundLength: w.length)]
            }
            arterials.append(NetworkProblemArterial(problem: p, weight: Double.random(in: 0.5...1, using: &rng), intersections: ids))
        }
        return NetworkProblem(cycle: cycle, intersectionCount: count, arterials: arterials)
    }
}
