import Logging
import PinganCases
import ServiceLifecycle

/// Runs the events' clock on the server: every interval, warnings for events nearing their
/// deadline and escalations of overdue ones (`EventService.sweep`).
struct EventClockService: Service {
    let events: EventService
    let interval: Duration
    let logger: Logger

    /// Live streams get a keep-alive this often, so a closed browser tab is noticed.
    static let heartbeat: Duration = .seconds(15)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var sinceSweep = interval
            while !Task.isCancelled {
                if sinceSweep >= interval {
                    sinceSweep = .zero
                    do {
                        let changed = try await events.sweep()
                        if changed > 0 { logger.info("event clock", metadata: ["changed": "\(changed)"]) }
                    } catch {
                        logger.error("event clock failed", metadata: ["error": "\(error)"])
                    }
                }
                events.feed.ping()
                try await Task.sleep(for: Self.heartbeat)
                sinceSweep += Self.heartbeat
            }
        }
        // Shutting down: end the live streams so the server is not kept waiting for them.
        events.feed.finishAll()
    }
}
