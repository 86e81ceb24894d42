import Foundation
import Hummingbird
import TocsinStore

/// Who made a request: a machine with an API token, or a person with a session cookie.
struct Identity: Sendable {
    enum Credential: Sendable {
        case token(id: Int64)
        case session(Session)
    }

    var name: String
    var role: Role
    var credential: Credential

    /// The actor audit entries name: `token:NAME` or `user:NAME`.
    var actor: String {
        switch credential {
        case .token: "token:\(name)"
        case .session: "user:\(name)"
        }
    }
}

extension Role {
    /// How much the role may do (viewer < responder < admin); a route names the least it needs.
    var rank: Int {
        switch self {
        case .viewer: 0
        case .responder: 1
        case .admin: 2
        }
    }
}

extension API {
    /// The request's API token or session, checked against the store, with at least the role `needs`.
    ///
    /// A bearer token wins when both are sent. With a session cookie, every request but GET and HEAD must repeat
    /// the session's CSRF token in `X-CSRF-Token`: the cookie goes with any request the browser makes, the header
    /// only with those the dashboard's own script makes.
    func authenticate(_ request: Request, needs: Role) async throws -> Identity {
        let identity: Identity
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer ") else {
                metrics.count(.unauthenticated)
                throw APIError(.unauthorized, "an API token is required: Authorization: Bearer <token>")
            }
            let secret = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            let hash = TokenSecret.hash(secret)
            var token = tokens.lookup(hash, now: clock())
            if token == nil {
                do {
                    token = try await store.token(hash: hash)
                } catch {
                    // The store is away (a PostgreSQL outage, say): the client should come back, not give up.
                    metrics.count(.storeUnavailable)
                    throw APIError(
                        .serviceUnavailable, "the store is unavailable, so the token cannot be checked; retry later",
                        headers: [.retryAfter: "2"])
                }
                if let token { tokens.remember(token, now: clock()) }
            }
            guard let token else {
                metrics.count(.unauthenticated)
                throw APIError(.unauthorized, "the API token is not valid")
            }
            identity = Identity(name: token.name, role: token.role, credential: .token(id: token.id))
        } else if let secret = SessionCookie.secret(in: request) {
            let session = try await validSession(secret)
            if request.method != .get && request.method != .head {
                let sent = Self.header("x-csrf-token", in: request) ?? ""
                guard SessionCookie.csrfMatches(sent, session.csrfToken) else {
                    metrics.count(.forbidden)
                    throw APIError(
                        .forbidden,
                        "a request with a session cookie must repeat the session's CSRF token in the X-CSRF-Token "
                            + "header (from the login answer or GET /api/v1/me)")
                }
            }
            identity = Identity(name: session.userName, role: session.role, credential: .session(session))
        } else {
            metrics.count(.unauthenticated)
            throw APIError(
                .unauthorized,
                "an API token is required: Authorization: Bearer <token> (or log in at POST /api/v1/login)")
        }
        guard identity.role.rank >= needs.rank else {
            metrics.count(.forbidden)
            let holder = if case .token = identity.credential { "the token" } else { "the user" }
            throw APIError(.forbidden, "this needs the role \(needs.rawValue); \(holder) has \(identity.role.rawValue)")
        }
        return identity
    }

    /// The session `secret` opens, if it has not ended; its last use is recorded at most once a minute.
    func validSession(_ secret: String) async throws -> Session {
        guard let session = try await store.session(hash: TokenSecret.hash(secret)) else {
            metrics.count(.unauthenticated)
            throw APIError(.unauthorized, "the session has ended or is not valid; log in again")
        }
        let now = clock()
        let idleSince = now.addingTimeInterval(-configuration.sessions.idleTimeout)
        guard session.expiresAt > now, session.lastSeenAt >= idleSince else {
            // Housekeeping on the way: this one and any other that ended by time.
            _ = try await store.deleteExpiredSessions(expiredAt: now, idleSince: idleSince)
            metrics.count(.unauthenticated)
            throw APIError(.unauthorized, "the session has expired; log in again")
        }
        if now.timeIntervalSince(session.lastSeenAt) >= 60 {
            try await store.touchSession(id: session.id, at: now)
        }
        return session
    }

    /// The first value of the header called `name` (lowercase), without building an `HTTPField.Name`.
    static func header(_ name: String, in request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }
}
