import Foundation
import Hummingbird
import NIOCore
import TocsinStore

extension API {
    /// `POST /api/v1/login`: `{"name", "password"}` in; a session cookie and its CSRF token out.
    ///
    /// Throttled per name and address before the password is looked at; an unknown name costs the same bcrypt
    /// check as a known one and gets the same answer, so neither timing nor text tells which names exist.
    func login(_ request: Request, address: String?) async throws -> Response {
        // JSON only: a cross-site HTML form cannot send it, so no page elsewhere can log a browser in as someone.
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard contentType == "application/json" else {
            metrics.count(.unsupportedMediaType)
            throw APIError(
                .unsupportedMediaType, #"send the login as application/json: {"name": …, "password": …}"#)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 8 << 10)
        } catch is NIOTooManyBytesError {
            metrics.count(.tooLarge)
            throw APIError(.contentTooLarge, "a login is smaller than 8 KiB")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
            let name = object["name"] as? String, let password = object["password"] as? String,
            (1...128).contains(name.count), password.utf8.count <= 1024
        else {
            metrics.count(.badRequest)
            throw APIError(.badRequest, #"the body must be JSON like {"name": "alice", "password": "…"}"#)
        }
        let (session, secret) = try await openSession(name: name, password: password, address: address)
        metrics.count(.logins)
        var response = jsonResponse(sessionJSON(session))
        response.headers[.setCookie] = SessionCookie.setting(secret, secure: configuration.sessions.secureCookie)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Checks a name and password (throttled, audited when wrong) and opens a session; shared by the JSON login and
    /// the responder pages' form.
    func openSession(name: String, password: String, address: String?) async throws -> (Session, String) {
        let user = try await store.user(named: name)
        switch await logins.attempt(
            name: name, address: address, password: password, hash: user?.passwordHash, clock: clock)
        {
        case .wait(let seconds):
            metrics.count(.loginThrottled)
            throw APIError(
                .tooManyRequests, "too many failed logins; retry in \(seconds) seconds",
                headers: [.retryAfter: String(seconds)])
        case .busy:
            throw APIError(.serviceUnavailable, "too many logins at once; retry shortly", headers: [.retryAfter: "1"])
        case .failed:
            metrics.count(.loginFailures)
            var details: [String: JSONValue] = ["reason": user == nil ? "unknown user" : "wrong password"]
            if let address { details["address"] = .string(address) }
            _ = try await store.recordAudit([
                AuditDraft(actor: "anonymous", action: "user.login_failed", subject: "user:\(name)", details: details)
            ])
            throw APIError(.unauthorized, "the name or the password is wrong")
        case .succeeded:
            break
        }
        guard let user else { throw APIError(.unauthorized, "the name or the password is wrong") }
        let now = clock()
        _ = try await store.deleteExpiredSessions(
            expiredAt: now, idleSince: now.addingTimeInterval(-configuration.sessions.idleTimeout))
        let secret = SessionSecret.generate()
        let session = try await store.createSession(
            NewSession(
                secretHash: TokenSecret.hash(secret), userID: user.id, csrfToken: SessionSecret.generate(),
                address: address, createdAt: now, expiresAt: now.addingTimeInterval(configuration.sessions.lifetime)),
            actor: "user:\(user.name)")
        return (session, secret)
    }

    /// `POST /api/v1/logout`: ends the request's session (its CSRF token required, like every POST with a cookie).
    func logout(_ request: Request) async throws -> Response {
        let identity = try await authenticate(request, needs: .viewer)
        guard case .session(let session) = identity.credential else {
            throw refuse(.badRequest, .badRequest, "logout ends a session; this request carries an API token instead")
        }
        _ = try await store.deleteSession(id: session.id, actor: identity.actor)
        var response = jsonResponse(["logged_out": true])
        response.headers[.setCookie] = SessionCookie.clearing(secure: configuration.sessions.secureCookie)
        return response
    }

    /// `GET /api/v1/me`: who the request is from; for a session also its CSRF token, so a reloaded dashboard
    /// page can pick it up again.
    func me(_ request: Request) async throws -> Response {
        let identity = try await authenticate(request, needs: .viewer)
        switch identity.credential {
        case .token:
            return jsonResponse(["user": identity.name, "role": identity.role.rawValue, "via": "token"])
        case .session(let session):
            var answer = sessionJSON(session)
            answer["via"] = "session"
            var response = jsonResponse(answer)
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    func sessionJSON(_ session: Session) -> [String: Any] {
        [
            "user": session.userName, "role": session.role.rawValue, "csrf_token": session.csrfToken,
            "expires_at": Self.iso(session.expiresAt),
            "idle_timeout_seconds": Int(configuration.sessions.idleTimeout),
        ]
    }
}
