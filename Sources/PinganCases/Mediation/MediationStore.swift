import Foundation
import PinganKernel
import PinganStorage
import SQLKit

/// SQL for mediation cases and their parties, mediators and sessions.
public enum MediationStore {
    public static func insert(_ c: MediationCase, on db: any SQLDatabase) async throws {
        try await insertMany([c], on: db)
    }

    /// Inserts cases with their parties, mediators and sessions (the demo writes hundreds).
    public static func insertMany(_ cases: [MediationCase], on db: any SQLDatabase) async throws {
        for c in cases {
            try await db.raw("""
                INSERT INTO mediation_cases (id, title, kind, summary, status, grid_code, grid_path, committee, event_id, opened_at, closed_at,
                agreed, agreement_text, amount_cents, fulfil_deadline, fulfilment, fulfilled_at, fulfilment_note, created_by, updated_at)
                VALUES (\(bind: c.id), \(bind: c.title), \(bind: c.kind.rawValue), \(bind: c.summary), \(bind: c.status.rawValue), \(bind: c.gridCode),
                \(bind: c.gridPath), \(bind: c.committee), \(bind: c.eventID), \(bind: c.openedAt.epochMillis), \(bind: c.closedAt?.epochMillis),
                \(bind: c.agreed.map { $0 ? 1 : 0 }), \(bind: c.agreementText), \(bind: c.amountCents), \(bind: c.fulfilDeadline),
                \(bind: c.fulfilment), \(bind: c.fulfilledAt?.epochMillis), \(bind: c.fulfilmentNote), \(bind: c.createdBy),
                \(bind: (c.closedAt ?? c.openedAt).epochMillis))
                """).run()
            for (i, p) in c.parties.enumerated() {
                try await db.raw("""
                    INSERT INTO mediation_parties (case_id, seq, name, role, phone) VALUES (\(bind: c.id), \(bind: i + 1), \(bind: p.name), \(bind: p.role), \(bind: p.phone))
                    """).run()
            }
            for (i, m) in c.mediators.enumerated() {
                try await db.raw("""
                    INSERT INTO mediation_mediators (case_id, seq, name, kind) VALUES (\(bind: c.id), \(bind: i + 1), \(bind: m.name), \(bind: m.kind.rawValue))
                    """).run()
            }
            for s in c.sessions {
                try await db.raw("""
                    INSERT INTO mediation_sessions (case_id, seq, at, mediators, notes, recorded_by)
                    VALUES (\(bind: c.id), \(bind: s.seq), \(bind: s.at.epochMillis), \(bind: JSONValue.array(s.mediators.map(JSONValue.string)).canonical),
                    \(bind: s.notes), \(bind: s.recordedBy))
                    """).run()
            }
        }
    }

    static func updateSummary(_ c: MediationCase, at: Date, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE mediation_cases SET status = \(bind: c.status.rawValue), closed_at = \(bind: c.closedAt?.epochMillis),
            agreed = \(bind: c.agreed.map { $0 ? 1 : 0 }), agreement_text = \(bind: c.agreementText), amount_cents = \(bind: c.amountCents),
            fulfil_deadline = \(bind: c.fulfilDeadline), fulfilment = \(bind: c.fulfilment), fulfilled_at = \(bind: c.fulfilledAt?.epochMillis),
            fulfilment_note = \(bind: c.fulfilmentNote), updated_at = \(bind: at.epochMillis)
            WHERE id = \(bind: c.id)
            """).run()
    }

    /// A case row without its parties, mediators and sessions (for lists).
    static func summary(_ r: any SQLRow) throws -> MediationCase {
        MediationCase(
            id: try r.decode(column: "id", as: String.self), title: try r.decode(column: "title", as: String.self),
            kind: DisputeKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .other,
            summary: try r.decode(column: "summary", as: String.self),
            status: MediationStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .accepted,
            gridCode: try r.decode(column: "grid_code", as: String.self), gridPath: try r.decode(column: "grid_path", as: String.self),
            committee: try r.decode(column: "committee", as: String.self), eventID: try r.decode(column: "event_id", as: String?.self),
            openedAt: Date(epochMillis: try r.decode(column: "opened_at", as: Int64.self)),
            closedAt: try r.decode(column: "closed_at", as: Int64?.self).map(Date.init(epochMillis:)),
            agreed: try r.decode(column: "agreed", as: Int64?.self).map { $0 != 0 }, agreementText: try r.decode(column: "agreement_text", as: String?.self),
            amountCents: try r.decode(column: "amount_cents", as: Int64?.self), fulfilDeadline: try r.decode(column: "fulfil_deadline", as: String?.self),
            fulfilment: try r.decode(column: "fulfilment", as: String?.self),
            fulfilledAt: try r.decode(column: "fulfilled_at", as: Int64?.self).map(Date.init(epochMillis:)),
            fulfilmentNote: try r.decode(column: "fulfilment_note", as: String?.self), createdBy: try r.decode(column: "created_by", as: String.self),
            parties: [], mediators: [], sessions: [])
    }

    static func load(_ id: String, on db: any SQLDatabase) async throws -> MediationCase? {
        guard id.count <= 64, let row = try await db.raw("SELECT * FROM mediation_cases WHERE id = \(bind: id)").first() else { return nil }
        var c = try summary(row)
        c.parties = try await db.raw("SELECT name, role, phone FROM mediation_parties WHERE case_id = \(bind: id) ORDER BY seq").all().map {
            MediationParty(name: try $0.decode(column: "name", as: String.self), role: try $0.decode(column: "role", as: String.self),
                           phone: try $0.decode(column: "phone", as: String?.self))
        }
        c.mediators = try await db.raw("SELECT name, kind FROM mediation_mediators WHERE case_id = \(bind: id) ORDER BY seq").all().map {
            Mediator(name: try $0.decode(column: "name", as: String.self),
                     kind: MediatorKind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .cadre)
        }
        c.sessions = try await db.raw("SELECT * FROM mediation_sessions WHERE case_id = \(bind: id) ORDER BY seq").all().map { r in
            let names = (try? JSONDecoder().decode([String].self, from: Data(try r.decode(column: "mediators", as: String.self).utf8))) ?? []
            return MediationSession(seq: Int(try r.decode(column: "seq", as: Int64.self)), at: Date(epochMillis: try r.decode(column: "at", as: Int64.self)),
                                    mediators: names, notes: try r.decode(column: "notes", as: String.self),
                                    recordedBy: try r.decode(column: "recorded_by", as: String.self))
        }
        return c
    }
}
