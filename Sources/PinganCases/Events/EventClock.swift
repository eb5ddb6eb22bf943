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
        let changed = try await database.write { db -> [(EventRecord, EventAction)] in
            let open = try await db.raw("""
                SELECT \(unsafeRaw: EventStore.columns) FROM events
                WHERE stage IN ('registered', 'dispatched', 'handling', 'verifying') AND deadline_at IS NOT NULL
                AND (warned_at IS NULL OR (deadline_at < \(bind: now.epochMillis) AND escalation_level < 2))
                """).all().map(EventStore.record)
            var changed: [(EventRecord, EventAction)] = []
            var entries: [(String, EventHistoryEntry)] = []
            for var e in open {
                guard let entry = EventWorkflow.tick(&e, now: now, calendar: calendar, zone: zone, warnFraction: warnFraction) else { continue }
                try await EventStore.update(e, on: db)
                entries.append((e.id, entry))
                changed.append((e, entry.action))
            }
            try await EventStore.appendHistory(entries, on: db)
            return changed
        }
        // Handlers see warnings live; the centres see escalations.
        for (e, action) in changed { publish(action == .escalate ? "escalated" : "warning", e) }
        return changed.count
    }
}
