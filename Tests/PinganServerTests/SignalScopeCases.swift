import Foundation
import Hummingbird
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// Scope cases of the signals routes. Only traffic engineers read signals, so the fixture adds one whose
/// scope is part of the network's town: what lies outside must answer like a missing id.
enum SignalScopeCases {
    struct Scoped {
        var token: String
        var visibleIntersection: String
        var hiddenIntersection: String
        /// Arterials with every intersection inside the town, and those with at least one outside.
        var visibleArterials: [String]
        var hiddenArterial: String
    }

    static func scoped(_ app: TestApp) async throws -> Scoped {
        let (paths, nodes) = try await app.services.database.read { db in
            let paths = try await db.raw("SELECT id, grid_path FROM signal_intersections ORDER BY id").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "grid_path", as: String.self))
            }
            let nodes = try await db.raw("SELECT arterial_id, intersection_id FROM signal_arterial_nodes").all().map {
                (try $0.decode(column: "arterial_id", as: String.self), try $0.decode(column: "intersection_id", as: String.self))
            }
            return (paths, nodes)
        }
        // The network lies in the county's central town: scope the engineer to the grid level that first splits
        // it, picking the subtree that holds whole arterials (or, failing that, the most intersections).
        let arterials = Dictionary(grouping: nodes, by: \.0).mapValues { $0.map(\.1) }
        var choice: (prefix: String, inside: [(String, String)], visible: [String])?
        for level in 2...5 {
            func prefix(_ path: String) -> String { path.split(separator: "/").prefix(level).joined(separator: "/") }
            let groups = Dictionary(grouping: paths, by: { prefix($0.1) })
            guard groups.count >= 2 else { continue }
            for (key, inside) in groups {
                let ids = Set(inside.map(\.0))
                let visible = arterials.filter { $0.value.allSatisfy(ids.contains) }.keys.sorted()
                if choice == nil || (visible.count, inside.count) > (choice!.visible.count, choice!.inside.count) {
                    choice = (key, inside, visible)
                }
            }
            break
        }
        guard let (townKey, inside, visible) = choice else {
            throw Problem(status: 500, kind: "test", title: "fixture", detail: "signal intersections lie in one unit grid")
        }
        let insideIds = Set(inside.map(\.0))
        guard let hidden = arterials.keys.sorted().first(where: { !visible.contains($0) }),
              let outside = paths.first(where: { !insideIds.contains($0.0) }) else {
            throw Problem(status: 500, kind: "test", title: "fixture", detail: "no signal data outside the subtree")
        }
        let townCode = String(townKey.split(separator: "/").last ?? "")
        let username = "traffic-\(townCode)"
        if try await app.services.users.find(username: username) == nil {
            let hash = try await app.services.hasher.hash(TestClock.password)
            _ = try await app.services.users.create(
                NewUser(username: username, displayName: "片区交通工程师", role: .trafficEngineer,
                        scope: Scope(roots: [.init(layer: "governance", code: townCode, path: "/" + townKey + "/")])),
                passwordHash: hash, at: app.services.clock.now())
        }
        return Scoped(token: try await app.login(username), visibleIntersection: inside[0].0, hiddenIntersection: outside.0,
                      visibleArterials: visible, hiddenArterial: hidden)
    }

    static func send(_ app: TestApp, _ method: HTTPRequest.Method, _ path: String, token: String, body: String? = nil) async throws -> InProcessClient.Reply {
        try await app.client.send(method, path, token: token, body: body.map { Data($0.utf8) })
    }

    static func status(_ app: TestApp, _ path: String, token: String) async throws -> Int {
        try await app.get(path, token: token).status
    }

    /// Same 404, same bytes, for a hidden id and a missing one.
    static func indistinguishable(_ app: TestApp, _ method: HTTPRequest.Method, token: String, _ a: String, _ b: String, body: String? = nil) async throws {
        let ra = try await send(app, method, a, token: token, body: body)
        let rb = try await send(app, method, b, token: token, body: body)
        #expect(ra.status == 404 && rb.status == 404, "\(a) → \(ra.status), \(b) → \(rb.status)")
        #expect(ra.body == rb.body, "\(a) and \(b) answer differently")
    }

    static let periodBody = #"{"period":"morningPeak"}"#

    static let all: [String: ScopeCases.Case] = [
        "GET /api/v1/signals/arterials": { app in
            let s = try await scoped(app)
            let list = try app.json(try await app.get("/api/v1/signals/arterials", token: s.token))
            guard case .array(let items)? = list["items"] else { Issue.record("no items"); return }
            #expect(items.compactMap { $0["id"]?.stringValue }.sorted() == s.visibleArterials)
            let all = try app.json(try await app.get("/api/v1/signals/arterials", token: try await app.login("traffic")))
            guard case .array(let every)? = all["items"] else { Issue.record("no items"); return }
            #expect(every.count > items.count)
            do { let code = try await status(app, "/api/v1/signals/arterials", token: try await app.login("centre")); #expect(code == 403) }
        },
        "GET /api/v1/signals/arterials/{id}": { app in
            let s = try await scoped(app)
            if let mine = s.visibleArterials.first {
                do { let code = try await status(app, "/api/v1/signals/arterials/\(mine)", token: s.token); #expect(code == 200) }
            }
            try await indistinguishable(app, .get, token: s.token, "/api/v1/signals/arterials/\(s.hiddenArterial)", "/api/v1/signals/arterials/A99")
        },
        "POST /api/v1/signals/arterials/{id}/optimize": { app in
            let s = try await scoped(app)
            try await indistinguishable(app, .post, token: s.token, "/api/v1/signals/arterials/\(s.hiddenArterial)/optimize",
                                        "/api/v1/signals/arterials/A99/optimize", body: periodBody)
        },
        "POST /api/v1/signals/arterials/{id}/apply": { app in
            let s = try await scoped(app)
            try await indistinguishable(app, .post, token: s.token, "/api/v1/signals/arterials/\(s.hiddenArterial)/apply",
                                        "/api/v1/signals/arterials/A99/apply", body: periodBody)
        },
        // The network proposal rewrites every intersection: an engineer whose scope leaves any out gets the 404 of
        // a missing record, whether or not a proposal exists.
        "GET /api/v1/signals/network": { app in
            let s = try await scoped(app)
            let t = try await app.login("traffic")
            do { let code = try await status(app, "/api/v1/signals/network", token: s.token); #expect(code == 404) }
            _ = try await send(app, .post, "/api/v1/signals/network/optimize", token: t)
            do { let code = try await status(app, "/api/v1/signals/network", token: t); #expect(code == 200) }
            try await indistinguishable(app, .get, token: s.token, "/api/v1/signals/network", "/api/v1/signals/arterials/A99")
            for user in ["centre", ScopeCases.townUser] {
                do { let code = try await status(app, "/api/v1/signals/network", token: try await app.login(user)); #expect(code == 403, "\(user)") }
            }
        },
        "POST /api/v1/signals/network/optimize": { app in
            let s = try await scoped(app)
            try await indistinguishable(app, .post, token: s.token, "/api/v1/signals/network/optimize", "/api/v1/signals/arterials/A99/optimize",
                                        body: periodBody)
            do { let code = try await status(app, "/api/v1/signals/network", token: try await app.login("traffic")); #expect(code == 404) }
        },
        "POST /api/v1/signals/network/apply": { app in
            let s = try await scoped(app)
            let t = try await app.login("traffic")
            _ = try await send(app, .post, "/api/v1/signals/network/optimize", token: t)
            try await indistinguishable(app, .post, token: s.token, "/api/v1/signals/network/apply", "/api/v1/signals/arterials/A99/apply",
                                        body: periodBody)
            let network = try app.json(try await app.get("/api/v1/signals/network", token: t))
            #expect(network["appliedAt"] == .null)
        },
        "GET /api/v1/signals/intersections": { app in
            let s = try await scoped(app)
            let list = try app.json(try await app.get("/api/v1/signals/intersections", token: s.token))
            guard case .array(let items)? = list["items"] else { Issue.record("no items"); return }
            let ids = items.compactMap { $0["id"]?.stringValue }
            #expect(ids.contains(s.visibleIntersection) && !ids.contains(s.hiddenIntersection))
            try await indistinguishable(app, .get, token: s.token, "/api/v1/signals/intersections?arterial=\(s.hiddenArterial)",
                                        "/api/v1/signals/intersections?arterial=A99")
        },
        "GET /api/v1/signals/intersections/{id}": { app in
            let s = try await scoped(app)
            do { let code = try await status(app, "/api/v1/signals/intersections/\(s.visibleIntersection)", token: s.token); #expect(code == 200) }
            try await indistinguishable(app, .get, token: s.token, "/api/v1/signals/intersections/\(s.hiddenIntersection)",
                                        "/api/v1/signals/intersections/S999")
        },
        "PUT /api/v1/signals/intersections/{id}/plans/{period}": { app in
            let s = try await scoped(app)
            let body = #"{"cycle":60,"offset":0,"phases":[{"name":"全部","movements":[],"green":57,"amber":3,"allRed":0}]}"#
            try await indistinguishable(app, .put, token: s.token, "/api/v1/signals/intersections/\(s.hiddenIntersection)/plans/morningPeak",
                                        "/api/v1/signals/intersections/S999/plans/morningPeak", body: body)
        },
        "GET /api/v1/signals/evaluations/latest": { app in
            // Evaluations are not located: any signals reader sees them, no one else.
            let s = try await scoped(app)
            do { let code = try await status(app, "/api/v1/signals/evaluations/latest", token: s.token); #expect(code == 200) }
            for user in ["centre", ScopeCases.townUser, "leader"] {
                do { let code = try await status(app, "/api/v1/signals/evaluations/latest", token: try await app.login(user)); #expect(code == 403, "\(user)") }
            }
        },
        "POST /api/v1/signals/evaluations": { app in
            for user in ["centre", ScopeCases.townUser] {
                let reply = try await send(app, .post, "/api/v1/signals/evaluations", token: try await app.login(user), body: "{}")
                #expect(reply.status == 403, "\(user)")
            }
        },
    ]
}
