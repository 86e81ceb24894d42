import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: login sessions")
struct SessionStoreTests {
    func draft(_ seed: UInt8, user: Int64, at created: Date, lifetime: TimeInterval = 86_400) -> NewSession {
        NewSession(
            secretHash: [UInt8](repeating: seed, count: 32), userID: user, csrfToken: "csrf-\(seed)",
            address: "192.0.2.7", createdAt: created, expiresAt: created.addingTimeInterval(lifetime))
    }

    @Test(
        "sessions are opened, found by hash with the user's current role, touched and ended",
        arguments: StoreKind.available)
    func lifecycle(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let alice = try await store.createUser(name: "alice", passwordHash: "$2b$04$a", role: .viewer, actor: "cli")
            let opened = try await store.createSession(draft(1, user: alice.id, at: time(0)), actor: "user:alice")
            #expect(opened.userName == "alice" && opened.role == .viewer && opened.csrfToken == "csrf-1")
            #expect(opened.createdAt == time(0) && opened.lastSeenAt == time(0) && opened.expiresAt == time(86_400))
            #expect(opened.address == "192.0.2.7")
            #expect(try await store.session(hash: [UInt8](repeating: 1, count: 32)) == opened)
            #expect(try await store.session(hash: [UInt8](repeating: 2, count: 32)) == nil)

            try await store.touchSession(id: opened.id, at: time(600))
            #expect(try await store.session(hash: opened.secretHash)?.lastSeenAt == time(600))
            // A changed role applies to the open session at once.
            _ = try await store.updateUser(name: "alice", passwordHash: "$2b$04$a", role: .responder, actor: "cli")
            #expect(try await store.session(hash: opened.secretHash)?.role == .responder)

            #expect(try await store.deleteSession(id: opened.id, actor: "user:alice"))
            #expect(try await !store.deleteSession(id: opened.id, actor: "user:alice"))
            #expect(try await store.session(hash: opened.secretHash) == nil)

            await #expect(throws: StoreError.self) {
                try await store.createSession(draft(3, user: 999, at: time(0)), actor: "user:nobody")
            }
            var short = draft(4, user: alice.id, at: time(0))
            short.secretHash = [1, 2, 3]
            await #expect(throws: StoreError.self) { try await store.createSession(short, actor: "user:alice") }

            let audit = try await store.auditEntries(after: 0, limit: 10)
            #expect(audit.map(\.action) == ["user.created", "user.logged_in", "user.updated", "user.logged_out"])
            #expect(audit[1].actor == "user:alice" && audit[1].subject == "user:alice")
            #expect(audit[1].details == ["session_id": .int(opened.id), "address": "192.0.2.7"])
            #expect(audit[3].details == ["session_id": .int(opened.id)])
            // Neither the secret's hash nor the CSRF token is on the audit log.
            let lines = try audit.map { try $0.jsonLine() }.joined()
            #expect(!lines.contains("csrf-1"))
        }
    }

    @Test("expired and idle sessions are deleted, others kept", arguments: StoreKind.available)
    func expiry(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let alice = try await store.createUser(name: "alice", passwordHash: "$2b$04$a", role: .admin, actor: "cli")
            let ended = try await store.createSession(draft(1, user: alice.id, at: time(0), lifetime: 100), actor: "a")
            let idle = try await store.createSession(draft(2, user: alice.id, at: time(0)), actor: "a")
            let active = try await store.createSession(draft(3, user: alice.id, at: time(0)), actor: "a")
            try await store.touchSession(id: active.id, at: time(500))
            // At 600 s: the first is past its end (100 s), the second last seen at 0 < 300, the third at 500.
            #expect(try await store.deleteExpiredSessions(expiredAt: time(600), idleSince: time(300)) == 2)
            #expect(try await store.session(hash: ended.secretHash) == nil)
            #expect(try await store.session(hash: idle.secretHash) == nil)
            #expect(try await store.session(hash: active.secretHash) == active.with(lastSeenAt: time(500)))
            #expect(try await store.deleteExpiredSessions(expiredAt: time(600), idleSince: time(300)) == 0)
        }
    }

    @Test("a new password ends the user's sessions, and the audit entry says how many", arguments: StoreKind.available)
    func passwordChangeEndsSessions(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let alice = try await store.createUser(name: "alice", passwordHash: "$2b$04$a", role: .admin, actor: "cli")
            let bob = try await store.createUser(name: "bob", passwordHash: "$2b$04$b", role: .viewer, actor: "cli")
            let first = try await store.createSession(draft(1, user: alice.id, at: time(0)), actor: "user:alice")
            let second = try await store.createSession(draft(2, user: alice.id, at: time(0)), actor: "user:alice")
            let bobs = try await store.createSession(draft(3, user: bob.id, at: time(0)), actor: "user:bob")
            _ = try await store.updateUser(name: "alice", passwordHash: "$2b$04$new", role: .admin, actor: "cli")
            #expect(try await store.session(hash: first.secretHash) == nil)
            #expect(try await store.session(hash: second.secretHash) == nil)
            #expect(try await store.session(hash: bobs.secretHash) == bobs)
            let update = try #require(try await store.auditEntries(after: 0, limit: 10).last)
            #expect(update.action == "user.updated")
            #expect(update.details == ["password_changed": true, "sessions_ended": 2])
        }
    }
}

extension Session {
    func with(lastSeenAt: Date) -> Session {
        var copy = self
        copy.lastSeenAt = lastSeenAt
        return copy
    }
}
