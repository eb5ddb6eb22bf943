import Dispatch
import NIOCore
import NIOPosix
import PinganAccess
import PinganKernel
import Testing

/// bcrypt must never wait behind (or hold up) the storage work on NIO's shared thread pool,
/// and its own queue is bounded.
@Suite struct PasswordHasherTests {
    @Test func hashingRunsWhileTheSharedThreadPoolIsFullyBusy() async throws {
        // Occupy every thread of NIO's singleton pool (where SQLite does its blocking work).
        let threads = System.coreCount
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let blockers = (0..<threads).map { _ in
            Task {
                try await NIOThreadPool.singleton.runIfActive { () -> Bool in
                    started.signal()
                    // A safety valve only: the test fails (below) if it was needed.
                    return release.wait(timeout: .now() + 10) == .timedOut
                }
            }
        }
        for _ in 0..<threads { await withCheckedContinuation { c in DispatchQueue.global().async { started.wait(); c.resume() } } }
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse")
        #expect(try await hasher.verify("correct horse", hash: hash))
        for _ in 0..<threads { release.signal() }
        var timedOut = 0
        for b in blockers where try await b.value { timedOut += 1 }
        #expect(timedOut == 0, "the hash waited for the shared pool to free up")
    }

    @Test func aFullHashingQueueAnswers503WithRetryAfter() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.runIfActive { _ = release.wait(timeout: .now() + 10) } }
        let hasher = PasswordHasher(cost: 4, maxPending: 1, pool: pool)
        let waiting = Task { try await hasher.hash("first") }
        while hasher.pending < 1 { await Task.yield() }
        do {
            _ = try await hasher.hash("second")
            Issue.record("a hash beyond the bound was queued")
        } catch let p as Problem {
            #expect(p.status == 503 && p.headers["Retry-After"] == "1")
        }
        release.signal()
        try await blocker.value
        _ = try await waiting.value
        #expect(hasher.pending == 0)
        try await pool.shutdownGracefully()
    }
}
