import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinStore

@testable import TocsinServer

/// Suppression rules through the API: known noise is stored as alerts but joins no incident until the rule ends.
@Suite("Server: suppression rules")
struct SuppressionAPITests {
    static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    @Test func suppressedAlertsAreStoredButJoinNoIncidentUntilTheRuleIsDeleted() async throws {
        let fixture = try await ServerFixture.make()
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        let json = fixture.headers(.responder, contentType: "application/json")
        let expires = Date().addingTimeInterval(7 * 86_400).formatted(.iso8601)
        try await application.test(.router) { client in
            // Refusals first, each saying what is wrong.
            let refusals: [([String: Any], HTTPFields, HTTPResponse.Status, String)] = [
                (["host": "ws-9", "reason": "backup", "expires_at": expires], fixture.headers(.viewer, contentType: "application/json"),
                 .forbidden, "this needs the role responder; the token has viewer"),
                (["reason": "backup", "expires_at": expires], json, .badRequest,
                 "name a rule_id, a host or both (strings): a suppression of everything hides attacks"),
                (["host": "ws-9", "reason": "backup"], json, .badRequest,
                 "expires_at is required, as an ISO 8601 time like 2026-12-08T00:00:00Z: forgotten suppressions hide attacks"),
                (["host": "ws-9", "reason": "backup", "expires_at": "2020-01-01T00:00:00Z"], json, .badRequest,
                 "expires_at must lie in the future and at most 90 days ahead"),
                (["host": "ws-9", "expires_at": expires], json, .badRequest, "say why in reason: the audit log keeps it"),
            ]
            for (body, headers, status, message) in refusals {
                let response = try await client.executeRequest(
                    uri: "/api/v1/suppressions", method: .post, headers: headers, body: Self.body(body))
                #expect(response.status == status, "\(body)")
                #expect(object(response)["error"] as? String == message)
                expectConforms(response, path: "/api/v1/suppressions", method: "post")
            }

            let created = try await client.executeRequest(
                uri: "/api/v1/suppressions", method: .post, headers: json,
                body: Self.body(["host": "WS-9", "reason": "nightly backup deletes its own shadow copies", "expires_at": expires]))
            #expect(created.status == .created)
            expectConforms(created, path: "/api/v1/suppressions", method: "post")
            let id = try #require(object(created)["id"] as? Int)
            let listed = try await client.executeRequest(
                uri: "/api/v1/suppressions", method: .get, headers: fixture.headers(.viewer), body: nil)
            expectConforms(listed, path: "/api/v1/suppressions", method: "get")
            #expect((object(listed)["suppressions"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])

            // The suppressed host's alert is stored, but no incident opens; another host's alert opens one.
            let events = [
                ServerFixture.process(host: "ws-9", "vssadmin delete shadows /all /quiet"),
                ServerFixture.process(host: "ws-3", "vssadmin delete shadows /all /quiet", second: 1),
            ].joined(separator: "\n")
            _ = try await client.executeRequest(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: events))
            try await pipeline.step()
            #expect(try await fixture.store.alerts(after: 0, limit: 10).count == 2)
            let incidents = try await fixture.store.incidents(state: nil, limit: 10)
            #expect(incidents.map(\.host) == ["ws-3"])
            #expect(await pipeline.statistics.suppressed == 1)
            let metrics = try await client.executeRequest(
                uri: "/metrics", method: .get, headers: fixture.headers(.viewer), body: nil)
            #expect(String(buffer: metrics.body).contains("tocsin_alerts_suppressed_total 1\n"))

            // Deleted, the rule stops at once: the next alert of ws-9 opens an incident.
            let deleted = try await client.executeRequest(
                uri: "/api/v1/suppressions/\(id)", method: .delete, headers: fixture.headers(.responder), body: nil)
            #expect(deleted.status == .noContent)
            let again = try await client.executeRequest(
                uri: "/api/v1/suppressions/\(id)", method: .delete, headers: fixture.headers(.responder), body: nil)
            #expect(again.status == .notFound)
            #expect(object(again)["error"] as? String == "no such suppression")
            expectConforms(again, path: "/api/v1/suppressions/{id}", method: "delete")
            _ = try await client.executeRequest(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "ws-9", "vssadmin delete shadows /all", second: 2)))
            try await pipeline.step()
            let after = try await fixture.store.incidents(state: nil, limit: 10)
            #expect(Set(after.compactMap(\.host)) == ["ws-3", "ws-9"])
        }
        let actions = try await fixture.store.auditEntries(after: 0, limit: 100).map(\.action)
        #expect(actions.contains("suppression.created") && actions.contains("suppression.deleted"))
        try await fixture.close()
    }
}
