import Logging
import PinganCases
import ServiceLifecycle

/// Runs the events' clock on the server: every interval, warnings for events nearing their
/// deadline and escalations of overdue ones (`EventService.sweep`).
struct EventClockService: Service {
    let events: EventService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let changed = try await events.sweep()
                    if changed > 0 { logger.info("event clock", metadata: ["changed": "\(changed)"]) }
                } catch {
                    logger.error("event clock failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
