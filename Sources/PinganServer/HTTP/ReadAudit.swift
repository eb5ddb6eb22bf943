import PinganAccess
import PinganKernel

/// The entry a query route writes — a list, a board, figures, reference data, a map layer: who
/// asked, the URI as asked (identity numbers masked, `AuditEntry.list`) and the ids answered.
/// Batched: it never delays the answer. Record pages, reveals and changes are audited by their
/// part's service instead, and wait for their entry.
struct ReadAudit: Sendable {
    let audit: AuditLog
    let clock: any PinganClock

    func record(_ context: AppRequestContext, _ action: String, query: String, ids: [String] = [], target: String = "list") async {
        let username = context.identity?.username ?? "-"
        await audit.record(AuditEntry.list(at: clock.now(), username: username, action: action, target: target, client: context.client,
                                           query: query, ids: ids))
    }

    /// For the public Open311 interface: no account, so the entry names the interface.
    func recordPublic(_ context: AppRequestContext, _ action: String, query: String, ids: [String] = []) async {
        await audit.record(AuditEntry.list(at: clock.now(), username: "open311", action: action, client: context.client,
                                           query: query, ids: ids))
    }
}
