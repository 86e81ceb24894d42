import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TocsinCore
import TocsinStore

@testable import TocsinServer

/// One bad request, what the server must answer, and the counter on `/metrics` that must move by one.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Credential: Sendable {
        case none
        case token(Role)
        case header(String)
        /// alice's session (role responder), with or without the CSRF token.
        case session(csrf: Bool)
        case endedSession
    }

    enum Body: Sendable {
        case none
        case text(String)
        case bytes([UInt8])
        /// This many bytes of JSON-looking filler.
        case size(Int)

        var buffer: ByteBuffer? {
            switch self {
            case .none: nil
            case .text(let text): ByteBuffer(string: text)
            case .bytes(let bytes): ByteBuffer(bytes: bytes)
            case .size(let count): ByteBuffer(string: "{\"a\":\"" + String(repeating: "x", count: count) + "\"}")
            }
        }
    }

    var name: String
    var method: HTTPRequest.Method
    var uri: String
    /// The operation in the document, as it writes the path.
    var path: String
    var credential: Credential
    var contentType: String?
    var body: Body = .none
    var extraHeaders: [String: String] = [:]
    var status: Int
    var error: String
    var counter: String

    var testDescription: String { "\(method) \(uri): \(name)" }
}

extension BadInput {
    static let ndjson = "application/x-ndjson"
    static let json = "application/json"
    static let invalidUTF8: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]
    static let noToken = "an API token is required: Authorization: Bearer <token> (or log in at POST /api/v1/login)"
    static let csrf =
        "a request with a session cookie must repeat the session's CSRF token in the X-CSRF-Token header "
        + "(from the login answer or GET /api/v1/me)"
    static let stateExample = #"{"state": "acknowledged", "note": "…"}"#
    static let stateHint = "state must be one of new, acknowledged, contained, resolved, closed"
    static let limit = "the query parameter limit must be an integer from 1 to 1000"
    static let after = "the query parameter after must be an integer from 0 to 9223372036854775807"
    static let refusedBatch = "no line of the body was accepted; rejected gives the reason per line"

    static let unauthenticated = "tocsin_requests_unauthenticated_total"
    static let forbidden = "tocsin_requests_forbidden_total"
    static let unsupported = "tocsin_requests_unsupported_media_type_total"
    static let tooLarge = "tocsin_requests_too_large_total"
    static let bad = "tocsin_requests_bad_total"
    static let notFound = "tocsin_requests_not_found_total"

    static let events = "/api/v1/events"
    static let login = "/api/v1/login"
    static let logout = "/api/v1/logout"
    static let move = "/api/v1/incidents/{id}/state"

    static let cases: [BadInput] = [
        // Ingest.
        BadInput(name: "no credential", method: .post, uri: events, path: events, credential: .none,
            contentType: ndjson, body: .text("{}"), status: 401, error: noToken, counter: unauthenticated),
        BadInput(name: "unknown token", method: .post, uri: events, path: events, credential: .header("Bearer tcn_no"),
            contentType: ndjson, body: .text("{}"), status: 401, error: "the API token is not valid",
            counter: unauthenticated),
        BadInput(name: "not a bearer token", method: .post, uri: events, path: events,
            credential: .header("Basic YTpi"), contentType: ndjson, body: .text("{}"), status: 401,
            error: "an API token is required: Authorization: Bearer <token>", counter: unauthenticated),
        BadInput(name: "wrong role", method: .post, uri: events, path: events, credential: .token(.viewer),
            contentType: ndjson, body: .text("{}"), status: 403,
            error: "this needs the role responder; the token has viewer", counter: forbidden),
        BadInput(name: "a session, not a token", method: .post, uri: events, path: events,
            credential: .session(csrf: true), contentType: ndjson, body: .text("{}"), status: 403,
            error: "ingest needs an API token (Authorization: Bearer <token>), not a session", counter: forbidden),
        BadInput(name: "wrong Content-Type", method: .post, uri: events, path: events, credential: .token(.responder),
            contentType: "text/html", body: .text("{}"), status: 415,
            error: "send events as application/x-ndjson: one JSON object per line", counter: unsupported),
        BadInput(name: "no Content-Type", method: .post, uri: events, path: events, credential: .token(.responder),
            contentType: nil, body: .text("{}"), status: 415,
            error: "send events as application/x-ndjson: one JSON object per line", counter: unsupported),
        BadInput(name: "unsupported encoding", method: .post, uri: events, path: events,
            credential: .token(.responder), contentType: ndjson, body: .text("{}"),
            extraHeaders: ["Content-Encoding": "br"], status: 415,
            error: "Content-Encoding br is not supported; use gzip", counter: unsupported),
        BadInput(name: "body over the limit", method: .post, uri: events, path: events,
            credential: .token(.responder), contentType: ndjson, body: .size(2000), status: 413,
            error: "the body is larger than 1024 bytes; send smaller batches", counter: tooLarge),
        BadInput(name: "malformed JSON", method: .post, uri: events, path: events, credential: .token(.responder),
            contentType: ndjson, body: .text("{not json\n"), status: 400, error: refusedBatch, counter: bad),
        BadInput(name: "invalid UTF-8", method: .post, uri: events, path: events, credential: .token(.responder),
            contentType: ndjson, body: .bytes(invalidUTF8), status: 400, error: refusedBatch, counter: bad),
        BadInput(name: "damaged gzip", method: .post, uri: events, path: events, credential: .token(.responder),
            contentType: ndjson, body: .text("not gzip"), extraHeaders: ["Content-Encoding": "gzip"], status: 400,
            error: "the gzip body is damaged: incorrect header check", counter: bad),

        // Login and logout.
        BadInput(name: "wrong Content-Type", method: .post, uri: login, path: login, credential: .none,
            contentType: "application/x-www-form-urlencoded", body: .text("name=a&password=b"), status: 415,
            error: #"send the login as application/json: {"name": …, "password": …}"#, counter: unsupported),
        BadInput(name: "malformed JSON", method: .post, uri: login, path: login, credential: .none,
            contentType: json, body: .text(#"{"name": "alice""#), status: 400,
            error: #"the body must be JSON like {"name": "alice", "password": "…"}"#, counter: bad),
        BadInput(name: "invalid UTF-8", method: .post, uri: login, path: login, credential: .none,
            contentType: json, body: .bytes(invalidUTF8), status: 400,
            error: #"the body must be JSON like {"name": "alice", "password": "…"}"#, counter: bad),
        BadInput(name: "body over the limit", method: .post, uri: login, path: login, credential: .none,
            contentType: json, body: .size(9000), status: 413, error: "a login is smaller than 8 KiB",
            counter: tooLarge),
        BadInput(name: "wrong password", method: .post, uri: login, path: login, credential: .none,
            contentType: json, body: .text(#"{"name": "alice", "password": "guess"}"#), status: 401,
            error: "the name or the password is wrong", counter: "tocsin_login_failures_total"),
        BadInput(name: "no session", method: .post, uri: logout, path: logout, credential: .none,
            contentType: nil, status: 401, error: noToken, counter: unauthenticated),
        BadInput(name: "a token, not a session", method: .post, uri: logout, path: logout,
            credential: .token(.admin), contentType: nil, status: 400,
            error: "logout ends a session; this request carries an API token instead", counter: bad),
        BadInput(name: "no CSRF token", method: .post, uri: logout, path: logout, credential: .session(csrf: false),
            contentType: nil, status: 403, error: csrf, counter: forbidden),
        BadInput(name: "ended session", method: .post, uri: logout, path: logout, credential: .endedSession,
            contentType: nil, status: 401, error: "the session has ended or is not valid; log in again",
            counter: unauthenticated),
        BadInput(name: "no credential", method: .get, uri: "/api/v1/me", path: "/api/v1/me", credential: .none,
            contentType: nil, status: 401, error: noToken, counter: unauthenticated),

        // Reading.
        BadInput(name: "limit not a number", method: .get, uri: "/api/v1/alerts?limit=abc", path: "/api/v1/alerts",
            credential: .token(.viewer), contentType: nil, status: 400, error: limit, counter: bad),
        BadInput(name: "limit too large", method: .get, uri: "/api/v1/alerts?limit=5000", path: "/api/v1/alerts",
            credential: .token(.viewer), contentType: nil, status: 400, error: limit, counter: bad),
        BadInput(name: "after negative", method: .get, uri: "/api/v1/alerts?after=-1", path: "/api/v1/alerts",
            credential: .token(.viewer), contentType: nil, status: 400, error: after, counter: bad),
        BadInput(name: "no credential", method: .get, uri: "/api/v1/alerts", path: "/api/v1/alerts",
            credential: .none, contentType: nil, status: 401, error: noToken, counter: unauthenticated),
        BadInput(name: "unknown state", method: .get, uri: "/api/v1/incidents?state=bogus", path: "/api/v1/incidents",
            credential: .token(.viewer), contentType: nil, status: 400, error: stateHint, counter: bad),
        BadInput(name: "limit zero", method: .get, uri: "/api/v1/incidents?limit=0", path: "/api/v1/incidents",
            credential: .token(.viewer), contentType: nil, status: 400, error: limit, counter: bad),
        BadInput(name: "unknown id", method: .get, uri: "/api/v1/incidents/999", path: "/api/v1/incidents/{id}",
            credential: .token(.viewer), contentType: nil, status: 404, error: "no such incident", counter: notFound),
        BadInput(name: "id not a number", method: .get, uri: "/api/v1/incidents/abc", path: "/api/v1/incidents/{id}",
            credential: .token(.viewer), contentType: nil, status: 404, error: "no such incident", counter: notFound),
        BadInput(name: "no credential", method: .get, uri: "/api/v1/incidents/1", path: "/api/v1/incidents/{id}",
            credential: .none, contentType: nil, status: 401, error: noToken, counter: unauthenticated),
        BadInput(name: "after not a number", method: .get, uri: "/api/v1/audit?after=x", path: "/api/v1/audit",
            credential: .token(.viewer), contentType: nil, status: 400, error: after, counter: bad),
        BadInput(name: "no credential", method: .get, uri: "/api/v1/audit/verify", path: "/api/v1/audit/verify",
            credential: .none, contentType: nil, status: 401, error: noToken, counter: unauthenticated),
        BadInput(name: "unknown token", method: .get, uri: "/metrics", path: "/metrics",
            credential: .header("Bearer tcn_no"), contentType: nil, status: 401, error: "the API token is not valid",
            counter: unauthenticated),

        // Moving an incident (incident 1 exists: the fixture raises it).
        BadInput(name: "malformed JSON", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .text("{state"), status: 400,
            error: "the body must be a JSON object like \(stateExample)", counter: bad),
        BadInput(name: "not an object", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"["acknowledged"]"#), status: 400,
            error: "the body must be a JSON object like \(stateExample)", counter: bad),
        BadInput(name: "note not a string", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"{"state": "acknowledged", "note": 3}"#),
            status: 400, error: "the body must be a JSON object like \(stateExample)", counter: bad),
        BadInput(name: "invalid UTF-8", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .bytes(invalidUTF8), status: 400,
            error: "the body must be a JSON object like \(stateExample)", counter: bad),
        BadInput(name: "unknown state", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"{"state": "gone"}"#), status: 400,
            error: stateHint, counter: bad),
        BadInput(name: "wrong Content-Type", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: "text/plain", body: .text(#"{"state": "acknowledged"}"#),
            status: 415, error: "send the body as application/json: \(stateExample)", counter: unsupported),
        BadInput(name: "body over the limit", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .size(70_000), status: 413,
            error: "the body is larger than 65536 bytes", counter: tooLarge),
        BadInput(name: "wrong role", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.viewer), contentType: json, body: .text(#"{"state": "acknowledged"}"#), status: 403,
            error: "this needs the role responder; the token has viewer", counter: forbidden),
        BadInput(name: "no CSRF token", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .session(csrf: false), contentType: json, body: .text(#"{"state": "acknowledged"}"#),
            status: 403, error: csrf, counter: forbidden),
        BadInput(name: "unknown id", method: .post, uri: "/api/v1/incidents/999/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"{"state": "acknowledged"}"#),
            status: 404, error: "no incident 999", counter: notFound),
        BadInput(name: "id not a number", method: .post, uri: "/api/v1/incidents/abc/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"{"state": "acknowledged"}"#),
            status: 404, error: "no such incident", counter: notFound),
        BadInput(name: "not allowed from its state", method: .post, uri: "/api/v1/incidents/1/state", path: move,
            credential: .token(.responder), contentType: json, body: .text(#"{"state": "new"}"#), status: 409,
            error: "", counter: "tocsin_requests_conflict_total"),
    ]
}

/// The value of the counter `name` in a `/metrics` text (0 when absent).
func metricValue(_ name: String, in text: String) -> Int {
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Int(line.dropFirst(name.count + 1)) ?? 0
    }
    return 0
}

@Suite("Server: bad input on every endpoint")
struct BadInputTests {
    static let attack = ServerFixture.process(host: "FS01", "vssadmin.exe delete shadows /all /quiet")

    @Test(arguments: BadInput.cases) func isRefusedClearlyCountedAndDisturbsNothing(_ bad: BadInput) async throws {
        var made = try await ServerFixture.withUsers()
        made.configuration.ingest.maxBodyBytes = 1024
        let fixture = made
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        try await application.test(.router) { client in
            // An incident to act on, and alice's session.
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: Self.attack)
            ) { #expect($0.status == .ok) }
            #expect(try await pipeline.step() == 1)
            let alice = try await logIn(client, "alice")
            let before = try await metrics(client, fixture)

            var headers: HTTPFields = [:]
            switch bad.credential {
            case .none: break
            case .token(let role): headers = fixture.headers(role, contentType: nil)
            case .header(let value): headers[.authorization] = value
            case .session(let csrf): headers = alice.headers(csrf: csrf, contentType: nil)
            case .endedSession: headers = LoggedIn(secret: "ended", csrf: "x").headers(contentType: nil)
            }
            if let contentType = bad.contentType { headers[.contentType] = contentType }
            for (name, value) in bad.extraHeaders {
                if let field = HTTPFields.Element.Name(name) { headers[field] = value }
            }
            let response = try await client.executeRequest(
                uri: bad.uri, method: bad.method, headers: headers, body: bad.body.buffer)
            #expect(Int(response.status.code) == bad.status)
            #expect(response.headers[.contentType] == "application/json")
            let message = object(response)["error"] as? String
            if bad.error.isEmpty {
                #expect(message?.isEmpty == false)
            } else {
                #expect(message == bad.error)
            }
            expectConforms(response, path: bad.path, method: bad.method.rawValue)
            let after = try await metrics(client, fixture)
            #expect(metricValue(bad.counter, in: after) == metricValue(bad.counter, in: before) + 1, "\(bad.counter)")
            #expect(metricValue("tocsin_requests_failed_total", in: after) == 0)

            // Nothing else disturbed: a good batch is stored, matched and alerted, and the audit chain holds.
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "FS02", "vssadmin delete shadows", second: 5))
            ) { #expect(object($0)["accepted"] as? Int == 1) }
            #expect(try await pipeline.step() == 1)
            let alerts = try await fixture.store.alerts(after: 0, limit: 10)
            #expect(alerts.map(\.alert.host) == ["FS01", "FS02"])
            try await client.execute(uri: "/api/v1/audit/verify", method: .get, headers: fixture.headers(.viewer)) {
                #expect(object($0)["intact"] as? Bool == true)
            }
        }
        try await fixture.close()
    }

    @Test func anUnknownRouteIsAJSON404ThatIsCounted() async throws {
        let fixture = try await ServerFixture.make()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await application.test(.router) { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v2/alerts"), (.delete, "/api/v1/incidents/1")] {
                let response = try await client.executeRequest(uri: uri, method: method, headers: [:], body: nil)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(response.headers[.contentType] == "application/json")
                #expect(object(response)["error"] as? String == "no route \(uri); see /openapi.yaml")
            }
            #expect(metricValue("tocsin_requests_not_found_total", in: try await metrics(client, fixture)) == 2)
        }
        try await fixture.close()
    }

    func metrics(_ client: some TestClientProtocol, _ fixture: ServerFixture) async throws -> String {
        let response = try await client.executeRequest(
            uri: "/metrics", method: .get, headers: fixture.headers(.viewer, contentType: nil), body: nil)
        return String(buffer: response.body)
    }
}
