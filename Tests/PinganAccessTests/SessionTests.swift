import Foundation
import PinganAccess
import PinganKernel
import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

@Suite(.storeTestLimit) struct SessionTests {
    func addUser(_ s: PinganServices, _ name: String = "alice", role: Role = .townOperator) async throws {
        _ = try await s.users.create(NewUser(username: name, displayName: "测试", role: role),
                                     passwordHash: try await s.hasher.hash("correct horse"), at: s.clock.now())
    }

    @Test(arguments: TestEngines.all)
    func loginGivesATokenThatResolvesAndLogoutRevokesIt(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await addUser(s)
            let login = try await s.sessions.login(username: "alice", password: "correct horse", client: "127.0.0.1")
            let identity = try await s.sessions.authenticate(token: login.token)
            #expect(identity.username == "alice" && identity.role == .townOperator)
            try await s.sessions.logout(token: login.token, identity: identity, client: "127.0.0.1")
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: login.token) }
        }
    }

    /// The answer to a login, as a client sees it (status, kind, detail), or "ok".
    func attempt(_ s: PinganServices, _ user: String, _ password: String, from client: String) async -> String {
        do {
            _ = try await s.sessions.login(username: user, password: password, client: client)
            return "ok"
        } catch let p as Problem {
            return "\(p.status) \(p.kind) \(p.detail)"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: TestEngines.all)
    func aRealAndAnUnknownAccountAnswerAlikeAfterManyFailures(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await addUser(s)
            var real: [String] = []
            var unknown: [String] = []
            for _ in 0..<8 {
                real.append(await attempt(s, "alice", "wrong", from: "10.0.0.1"))
                unknown.append(await attempt(s, "nobody", "wrong", from: "10.0.0.1"))
            }
            #expect(real == unknown)
            #expect(Set(real) == [await attempt(s, "ghost", "wrong", from: "10.0.0.9")], "every refusal is the one 401")
            #expect(!real.contains { $0.hasPrefix("423") })
            // Past five failures this address is refused for alice, the right password too, in the same words.
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.1") == real[0])
        }
    }

    @Test(arguments: TestEngines.all)
    func oneAddressCannotLockAnAccountForAnother(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            for _ in 0..<15 { _ = await attempt(s, "alice", "wrong", from: "10.0.0.1") }
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.2") == "ok")
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.1") != "ok")
            // The refusal of that one address ends after fifteen minutes.
            clock.advance(by: 15 * 60 + 1)
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.1") == "ok")
            // Two addresses, twenty failures in the hour: still no lock for a third.
            for _ in 0..<2 {
                for a in ["10.0.1.1", "10.0.1.2"] { for _ in 0..<5 { _ = await attempt(s, "alice", "wrong", from: a) } }
                clock.advance(by: 16 * 60)
            }
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.3") == "ok")
        }
    }

    @Test(arguments: TestEngines.all)
    func twentyFailuresFromThreeAddressesLockTheAccountForEveryone(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            for a in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] { for _ in 0..<5 { _ = await attempt(s, "alice", "wrong", from: a) } }
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.4") == "ok", "15 failures do not lock")
            clock.advance(by: 16 * 60)
            for _ in 0..<5 { _ = await attempt(s, "alice", "wrong", from: "10.0.0.1") }
            // 20 failures from 3 addresses within the hour: locked for every address, told as the usual 401.
            let refused = await attempt(s, "nobody", "wrong", from: "10.0.0.5")
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.5") == refused)
            #expect(try await s.users.find(username: "alice")?.lockedUntil != nil)
            clock.advance(by: 15 * 60 + 1)
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.5") == "ok")
        }
    }

    @Test(arguments: TestEngines.all)
    func failedLoginsPerAddressAreThrottledBeforeHashing(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            // Twenty at once (the burst), spread over names so no per-account rule interferes.
            for i in 0..<20 { #expect(await attempt(s, "user\(i)", "wrong", from: "10.0.0.1").hasPrefix("401")) }
            do {
                _ = try await s.sessions.login(username: "alice", password: "correct horse", client: "10.0.0.1")
                Issue.record("the 21st attempt was let through")
            } catch let p as Problem {
                #expect(p.status == 429 && p.headers["Retry-After"] == "6")
            }
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.2") == "ok", "other addresses are not held up")
            // Ten a minute: one more every six seconds.
            clock.advance(by: 6)
            #expect(await attempt(s, "alice", "correct horse", from: "10.0.0.1") == "ok")
            // A good login gives its token back.
            #expect(await attempt(s, "alice", "wrong", from: "10.0.0.1").hasPrefix("401"))
            #expect(await attempt(s, "alice", "wrong", from: "10.0.0.1").hasPrefix("429"))
            await s.audit.flush()
            let reasons = try await s.database.read { db in
                try await db.raw("SELECT detail FROM audit_log WHERE action = 'login' AND outcome = 'denied'").all()
                    .map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(reasons.contains { $0.contains("throttled") })
        }
    }

    @Test(arguments: TestEngines.all)
    func sessionsExpireAfterThirtyIdleMinutesButNotWhileUsed(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            let login = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            for _ in 0..<3 {
                clock.advance(by: 20 * 60)
                _ = try await s.sessions.authenticate(token: login.token)
            }
            clock.advance(by: 30 * 60 + 1)
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: login.token) }
        }
    }

    @Test(arguments: TestEngines.all)
    func unknownUsersAndWrongPasswordsGetTheSameAnswer(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await addUser(s)
            var details: [String] = []
            for (u, p) in [("alice", "nope"), ("nobody", "nope")] {
                do { _ = try await s.sessions.login(username: u, password: p, client: "x") } catch let e as Problem { details.append(e.detail + "\(e.status)") }
            }
            #expect(details.count == 2 && details[0] == details[1])
        }
    }

    @Test(arguments: TestEngines.all)
    func sessionsEndTwelveHoursAfterLoginHoweverBusy(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            let login = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            for _ in 0..<35 {
                clock.advance(by: 20 * 60)
                _ = try await s.sessions.authenticate(token: login.token)
            }
            clock.advance(by: 60 * 60)
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: login.token) }
        }
    }

    @Test(arguments: TestEngines.all)
    func aPasswordChangeEndsTheUsersSessions(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await addUser(s)
            try await addUser(s, "bob")
            let alice = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            let bob = try await s.sessions.login(username: "bob", password: "correct horse", client: "x")
            try await s.users.setPasswordHash(username: "alice", hash: try await s.hasher.hash("battery staple"), at: s.clock.now())
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: alice.token) }
            _ = try await s.sessions.authenticate(token: bob.token)
            _ = try await s.sessions.login(username: "alice", password: "battery staple", client: "x")
        }
    }

    @Test(arguments: TestEngines.all)
    func aRoleOrScopeChangeEndsTheUsersSessions(engine: DatabaseEngine) async throws {
        try await withServices(engine) { s in
            try await addUser(s)
            let first = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            try await s.users.setRole(username: "alice", role: .villageOperator, department: nil, at: s.clock.now())
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: first.token) }
            let second = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            #expect(try await s.sessions.authenticate(token: second.token).role == .villageOperator)
            let root = Scope.Root(layer: "governance", code: "430212100", path: "430212/430212100")
            try await s.users.setScope(username: "alice", scope: Scope(roots: [root]), at: s.clock.now())
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(token: second.token) }
            let third = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            #expect(try await s.sessions.authenticate(token: third.token).scope.roots == [root])
        }
    }

    @Test(arguments: TestEngines.all)
    func aStreamTicketOpensOnceWithinAMinuteForALiveSession(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            let login = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
            let identity = try await s.sessions.authenticate(token: login.token)
            let first = await s.sessions.streamTicket(token: login.token, identity: identity)
            #expect(first.ticket != login.token)
            #expect(try await s.sessions.authenticate(streamTicket: first.ticket).username == "alice")
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(streamTicket: first.ticket) }
            let late = await s.sessions.streamTicket(token: login.token, identity: identity)
            clock.advance(by: 61)
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(streamTicket: late.ticket) }
            let orphan = await s.sessions.streamTicket(token: login.token, identity: identity)
            try await s.sessions.logout(token: login.token, identity: identity, client: "x")
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(streamTicket: orphan.ticket) }
            await #expect(throws: Problem.unauthorized) { try await s.sessions.authenticate(streamTicket: login.token) }
        }
    }
}
