import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TocsinCore
import TocsinResponse
import TocsinStore

@testable import TocsinServer

/// A clock the tests move by hand.
final class ManualClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_764_614_400))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { self.now } }
}

/// A person's session as the tests carry it: the cookie's secret and the CSRF token.
struct LoggedIn {
    var secret: String
    var csrf: String

    func headers(csrf sendCSRF: Bool = true, contentType: String? = "application/json") -> HTTPFields {
        var fields: HTTPFields = [.cookie: "theme=dark; \(SessionCookie.name)=\(secret)"]
        if let contentType { fields[.contentType] = contentType }
        if sendCSRF, let name = HTTPFields.Element.Name("X-CSRF-Token") { fields[name] = csrf }
        return fields
    }
}

extension ServerFixture {
    static let password = "correct horse battery staple"

    /// A fixture whose users hash at bcrypt's lowest cost, with alice (responder) and victor (viewer).
    static func withUsers() async throws -> ServerFixture {
        var fixture = try await make()
        fixture.configuration.passwordCost = 4
        for (name, role) in [("alice", Role.responder), ("victor", Role.viewer)] {
            _ = try await UserAccounts.add(
                name: name, role: role, password: password, cost: 4, actor: "test", in: fixture.store)
        }
        return fixture
    }

    func application(clock: ManualClock) -> some ApplicationProtocol {
        buildApplication(
            configuration: configuration, store: store, engine: engine, correlations: correlations,
            runPipeline: false, clock: clock.function
        ).application
    }
}

func loginBody(_ name: String, _ password: String) -> ByteBuffer {
    let data = (try? JSONSerialization.data(withJSONObject: ["name": name, "password": password])) ?? Data()
    return ByteBuffer(bytes: data)
}

/// Logs in and returns the session, expecting success.
func logIn(_ client: some TestClientProtocol, _ name: String, password: String = ServerFixture.password) async throws
    -> LoggedIn
{
    try await client.execute(
        uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
        body: loginBody(name, password)
    ) { response in
        #expect(response.status == .ok)
        let cookie = response.headers[.setCookie] ?? ""
        let secret = cookie.split(separator: ";").first.map { String($0.dropFirst("tocsin_session=".count)) } ?? ""
        return LoggedIn(secret: secret, csrf: object(response)["csrf_token"] as? String ?? "")
    }
}

@Suite("Server: people log in with sessions")
struct SessionAPITests {
    @Test func theRightPasswordOpensASessionThatReadsTheAPI() async throws {
        let fixture = try await ServerFixture.withUsers()
        let clock = ManualClock()
        let session = try await fixture.application(clock: clock).test(.router) { client in
            let session = try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                body: loginBody("alice", ServerFixture.password)
            ) { response in
                #expect(response.status == .ok)
                let answer = object(response)
                #expect(answer["user"] as? String == "alice")
                #expect(answer["role"] as? String == "responder")
                #expect(answer["expires_at"] as? String == "2025-12-02T18:40:00Z")
                #expect(answer["idle_timeout_seconds"] as? Int == 43_200)
                let cookie = response.headers[.setCookie] ?? ""
                let pattern = /tocsin_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\//
                #expect(cookie.wholeMatch(of: pattern) != nil, "\(cookie)")
                let secret = String(cookie.split(separator: ";")[0].dropFirst("tocsin_session=".count))
                let csrf = answer["csrf_token"] as? String ?? ""
                #expect(csrf.count == 43 && csrf != secret)
                return LoggedIn(secret: secret, csrf: csrf)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: session.headers(csrf: false)) {
                response in
                #expect(response.status == .ok)
                let answer = object(response)
                #expect(answer["user"] as? String == "alice" && answer["via"] as? String == "session")
                #expect(answer["csrf_token"] as? String == session.csrf)
            }
            try await client.execute(
                uri: "/api/v1/incidents", method: .get, headers: session.headers(csrf: false)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: fixture.headers(.viewer)) { response in
                #expect(object(response)["via"] as? String == "token")
                #expect(object(response)["user"] as? String == "test-viewer")
            }
            // The store keeps the secret's hash, not the secret.
            #expect(try await fixture.store.session(hash: TokenSecret.hash(session.secret))?.userName == "alice")
            return session
        }
        // A restarted server (a new application over the same store) still knows the session.
        try await fixture.application(clock: clock).test(.router) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: session.headers()) {
                #expect($0.status == .ok)
            }
        }
        let audit = try await fixture.store.auditEntries(after: 0, limit: 100)
        #expect(audit.last?.action == "user.logged_in" && audit.last?.actor == "user:alice")
        try await fixture.close()
    }

    @Test func aWrongPasswordAndAnUnknownNameGetTheSameAnswerAndAreAudited() async throws {
        let fixture = try await ServerFixture.withUsers()
        try await fixture.application(clock: ManualClock()).test(.router) { client in
            var answers: [String] = []
            for (name, password) in [("alice", "not the password"), ("mallory", ServerFixture.password)] {
                answers.append(
                    try await client.execute(
                        uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                        body: loginBody(name, password)
                    ) { response in
                        #expect(response.status == .unauthorized)
                        #expect(response.headers[.setCookie] == nil)
                        return String(buffer: response.body)
                    })
            }
            let wrong = #"{"error":"the name or the password is wrong"}"#
            #expect(answers == [wrong, wrong])
            try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=alice&password=x")
            ) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"name": "alice"}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("tocsin_login_failures_total 2"))
                #expect(text.contains("tocsin_logins_total 0"))
            }
        }
        let failures = try await fixture.store.auditEntries(after: 0, limit: 100).filter {
            $0.action == "user.login_failed"
        }
        #expect(failures.map(\.subject) == ["user:alice", "user:mallory"])
        #expect(failures.map { $0.details["reason"] } == ["wrong password", "unknown user"])
        #expect(failures.allSatisfy { $0.actor == "anonymous" })
        let lines = try failures.map { try $0.jsonLine() }.joined()
        #expect(!lines.contains("not the password") && !lines.contains(ServerFixture.password))
        try await fixture.close()
    }

    @Test func withACookieEveryPostNeedsTheCSRFToken() async throws {
        let fixture = try await ServerFixture.withUsers()
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        try await application.test(.router) { client in
            // An incident to move: an attack ingested with a token and matched by the pipeline.
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "FS01", "vssadmin.exe delete shadows /all"))
            ) { #expect(object($0)["accepted"] as? Int == 1) }
            #expect(try await pipeline.step() == 1)
            let incident = try #require(try await fixture.store.incidents(state: nil, limit: 1).first)
            let alice = try await logIn(client, "alice")
            let move = ByteBuffer(string: #"{"state":"acknowledged"}"#)
            let path = "/api/v1/incidents/\(incident.id)/state"
            try await client.execute(uri: path, method: .post, headers: alice.headers(csrf: false), body: move) {
                response in
                #expect(response.status == .forbidden)
                #expect(
                    object(response)["error"] as? String
                        == "a request with a session cookie must repeat the session's CSRF token in the X-CSRF-Token "
                        + "header (from the login answer or GET /api/v1/me)")
            }
            var wrong = alice
            wrong.csrf = String(alice.csrf.reversed())
            try await client.execute(uri: path, method: .post, headers: wrong.headers(), body: move) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: path, method: .post, headers: alice.headers(), body: move) { response in
                #expect(response.status == .ok)
                #expect(object(response)["state"] as? String == "acknowledged")
            }
            // A viewer's session may read but not move incidents, CSRF token or not.
            let victor = try await logIn(client, "victor")
            try await client.execute(uri: path, method: .post, headers: victor.headers(), body: move) { response in
                #expect(response.status == .forbidden)
                #expect(object(response)["error"] as? String == "this needs the role responder; the user has viewer")
            }
            // Events come with tokens only.
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: alice.headers(contentType: "application/x-ndjson"),
                body: ByteBuffer(string: "{}\n")
            ) { #expect($0.status == .forbidden) }
        }
        let moved = try await fixture.store.auditEntries(after: 0, limit: 100).last { $0.action == "incident.updated" }
        #expect(moved?.actor == "user:alice")
        try await fixture.close()
    }

    @Test func logoutEndsTheSession() async throws {
        let fixture = try await ServerFixture.withUsers()
        try await fixture.application(clock: ManualClock()).test(.router) { client in
            let alice = try await logIn(client, "alice")
            try await client.execute(uri: "/api/v1/logout", method: .post, headers: alice.headers(csrf: false)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/logout", method: .post, headers: alice.headers()) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: alice.headers()) { response in
                #expect(response.status == .unauthorized)
                #expect(object(response)["error"] as? String == "the session has ended or is not valid; log in again")
            }
            try await client.execute(uri: "/api/v1/logout", method: .post, headers: fixture.headers(.viewer)) {
                #expect($0.status == .badRequest)
            }
        }
        let actions = try await fixture.store.auditEntries(after: 0, limit: 100).map(\.action)
        #expect(actions.suffix(2) == ["user.logged_in", "user.logged_out"])
        try await fixture.close()
    }

    @Test func sessionsEndWhenIdleAndAtTheirLifetime() async throws {
        var made = try await ServerFixture.withUsers()
        made.configuration.sessions.lifetime = 3 * 3600
        made.configuration.sessions.idleTimeout = 3600
        let fixture = made
        let clock = ManualClock()
        let idle = try await fixture.application(clock: clock).test(.router) { client in
            let idle = try await logIn(client, "alice")
            let busy = try await logIn(client, "victor")
            var answers: [HTTPResponse.Status] = []
            for minute in [40, 80, 120, 160, 200] {
                clock.advance(40 * 60)
                answers.append(
                    try await client.execute(uri: "/api/v1/me", method: .get, headers: busy.headers()) { $0.status })
                if minute == 80 {
                    // Not used for 80 minutes, past the idle hour.
                    try await client.execute(uri: "/api/v1/me", method: .get, headers: idle.headers()) { response in
                        #expect(response.status == .unauthorized)
                        #expect(object(response)["error"] as? String == "the session has expired; log in again")
                    }
                }
            }
            // Used every 40 minutes, the busy one lives until its 3 hours are up: at 160 minutes, not at 200.
            #expect(answers == [.ok, .ok, .ok, .ok, .unauthorized])
            return idle
        }
        // Ended sessions are deleted, not only refused.
        #expect(try await fixture.store.session(hash: TokenSecret.hash(idle.secret)) == nil)
        try await fixture.close()
    }

    @Test func repeatedFailuresAreAnsweredWith429AndRetryAfterWithoutCheckingThePassword() async throws {
        let fixture = try await ServerFixture.withUsers()
        let clock = ManualClock()
        try await fixture.application(clock: clock).test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(
                    uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                    body: loginBody("alice", "guess guess guess")
                ) { #expect($0.status == .unauthorized) }
            }
            // Even the right password is refused now, and nothing about it is checked or audited.
            let audited = try await fixture.store.auditEntries(after: 0, limit: 100).count
            try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                body: loginBody("alice", ServerFixture.password)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "30")
                #expect(object(response)["error"] as? String == "too many failed logins; retry in 30 seconds")
            }
            #expect(try await fixture.store.auditEntries(after: 0, limit: 100).count == audited)
            // Another name is not held up.
            _ = try await logIn(client, "victor")
            clock.advance(30)
            _ = try await logIn(client, "alice")
            // The success cleared alice's count: one failure is a plain 401 again.
            try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                body: loginBody("alice", "guess guess guess")
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("tocsin_login_failures_total 6"))
                #expect(text.contains("tocsin_login_throttled_total 1"))
                #expect(text.contains("tocsin_logins_total 2"))
            }
        }
        try await fixture.close()
    }

    /// Parallel guesses take turns: ten at once for one name give five refusals of the password and five 429s,
    /// not ten password checks.
    @Test func parallelGuessesForOneNameAreThrottledLikeSequentialOnes() async throws {
        let fixture = try await ServerFixture.withUsers()
        try await fixture.application(clock: ManualClock()).test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                            body: loginBody("alice", "guess guess guess")
                        ) { $0.status }
                    }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 5)
        }
        try await fixture.close()
    }

    /// Over a real socket the throttle sees the client's address: twenty failures under twenty names from one
    /// address hold up a twenty-first name that never failed.
    @Test func overARealSocketFailuresAreCountedPerClientAddress() async throws {
        var made = try await ServerFixture.withUsers()
        made.configuration.port = 0
        let fixture = made
        try await fixture.application(clock: ManualClock()).test(.live) { client in
            for index in 0..<20 {
                try await client.execute(
                    uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                    body: loginBody("guess\(index)", "not a password at all")
                ) { #expect($0.status == .unauthorized) }
            }
            try await client.execute(
                uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
                body: loginBody("alice", ServerFixture.password)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "30")
            }
        }
        let audit = try await fixture.store.auditEntries(after: 0, limit: 100)
        let failure = audit.last { $0.action == "user.login_failed" }
        #expect(failure?.details["address"] == "127.0.0.1")
        try await fixture.close()
    }
}
