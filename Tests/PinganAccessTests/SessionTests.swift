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

    @Test(arguments: TestEngines.all)
    func fiveFailuresLockTheAccountForFifteenMinutes(engine: DatabaseEngine) async throws {
        let clock = ManualClock(TestClock.start)
        try await withServices(engine, clock: clock) { s in
            try await addUser(s)
            for _ in 0..<4 {
                await #expect(throws: Problem.self) { try await s.sessions.login(username: "alice", password: "wrong", client: "x") }
            }
            do {
                _ = try await s.sessions.login(username: "alice", password: "wrong", client: "x")
                Issue.record("fifth failure should lock")
            } catch let p as Problem { #expect(p.status == 423) }
            // Even the right password is refused while locked.
            do {
                _ = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
                Issue.record("locked account logged in")
            } catch let p as Problem { #expect(p.status == 423) }
            clock.advance(by: 15 * 60 + 1)
            _ = try await s.sessions.login(username: "alice", password: "correct horse", client: "x")
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
}
