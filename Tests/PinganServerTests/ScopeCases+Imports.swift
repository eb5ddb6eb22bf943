import Foundation
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Scope cases for the rows imports hold back and for binding an account's import source.
extension ScopeCases {
    static let imports: [String: Case] = [
        "GET /api/v1/imports/merges": { app in
            // A village centre imports a neighbour village's person: only a centre covering both sees the row.
            let v = try await twoVillages(app, "people")
            try await holdOne(app, v)
            let mine = try app.json(try await app.get("/api/v1/imports/merges", token: try await app.login(v.user)))
            #expect(mine["items"] == .array([]))
            let theirs = try app.json(try await app.get("/api/v1/imports/merges", token: try await app.login("village-\(v.theirVillage)")))
            #expect(theirs["items"] == .array([]))
            guard case .array(let town)? = try app.json(try await app.get("/api/v1/imports/merges", token: try await app.login(townUser)))["items"]
            else { Issue.record("no items"); return }
            #expect(town.count == 1)
            #expect(try await app.get("/api/v1/imports/merges", token: try await app.login("leader")).status == 403)
        },
        "POST /api/v1/imports/merges/{id}": { app in
            let v = try await twoVillages(app, "people")
            try await holdOne(app, v)
            let id = try await app.services.database.read { db in
                try await db.raw("SELECT id FROM import_merges").first()!.decode(column: "id", as: String.self)
            }
            let body = Data(#"{"decision":"reject"}"#.utf8)
            let village = try await app.login("village-\(v.theirVillage)")
            let outside = try await app.client.send(.post, "/api/v1/imports/merges/\(id)", token: village, body: body)
            let missing = try await app.client.send(.post, "/api/v1/imports/merges/no-such-merge", token: village, body: body)
            #expect(outside.status == 404 && outside.body == missing.body)
            let decided = try await app.client.send(.post, "/api/v1/imports/merges/\(id)", token: try await app.login(townUser), body: body)
            #expect(decided.status == 200)
        },
        "PUT /api/v1/users/{username}/import-source": { app in
            let body = Data(#"{"source":"民政局"}"#.utf8)
            for user in ["centre", "admin", "auditor", townUser] {
                let status = try await app.client.send(.put, "/api/v1/users/dept-cgj/import-source", token: try await app.login(user), body: body).status
                #expect(status == 403, "\(user)")
            }
            let secadmin = try await app.login("secadmin")
            #expect(try await app.client.send(.put, "/api/v1/users/dept-cgj/import-source", token: secadmin, body: body).status == 200)
        },
    ]

    /// Imports, as `v.user`, a row naming the resident ID of `v.theirs` (a person in another village).
    static func holdOne(_ app: TestApp, _ v: (user: String, mine: String, theirs: String, myVillage: String, theirVillage: String)) async throws {
        let (number, grid) = try await app.services.database.read { db in
            let theirs = try await db.raw("SELECT doc_number FROM people WHERE id = \(bind: v.theirs)").first()!
            let mine = try await db.raw("SELECT grid_code FROM people WHERE id = \(bind: v.mine)").first()!
            return (try theirs.decode(column: "doc_number", as: String.self), try mine.decode(column: "grid_code", as: String.self))
        }
        let csv = Data("姓名,公民身份号码,网格编码\n越界者,\(number),\(grid)\n".utf8)
        let report = try app.json(try await app.client.send(.post, "/api/v1/imports?kind=people&dryRun=false", token: try await app.login(v.user), body: csv))
        #expect(report["applied"] == true && report["imported"] == 1)
    }
}
