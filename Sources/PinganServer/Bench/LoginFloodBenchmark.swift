import Foundation
import Logging
import PinganAccess
import PinganKernel
import PinganStorage

/// `pingan bench login-flood`: the centre's `GET /api/v1/events?limit=1`, timed while nothing
/// else happens, then while 16 concurrent clients send bad logins at 8 a second in all (the
/// flood of the security issue), then the same flood with the per-address throttle switched
/// off, so the figure shows what the dedicated hashing thread alone buys. Production bcrypt cost
/// (12) unless told otherwise. Requests go through the in-process client (router, middleware,
/// auth, scope, audit): the contention being measured is between bcrypt and the storage work on
/// threads, which the socket would not change; every flood request comes from one address.
public struct LoginFloodBenchmark: Sendable {
    public let seconds: Double
    public let clients: Int
    public let loginsPerSecond: Double
    public let bcryptCost: UInt8

    public init(seconds: Double = 20, clients: Int = 16, loginsPerSecond: Double = 8, bcryptCost: UInt8 = 12) {
        self.seconds = seconds
        self.clients = clients
        self.loginsPerSecond = loginsPerSecond
        self.bcryptCost = bcryptCost
    }

    public func run() async throws -> String {
        try await BenchEngines.run(name: "login-flood", runOn)
    }

    func open(_ url: DatabaseURL, throttled: Bool) async throws -> PinganServices {
        var options = PinganServices.Options()
        options.bcryptCost = bcryptCost
        if !throttled { options.sessionPolicy.throttle = LoginThrottle.Rule(burst: 1e9, perMinute: 1e9) }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return try await PinganServices.open(url, options: options, logger: logger)
    }

    func runOn(_ url: DatabaseURL) async throws -> [String: JSONValue] {
        let password = "bench-password"
        var result: [String: JSONValue] = [:]
        // The default policy: quiet, then flooded.
        let services = try await open(url, throttled: true)
        do {
            _ = try await DemoSeeder(services: services).run(seed: 1, scale: .small, password: password, now: services.clock.now(),
                                                             events: (5000, 150), population: false)
            let client = InProcessClient(router: buildRouter(services: services, settings: ServerSettings()))
            let token = try await login(client, password)
            let quiet = try await timeInbox(client, token: token, for: min(seconds, 10))
            result["quiet"] = quiet.json
            let flood = try await flooded(client, token: token)
            result["flood"] = flood.json
            result["p50_ms"] = .double(BenchStatistics.round(flood.stats.p50, 2))
            result["p99_ms"] = .double(BenchStatistics.round(flood.stats.p99, 2))
            result["per_second"] = .double(BenchStatistics.round(flood.stats.perSecond, 1))
            await services.shutdown()
        } catch {
            await services.shutdown()
            throw error
        }
        // The same flood, every login hashed (no throttle): the hashing thread's isolation alone.
        let open = try await open(url, throttled: false)
        do {
            let client = InProcessClient(router: buildRouter(services: open, settings: ServerSettings()))
            let token = try await login(client, password)
            result["flood_unthrottled"] = try await flooded(client, token: token).json
            await open.shutdown()
        } catch {
            await open.shutdown()
            throw error
        }
        result["bcrypt_cost"] = .int(Int64(bcryptCost))
        result["clients"] = .int(Int64(clients))
        result["logins_per_second"] = .double(loginsPerSecond)
        result["seconds"] = .double(seconds)
        return result
    }

    func login(_ client: InProcessClient, _ password: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": "centre", "password": password])
        let reply = try await client.send(.post, "/api/v1/session", body: body)
        guard reply.status == 200, let token = try JSONDecoder().decode(JSONValue.self, from: reply.body)["token"]?.stringValue else {
            throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "centre 登录失败（HTTP \(reply.status)）")
        }
        return token
    }

    struct Timed {
        var stats: BenchStatistics
        var requests: Int
        var statuses: [Int: Int] = [:]
        var json: JSONValue {
            var o: [String: JSONValue] = [
                "p50_ms": .double(BenchStatistics.round(stats.p50, 2)), "p99_ms": .double(BenchStatistics.round(stats.p99, 2)),
                "per_second": .double(BenchStatistics.round(stats.perSecond, 1)), "requests": .int(Int64(requests)),
            ]
            if !statuses.isEmpty {
                o["logins"] = .int(Int64(statuses.values.reduce(0, +)))
                o["login_statuses"] = .object(Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), JSONValue.int(Int64($0.value))) }))
            }
            return .object(o)
        }
    }

    /// The inbox request back to back (10 ms apart) for `duration` seconds.
    func timeInbox(_ client: InProcessClient, token: String, for duration: Double) async throws -> Timed {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(duration * 1000))
        var samples: [Double] = []
        let start = clock.now
        while clock.now < end {
            let t0 = clock.now
            let reply = try await client.send(.get, "/api/v1/events?limit=1", token: token)
            let d = clock.now - t0
            guard reply.status == 200 else {
                throw Problem(status: 500, kind: "bench", title: "基准自检失败", detail: "事件列表答复 HTTP \(reply.status)")
            }
            samples.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            try await Task.sleep(for: .milliseconds(10))
        }
        let w = clock.now - start
        let wall = Double(w.components.seconds) + Double(w.components.attoseconds) / 1e18
        return Timed(stats: BenchStatistics(samples: samples, wall: wall), requests: samples.count)
    }

    /// `clients` tasks, each sending a bad login every `clients / loginsPerSecond` seconds (a new
    /// name each time, so no per-account rule spares a hash), while the inbox is timed.
    func flooded(_ client: InProcessClient, token: String) async throws -> Timed {
        let interval = Double(clients) / loginsPerSecond
        let seconds = self.seconds
        let clients = self.clients
        return try await withThrowingTaskGroup(of: [Int: Int].self) { group in
            for c in 0..<clients {
                group.addTask {
                    var statuses: [Int: Int] = [:]
                    let clock = ContinuousClock()
                    let start = clock.now
                    // Spread the clients' phases evenly over one interval.
                    var next = start + .milliseconds(Int(interval * 1000 * Double(c) / Double(clients)))
                    var i = 0
                    while next < start + .milliseconds(Int(seconds * 1000)) {
                        try await clock.sleep(until: next)
                        let body = try JSONSerialization.data(withJSONObject: ["username": "flood-\(c)-\(i)", "password": "wrong-\(i)"])
                        let reply = try await client.send(.post, "/api/v1/session", body: body)
                        statuses[reply.status, default: 0] += 1
                        i += 1
                        next = next + .milliseconds(Int(interval * 1000))
                    }
                    return statuses
                }
            }
            var timed = try await timeInbox(client, token: token, for: seconds)
            for try await s in group { timed.statuses.merge(s, uniquingKeysWith: +) }
            return timed
        }
    }
}
