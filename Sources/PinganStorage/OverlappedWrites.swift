/// Database writes run one after another on a helper task while the caller prepares the next one:
/// an import builds batch k+1's rows (ids, search tokens, loader text) while the server is still
/// storing batch k, instead of the server waiting for the client and the client for the server.
///
/// The writes share the transaction's connection, so the caller must not use that connection
/// itself while a write is in flight: `drain()` first. Whatever happens, call `drain()` (or
/// `abandon()` on an error path) before the transaction ends, so nothing is still writing when it
/// commits or rolls back.
public struct OverlappedWrites: ~Copyable {
    private var inFlight: Task<Void, any Error>?

    public init() {}

    /// Waits for the write in flight (rethrowing its error), then starts `write`.
    public mutating func submit(_ write: @escaping @Sendable () async throws -> Void) async throws {
        try await drain()
        inFlight = Task { try await write() }
    }

    /// Waits until no write is in flight; rethrows the failure of the last one.
    public mutating func drain() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        try await task.value
    }

    /// The error path: cancels the write in flight and waits for it to stop, ignoring its outcome.
    public mutating func abandon() async {
        guard let task = inFlight else { return }
        inFlight = nil
        task.cancel()
        _ = try? await task.value
    }
}
