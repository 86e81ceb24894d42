import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TocsinCore
import TocsinDetection
import TocsinResponse
import TocsinStore

@testable import TocsinServer

extension TestClientProtocol {
    /// Sends a request and records an issue for each way the answer breaks the document's description of
    /// `method path` (the path as the document writes it).
    @discardableResult
    func checked(
        _ method: HTTPRequest.Method, _ uri: String, as path: String, headers: HTTPFields = [:], body: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let response = try await executeRequest(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        expectConforms(response, path: path, method: method.rawValue, sourceLocation: sourceLocation)
        return response
    }
}

@Suite("OpenAPI: every answer of every route is what the document says")
struct OpenAPIConformanceTests {
    @Test func everyRouteAnswersAsDocumented() async throws {
        let fixture = try await ServerFixture.withUsers()
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        let json = "application/json"
        try await application.test(.router) { client in
            #expect(try await client.checked(.get, "/health", as: "/health").status == .ok)
            #expect(try await client.checked(.get, "/openapi.yaml", as: "/openapi.yaml").status == .ok)

            // Ingest: all taken, some refused, none taken, and the refusals before a line is read.
            let events = "/api/v1/events"
            let attack = ServerFixture.process(host: "FS01", "vssadmin.exe delete shadows /all /quiet")
            let good = try await client.checked(
                .post, events, as: events, headers: fixture.headers(.responder), body: attack)
            #expect(good.status == .ok)
            let partial = try await client.checked(
                .post, events, as: events, headers: fixture.headers(.responder),
                body: ServerFixture.process(host: "FS01", "notepad.exe", second: 1) + "\n{broken\n")
            #expect(partial.status == .ok)
            #expect(object(partial)["accepted"] as? Int == 1)
            let none = try await client.checked(
                .post, events, as: events, headers: fixture.headers(.responder), body: "[1]\n")
            #expect(none.status == .badRequest)
            var damaged = fixture.headers(.responder)
            damaged[.contentEncoding] = "gzip"
            #expect(try await client.checked(.post, events, as: events, headers: damaged, body: "x").status == .badRequest)
            #expect(try await client.checked(.post, events, as: events, body: attack).status == .unauthorized)
            #expect(
                try await client.checked(.post, events, as: events, headers: fixture.headers(.viewer), body: attack)
                    .status == .forbidden)
            #expect(
                try await client.checked(
                    .post, events, as: events, headers: fixture.headers(.responder, contentType: "text/html"),
                    body: attack
                ).status == .unsupportedMediaType)
            #expect(try await pipeline.step() == 2)

            // Reading alerts, incidents and the audit log.
            for (path, key) in [("/api/v1/alerts", "alerts"), ("/api/v1/incidents", "incidents"), ("/api/v1/audit", "entries")] {
                let page = try await client.checked(.get, path, as: path, headers: fixture.headers(.viewer))
                #expect(page.status == .ok, "\(path)")
                #expect((object(page)[key] as? [Any])?.isEmpty == false, "\(path)")
                #expect(try await client.checked(.get, path + "?limit=abc", as: path, headers: fixture.headers(.viewer))
                    .status == .badRequest)
                #expect(try await client.checked(.get, path, as: path).status == .unauthorized)
            }
            let newOnes = try await client.checked(
                .get, "/api/v1/incidents?state=new&limit=5", as: "/api/v1/incidents", headers: fixture.headers(.viewer))
            let incidentID = (object(newOnes)["incidents"] as? [[String: Any]])?.first?["id"] as? Int ?? 0

            // The alarm chain's outbox: a draft awaiting approval, approved once, refused twice.
            let written = try await fixture.store.recordAlarm(
                AlarmWrite(
                    incidentID: Int64(incidentID),
                    messages: [
                        OutboxDraft(
                            idempotencyKey: "conformance|bsi|mail", incidentID: Int64(incidentID), cause: "test",
                            contact: "bsi", channel: "mail", address: "meldestelle@bsi.example", language: "de",
                            template: "bsi_early_warning", subject: "Frühe Erstmeldung", text: "…", html: nil,
                            status: .awaitingApproval)
                    ]), actor: "test")
            let messageID = Int(written.messageIDs[0])
            let messages = "/api/v1/messages"
            let listed = try await client.checked(
                .get, messages + "?status=awaiting_approval", as: messages, headers: fixture.headers(.viewer))
            #expect((object(listed)["messages"] as? [Any])?.count == 1)
            #expect(try await client.checked(.get, messages + "?status=sent", as: messages, headers: fixture.headers(.viewer))
                .status == .badRequest)
            #expect(try await client.checked(.get, messages, as: messages).status == .unauthorized)
            #expect(try await client.checked(
                .get, "\(messages)/\(messageID)", as: "/api/v1/messages/{id}", headers: fixture.headers(.viewer)).status == .ok)
            #expect(try await client.checked(
                .get, "\(messages)/999999", as: "/api/v1/messages/{id}", headers: fixture.headers(.viewer)).status == .notFound)
            let approve = "/api/v1/messages/{id}/approve"
            #expect(try await client.checked(
                .post, "\(messages)/\(messageID)/approve", as: approve, headers: fixture.headers(.viewer)).status == .forbidden)
            let approved = try await client.checked(
                .post, "\(messages)/\(messageID)/approve", as: approve, headers: fixture.headers(.responder))
            #expect(object(approved)["status"] as? String == "pending")
            #expect(try await client.checked(
                .post, "\(messages)/\(messageID)/approve", as: approve, headers: fixture.headers(.responder)).status == .conflict)
            #expect(try await client.checked(
                .post, "\(messages)/999999/discard", as: "/api/v1/messages/{id}/discard",
                headers: fixture.headers(.responder)).status == .notFound)
            #expect(try await client.checked(
                .get, "/api/v1/contacts", as: "/api/v1/contacts", headers: fixture.headers(.viewer)).status == .ok)
            let escalations = try await client.checked(
                .get, "/api/v1/incidents/\(incidentID)/escalations", as: "/api/v1/incidents/{id}/escalations",
                headers: fixture.headers(.viewer))
            #expect(escalations.status == .ok)
            #expect(try await client.checked(.get, "/ack/abc", as: "/ack/{token}").status == .notFound)
            #expect(try await client.checked(.post, "/ack/abc", as: "/ack/{token}").status == .notFound)
            #expect(incidentID > 0)
            #expect(
                try await client.checked(
                    .get, "/api/v1/incidents?state=bogus", as: "/api/v1/incidents", headers: fixture.headers(.viewer)
                ).status == .badRequest)

            let incident = "/api/v1/incidents/{id}"
            #expect(
                try await client.checked(.get, "/api/v1/incidents/\(incidentID)", as: incident,
                    headers: fixture.headers(.viewer)).status == .ok)
            #expect(
                try await client.checked(.get, "/api/v1/incidents/999", as: incident, headers: fixture.headers(.viewer))
                    .status == .notFound)
            #expect(
                try await client.checked(.get, "/api/v1/incidents/x", as: incident, headers: fixture.headers(.viewer))
                    .status == .notFound)

            let move = "/api/v1/incidents/{id}/state"
            let uri = "/api/v1/incidents/\(incidentID)/state"
            let acknowledge = #"{"state": "acknowledged", "note": "on it"}"#
            #expect(
                try await client.checked(
                    .post, uri, as: move, headers: fixture.headers(.responder, contentType: json), body: acknowledge
                ).status == .ok)
            #expect(
                try await client.checked(
                    .post, uri, as: move, headers: fixture.headers(.responder, contentType: json),
                    body: #"{"state": "new"}"#
                ).status == .conflict)
            #expect(
                try await client.checked(
                    .post, uri, as: move, headers: fixture.headers(.responder, contentType: json), body: "{"
                ).status == .badRequest)
            #expect(
                try await client.checked(
                    .post, uri, as: move, headers: fixture.headers(.viewer, contentType: json), body: acknowledge
                ).status == .forbidden)
            #expect(
                try await client.checked(
                    .post, "/api/v1/incidents/999/state", as: move,
                    headers: fixture.headers(.responder, contentType: json), body: acknowledge
                ).status == .notFound)

            // The timeline: opened, the alert attached, the acknowledgement with its note, in order.
            let timeline = try await client.checked(
                .get, "/api/v1/incidents/\(incidentID)/timeline", as: "/api/v1/incidents/{id}/timeline",
                headers: fixture.headers(.viewer))
            let entries = object(timeline)["entries"] as? [[String: Any]] ?? []
            let actions = entries.compactMap { $0["action"] as? String }
            #expect(actions.first == "incident.created")
            #expect(actions.contains("incident.alerts_attached"))
            #expect(actions.last == "incident.updated")
            #expect(entries.allSatisfy { $0["subject"] as? String == "incident:\(incidentID)" })
            let sequences = entries.compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted())
            #expect(
                try await client.checked(
                    .get, "/api/v1/incidents/999/timeline", as: "/api/v1/incidents/{id}/timeline",
                    headers: fixture.headers(.viewer)
                ).status == .notFound)

            let verify = try await client.checked(
                .get, "/api/v1/audit/verify", as: "/api/v1/audit/verify", headers: fixture.headers(.viewer))
            #expect(object(verify)["intact"] as? Bool == true)
            let metrics = try await client.checked(.get, "/metrics", as: "/metrics", headers: fixture.headers(.viewer))
            #expect(String(buffer: metrics.body).contains("tocsin_events_received_total 2"))
            #expect(try await client.checked(.get, "/metrics", as: "/metrics").status == .unauthorized)

            // People: login, me with a token and with a session, logout.
            let login = "/api/v1/login"
            let session = try await client.checked(
                .post, login, as: login, headers: [.contentType: json], body: #"{"name": "alice", "password": "\#(ServerFixture.password)"}"#)
            #expect(session.status == .ok)
            let secret = (session.headers[.setCookie] ?? "").split(separator: ";").first.map {
                String($0.dropFirst("\(SessionCookie.name)=".count))
            } ?? ""
            let alice = LoggedIn(secret: secret, csrf: object(session)["csrf_token"] as? String ?? "")
            #expect(
                try await client.checked(
                    .post, login, as: login, headers: [.contentType: json], body: #"{"name": "alice", "password": "no"}"#
                ).status == .unauthorized)
            #expect(
                try await client.checked(.post, login, as: login, headers: [.contentType: json], body: "[]").status
                    == .badRequest)
            #expect(
                try await client.checked(.post, login, as: login, headers: [.contentType: "text/plain"], body: "{}")
                    .status == .unsupportedMediaType)

            let me = "/api/v1/me"
            #expect(try await client.checked(.get, me, as: me, headers: fixture.headers(.admin)).status == .ok)
            #expect(try await client.checked(.get, me, as: me, headers: alice.headers()).status == .ok)
            #expect(try await client.checked(.get, me, as: me).status == .unauthorized)

            let logout = "/api/v1/logout"
            #expect(
                try await client.checked(.post, logout, as: logout, headers: fixture.headers(.admin)).status
                    == .badRequest)
            #expect(
                try await client.checked(.post, logout, as: logout, headers: alice.headers(csrf: false)).status
                    == .forbidden)
            #expect(try await client.checked(.post, logout, as: logout, headers: alice.headers()).status == .ok)
            #expect(try await client.checked(.post, logout, as: logout, headers: alice.headers()).status == .unauthorized)
        }
        try await fixture.close()
    }

    @Test func everyRegisteredRouteIsDocumentedAndEveryDocumentedOneAnswers() async throws {
        let fixture = try await ServerFixture.make()
        let pipeline = DetectionPipeline(
            store: fixture.store, engine: fixture.engine, correlations: fixture.correlations, grouping: GroupingPolicy(),
            correlationLimits: CorrelationLimits())
        let api = API(
            store: fixture.store, pipeline: pipeline, configuration: fixture.configuration, metrics: ServerMetrics(),
            clock: { Date() }, logins: LoginGuard(hasher: PasswordHasher(cost: 4)))
        let router = buildRouter(api: api)
        // Hummingbird writes a parameter `:id`, OpenAPI `{id}`.
        let registered = Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) \(path)"
            })
        let documented = Set(OpenAPIContract.shared.operations.map { "\($0.method) \($0.path)" })
        #expect(registered.count >= 13)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")

        // And each documented operation answers, with an admin token and a concrete id, something but 404 or 405.
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, status: try StatusSetup.sample(), runPipeline: false)
        try await application.test(.router) { client in
            for operation in OpenAPIContract.shared.operations {
                let uri = operation.path.replacingOccurrences(of: "{id}", with: "1")
                let response = try await client.executeRequest(
                    uri: uri, method: HTTPRequest.Method(rawValue: operation.method.uppercased()) ?? .get,
                    headers: fixture.headers(.admin), body: nil)
                // An incident that does not exist is a 404 with the route's own message, not the router's.
                if operation.path.hasPrefix("/ack/") {
                    // Without an alarm chain the link page says so, as HTML.
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                } else if operation.path.contains("{id}") && response.status == .notFound {
                    let message = object(response)["error"] as? String ?? ""
                    #expect(
                        [
                            "no such incident", "no such suppression", "no such message", "no containment 1",
                            "no component 1",
                        ].contains(message), "\(operation)")
                } else {
                    #expect(![404, 405].contains(response.status.code), "\(operation.method) \(operation.path)")
                }
            }
            let unknown = try await client.executeRequest(uri: "/api/v1/nothing", method: .get, headers: [:], body: nil)
            #expect(unknown.status == .notFound)
            #expect(object(unknown)["error"] as? String == "no route /api/v1/nothing; see /openapi.yaml")
        }
        try await fixture.close()
    }
}
