import Foundation
import Logging
import PinganAccess
import PinganKernel
import PinganStorage

/// Latency figures in the shape the conventions fix: `p50_ms`, `p99_ms`, `per_second`.
public struct BenchStatistics: Sendable {
    public var p50: Double
    public var p99: Double
    public var perSecond: Double

    /// `samples` in seconds, `wall` the total elapsed seconds for them.
    public init(samples: [Double], wall: Double) {
        let sorted = samples.sorted()
        func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000 }
        p50 = pct(0.50)
        p99 = pct(0.99)
        perSecond = wall > 0 ? Double(samples.count) / wall : 0
    }

    public static func round(_ x: Double, _ places: Int = 4) -> Double {
        let m = pow(10, Double(places))
        return (x * m).rounded() / m
    }
}

/// Runs `body` `count` times, timing each call with a monotonic clock.
public func timeEach(_ count: Int, _ body: (Int) async throws -> Void) async rethrows -> (samples: [Double], wall: Double) {
    var samples: [Double] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<count {
        let t0 = clock.now
        try await body(i)
        let d = clock.now - t0
        samples.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    let w = clock.now - start
    return (samples, Double(w.components.seconds) + Double(w.components.attoseconds) / 1e18)
}

/// Runs a benchmark on a fresh temporary SQLite file, and on a fresh PostgreSQL database too
/// when `PINGAN_BENCH_POSTGRES_URL` names a server (a database is created beside the one in the
/// URL and dropped after); one JSON object, with one object per engine when both ran.
enum BenchEngines {
    static func run(name: String, _ body: (DatabaseURL) async throws -> [String: JSONValue]) async throws -> String {
        var result: [String: JSONValue] = [:]
        let sqlite = try await onFreshSQLite(name: name, body)
        if let pg = ProcessInfo.processInfo.environment["PINGAN_BENCH_POSTGRES_URL"] {
            result["sqlite"] = .object(sqlite)
            result["postgres"] = .object(try await onFreshPostgres(admin: try DatabaseURL.parse(pg), name: name, body))
        } else {
            result = sqlite
        }
        result["benchmark"] = .string(name)
        return JSONValue.object(result).canonical
    }

    static func onFreshSQLite(name: String, _ body: (DatabaseURL) async throws -> [String: JSONValue]) async throws -> [String: JSONValue] {
        let path = NSTemporaryDirectory() + "pingan-bench-\(name)-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        return try await body(.sqlite(path: path))
    }

    static func onFreshPostgres(admin: DatabaseURL, name: String, _ body: (DatabaseURL) async throws -> [String: JSONValue]) async throws -> [String: JSONValue] {
        guard case .postgres(var address) = admin else { throw Problem.invalid("PINGAN_BENCH_POSTGRES_URL", "须为 postgres:// 地址") }
        let database = "pingan_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let server = try await Database.open(admin)
        try await server.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: database)").run() }
        address.database = database
        do {
            let result = try await body(.postgres(address))
            try await server.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)").run() }
            await server.close()
            return result
        } catch {
            try? await server.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: database) WITH (FORCE)").run() }
            await server.close()
            throw error
        }
    }

    /// Runs `body` with the product's services over `url` and shuts them down afterwards, also when
    /// a self-check throws (an open database must not outlive its benchmark).
    static func withServices<T: Sendable>(_ url: DatabaseURL, _ body: (PinganServices) async throws -> T) async throws -> T {
        let services = try await services(url)
        // The fixture's audit key and checkpoints are as temporary as its database.
        defer { try? FileManager.default.removeItem(atPath: (services.auditPaths.key as NSString).deletingLastPathComponent) }
        do {
            let result = try await body(services)
            await services.shutdown()
            return result
        } catch {
            await services.shutdown()
            throw error
        }
    }

    /// The product's services over `url`, quiet, with cheap bcrypt (benchmarks time requests, not hashing).
    private static func services(_ url: DatabaseURL) async throws -> PinganServices {
        var options = PinganServices.Options()
        options.bcryptCost = 4
        options.auditPaths = AuditPaths(dataDirectory: NSTemporaryDirectory() + "pingan-bench-audit-\(UUID().uuidString)")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return try await PinganServices.open(url, options: options, logger: logger)
    }
}
