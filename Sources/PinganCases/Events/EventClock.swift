import Foundation
import PinganStorage
import SQLKit

extension EventService {
    /// The server's clock run over open events: warns handlers of events nearing their deadline
    /// and escalates overdue ones to the next centre level. Returns how many events changed.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        let calendar = reference.calendar
        let zone = time.zone
        let warnFraction = reference.rules.warnFraction
        let changed = try await database.write { db -> [EventRecord] in
            let open = try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events
                WHERE stage IN ('registered', 'dispatched', 'handling', 'verifying') AND deadline_at IS NOT NULL
                AND (warned_at IS NULL OR (deadline_at < \(bind: now.epochMillis) AND escalation_level < 2))
                """).all().map(EventStore.record)
            var changed: [EventRecord] = []
            var entries: [(String, EventHistoryEntry)] = []
            for var e in open {
                guard let entry = EventWorkflow.tick(&e, now: now, calendar: calendar, zone: zone, warnFraction: warnFraction) else { continue }
                try await EventStore.update(e, on: db)
                entries.append((e.id, entry))
                changed.append(e)
            }
            try await EventStore.appendHistory(entries, on: db)
            return changed
        }
        for e in changed where e.escalationLevel > 0 { publish("escalated", e) }
        return changed.count
    }
}
