import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinStore

@testable import TocsinServer

/// Users and tokens managed over the API while the server runs (SQLite admits one process).
@Suite("Server: users and tokens over the admin API")
struct AdminAPITests {
    @Test func tokensAndUsersWhileTheServerRuns() async throws {
        let fixture = try await ServerFixture.withUsers()
        do {
            let application = fixture.application(clock: ManualClock())
            let json = "application/json"
            let admin = fixture.headers(.admin, contentType: json)
            try await application.test(.router) { client in
                // Only an admin.
                #expect(
                    try await client.checked(.get, "/api/v1/tokens", as: "/api/v1/tokens", headers: fixture.headers(.responder))
                        .status == .forbidden)
                let created = try await client.checked(
                    .post, "/api/v1/tokens", as: "/api/v1/tokens", headers: admin,
                    body: #"{"name": "siem-forwarder", "role": "responder"}"#)
                #expect(created.status == .created)
                let secret = try #require(object(created)["secret"] as? String)
                let id = try #require(object(created)["id"] as? Int)
                // The new token works at once; its secret is never listed.
                let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
                #expect(try await client.checked(.get, "/api/v1/incidents", as: "/api/v1/incidents", headers: bearer).status == .ok)
                let listed = try await client.checked(.get, "/api/v1/tokens", as: "/api/v1/tokens", headers: admin)
                #expect(!String(buffer: listed.body).contains(secret))
                #expect((object(listed)["tokens"] as? [[String: Any]])?.contains { $0["name"] as? String == "siem-forwarder" } == true)
                let again = try await client.checked(
                    .post, "/api/v1/tokens", as: "/api/v1/tokens", headers: admin,
                    body: #"{"name": "siem-forwarder", "role": "viewer"}"#)
                #expect(again.status == .conflict)
                #expect(object(again)["error"] as? String == "the token 'siem-forwarder' already exists")
                // Deleted, it stops working now, not when the cache would have let it go.
                #expect(
                    try await client.checked(.delete, "/api/v1/tokens/\(id)", as: "/api/v1/tokens/{id}", headers: admin)
                        .status == .noContent)
                #expect(
                    try await client.checked(.get, "/api/v1/incidents", as: "/api/v1/incidents", headers: bearer).status
                        == .unauthorized)
                #expect(
                    try await client.checked(.delete, "/api/v1/tokens/\(id)", as: "/api/v1/tokens/{id}", headers: admin)
                        .status == .notFound)

                // Users: the password policy holds; a new user can log in; a new password ends the old one.
                let weak = try await client.checked(
                    .post, "/api/v1/users", as: "/api/v1/users", headers: admin,
                    body: #"{"name": "bert", "role": "responder", "password": "short"}"#)
                #expect(weak.status == .badRequest)
                let user = try await client.checked(
                    .post, "/api/v1/users", as: "/api/v1/users", headers: admin,
                    body: #"{"name": "bert", "role": "responder", "password": "a long enough passphrase"}"#)
                #expect(user.status == .created)
                #expect(object(user)["password_hash"] == nil)
                _ = try await logIn(client, "bert", password: "a long enough passphrase")
                #expect(
                    try await client.checked(
                        .put, "/api/v1/users/bert/password", as: "/api/v1/users/{name}/password", headers: admin,
                        body: #"{"password": "another long passphrase"}"#
                    ).status == .ok)
                _ = try await logIn(client, "bert", password: "another long passphrase")
                #expect(
                    try await client.checked(
                        .put, "/api/v1/users/nobody/password", as: "/api/v1/users/{name}/password", headers: admin,
                        body: #"{"password": "another long passphrase"}"#
                    ).status == .notFound)
                let users = try await client.checked(.get, "/api/v1/users", as: "/api/v1/users", headers: admin)
                #expect((object(users)["users"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted()
                    == ["alice", "bert", "victor"])
            }
            let actions = try await fixture.store.auditEntries(after: 0, limit: 200).map(\.action)
            #expect(actions.contains("token.created"))
            #expect(actions.contains("token.deleted"))
            #expect(actions.contains("user.created"))
            try await fixture.close()
        } catch {
            try? await fixture.close()
            throw error
        }
    }
}
