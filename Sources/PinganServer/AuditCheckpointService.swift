import Logging
import PinganAccess
import ServiceLifecycle

/// Writes a signed checkpoint of the audit chain's head every `interval` when it moved (so at
/// least once a minute), and a last one at shutdown (`PinganServices.shutdown` writes it too, for
/// the CLI commands that never run this service).
struct AuditCheckpointService: Service {
    let audit: AuditLog
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await checkpoint()
            }
        }
        await audit.flush()
        await checkpoint()
    }

    private func checkpoint() async {
        do { try await audit.checkpoint() } catch {
            logger.error("audit checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
