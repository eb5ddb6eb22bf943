import HummingbirdBcrypt
import NIOPosix
import PinganKernel
import Synchronization

/// bcrypt, always off the event loop and off the cooperative pool (a cost-12 hash takes about
/// 0.18 s here). Tests pass cost 4.
///
/// Hashing runs on its own one-thread pool, never on `NIOThreadPool.singleton`: SQLite does its
/// blocking work there, so a login flood on the shared pool stalled every database request.
/// The queue in front of that thread is bounded: past `maxPending` waiting hashes the caller
/// gets 503 with `Retry-After` at once instead of a place in an ever longer line.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    public let maxPending: Int
    let pool: NIOThreadPool
    let queue: Queue

    /// The process's hashing thread, started on first use and kept for the process's life
    /// (like NIO's singleton, but bcrypt's alone).
    public static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// One counter per hashing pool, so every hasher over the same thread shares one bound.
    final class Queue: Sendable {
        let pending = Atomic<Int>(0)
    }

    private static let sharedQueue = Queue()

    public init(cost: UInt8 = 12, maxPending: Int = 32) {
        self.init(cost: cost, maxPending: maxPending, pool: Self.hashingPool, queue: Self.sharedQueue)
    }

    /// A hasher over a pool of the caller's (tests block it to fill the queue).
    public init(cost: UInt8, maxPending: Int, pool: NIOThreadPool) {
        self.init(cost: cost, maxPending: maxPending, pool: pool, queue: Queue())
    }

    init(cost: UInt8, maxPending: Int, pool: NIOThreadPool, queue: Queue) {
        self.cost = cost
        self.maxPending = maxPending
        self.pool = pool
        self.queue = queue
    }

    /// Hashes waiting for or running on the hashing thread.
    public var pending: Int { queue.pending.load(ordering: .relaxed) }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(password, hash: hash) }
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        let now = queue.pending.wrappingAdd(1, ordering: .relaxed).newValue
        defer { queue.pending.wrappingSubtract(1, ordering: .relaxed) }
        guard now <= maxPending else { throw Problem.busy(retryAfter: 1) }
        return try await pool.runIfActive(work)
    }
}
