/// A fair async lock. Actors are re-entrant across `await`, so an actor alone cannot keep one
/// transaction from interleaving with another on the single SQLite writer connection.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    nonisolated func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock()
        do {
            let value = try await body()
            await unlock()
            return value
        } catch {
            await unlock()
            throw error
        }
    }
}

/// Hands out one of a fixed set of resources at a time (the SQLite read connections).
actor ResourcePool<Resource: Sendable> {
    private var free: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []

    init(_ resources: [Resource]) { free = resources }

    func take() async -> Resource {
        if let r = free.popLast() { return r }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func give(_ r: Resource) {
        if waiters.isEmpty { free.append(r) } else { waiters.removeFirst().resume(returning: r) }
    }

    func drain() -> [Resource] {
        defer { free = [] }
        return free
    }
}
