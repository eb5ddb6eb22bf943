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
}

/// In-process fan-out of notices to live connections (server-sent events). Each subscriber
/// gets its own buffered stream; a slow one drops old notices rather than holding others up.
public final class EventFeed: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<EventNotice>.Continuation]>([:])

    public init() {}

    public func subscribe() -> (id: UUID, stream: AsyncStream<EventNotice>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<EventNotice>.makeStream(bufferingPolicy: .bufferingNewest(100))
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    public func unsubscribe(_ id: UUID) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    public func publish(_ notice: EventNotice) {
        for c in subscribers.withLock({ Array($0.values) }) { c.yield(notice) }
    }

    public var count: Int { subscribers.withLock { $0.count } }

    /// Ends every live stream (server shutdown: open connections must not hold it up).
    public func finishAll() {
        for c in subscribers.withLock({ s -> [AsyncStream<EventNotice>.Continuation] in
            let all = Array(s.values)
            s.removeAll()
            return all
        }) { c.finish() }
    }

    /// A keep-alive notice: writing it is how a stream notices its client has gone.
    public func ping() {
        publish(EventNotice(kind: "ping", id: "", stage: "", categoryName: "", gridName: "", escalationLevel: 0, gridPath: "", departmentCode: nil))
    }
}
