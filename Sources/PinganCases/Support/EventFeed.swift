import Foundation
import Synchronization

/// Something the centre's screens should show without reload.
public struct EventNotice: Sendable, Codable {
    public var kind: String          // created | escalated | stage
    public var id: String
    public var stage: String
    public var categoryName: String
    public var gridName: String
    public var escalationLevel: Int
    /// Scope and routing: the event's grid path and department (not sent to clients).
    public var gridPath: String
    public var departmentCode: String?
    /// The feed's number for this notice (the SSE `id`), set when it is published.
    public var seq: Int = 0
}

/// In-process fan-out of notices to live connections (server-sent events). Each subscriber
/// gets its own buffered stream; a slow one drops old notices rather than holding others up.
/// Notices are numbered and the latest `recentLimit` kept, so a client that lost its
/// connection resumes from the last number it saw (`Last-Event-ID`) without missing any.
public final class EventFeed: Sendable {
    struct State {
        var subscribers: [UUID: AsyncStream<EventNotice>.Continuation] = [:]
        var recent: [EventNotice] = []
        var lastSeq = 0
    }

    private let state = Mutex(State())
    let recentLimit: Int

    public init(recentLimit: Int = 1000) { self.recentLimit = recentLimit }

    /// Subscribes; with `after`, also returns the kept notices numbered above it (taken under
    /// the same lock as the subscription, so each notice comes once: in the backlog or live).
    /// `lastSeq` is the number of the latest notice at that moment: a client that has seen
    /// nothing yet resumes from there.
    public func subscribe(after: Int? = nil) -> (id: UUID, backlog: [EventNotice], lastSeq: Int, stream: AsyncStream<EventNotice>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<EventNotice>.makeStream(bufferingPolicy: .bufferingNewest(100))
        let (backlog, lastSeq) = state.withLock { s -> ([EventNotice], Int) in
            s.subscribers[id] = continuation
            guard let after else { return ([], s.lastSeq) }
            return (s.recent.filter { $0.seq > after }, s.lastSeq)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, backlog, lastSeq, stream)
    }

    public func unsubscribe(_ id: UUID) {
        state.withLock { $0.subscribers.removeValue(forKey: id) }?.finish()
    }

    public func publish(_ notice: EventNotice) {
        let (numbered, targets) = state.withLock { s -> (EventNotice, [AsyncStream<EventNotice>.Continuation]) in
            var n = notice
            if n.kind != "ping" {
                s.lastSeq += 1
                n.seq = s.lastSeq
                s.recent.append(n)
                if s.recent.count > recentLimit { s.recent.removeFirst(s.recent.count - recentLimit) }
            }
            return (n, Array(s.subscribers.values))
        }
        for c in targets { c.yield(numbered) }
    }

    public var count: Int { state.withLock { $0.subscribers.count } }

    /// Ends every live stream (server shutdown: open connections must not hold it up).
    public func finishAll() {
        for c in state.withLock({ s -> [AsyncStream<EventNotice>.Continuation] in
            let all = Array(s.subscribers.values)
            s.subscribers.removeAll()
            return all
        }) { c.finish() }
    }

    /// A keep-alive notice: writing it is how a stream notices its client has gone.
    public func ping() {
        publish(EventNotice(kind: "ping", id: "", stage: "", categoryName: "", gridName: "", escalationLevel: 0, gridPath: "", departmentCode: nil))
    }
}
