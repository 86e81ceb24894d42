/// The OpenAPI description the server serves at `/openapi.yaml`; a test checks every route in it answers.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: Tocsin API
          version: 1.0.0
          description: >
            Ingest of security events and the alerts, incidents and audit log Tocsin derives from them. Every path
            but /health, /openapi.yaml and /api/v1/login needs an API token (Authorization: Bearer tcn_…), made with
            `tocsin token add NAME --role viewer|responder|admin`, or a person's session cookie from
            POST /api/v1/login (users are made with `tocsin user add NAME --role …`). With the cookie, every request
            but GET must repeat the session's CSRF token in the X-CSRF-Token header, or it is refused with 403.
            Ingest takes tokens only.
        components:
          securitySchemes:
            token: {type: http, scheme: bearer}
            session: {type: apiKey, in: cookie, name: tocsin_session}
          parameters:
            CSRFToken:
              name: X-CSRF-Token
              in: header
              description: The session's csrf_token; required with the session cookie, not with a token.
              schema: {type: string}
          schemas:
            Error:
              type: object
              required: [error]
              properties: {error: {type: string}}
            Session:
              type: object
              required: [user, role, csrf_token, expires_at, idle_timeout_seconds]
              properties:
                user: {type: string}
                role: {type: string, enum: [viewer, responder, admin]}
                csrf_token: {type: string, description: "repeat in X-CSRF-Token on every request but GET"}
                expires_at: {type: string, format: date-time, description: "the absolute end of the session"}
                idle_timeout_seconds: {type: integer, description: "the session ends after this long unused"}
        security: [{token: []}, {session: []}]
        paths:
          /health:
            get:
              security: []
              responses:
                "200": {description: "The server runs; events_pending is the detection backlog."}
          /api/v1/events:
            post:
              summary: Ingest events, one JSON object per line (application/x-ndjson), optionally gzip-encoded.
              description: Answered when the accepted events are durable. Role responder or admin.
              responses:
                "200": {description: "accepted (count) and rejected (line and reason per refused line)"}
                "400": {description: "no line was accepted, or a damaged gzip body"}
                "401": {description: "no or an invalid token"}
                "403": {description: "the token's role may not ingest, or a session was sent instead of a token"}
                "413": {description: "the body (or what it inflates to) is too large"}
                "415": {description: "not NDJSON, or an unsupported Content-Encoding"}
                "429": {description: "rate per token exceeded, or detection is behind; see Retry-After"}
          /api/v1/login:
            post:
              summary: 'Log a person in: {"name": "alice", "password": "…"} as application/json.'
              description: >
                Answers with the session (and its CSRF token) and sets the cookie tocsin_session (HttpOnly,
                SameSite=Strict, Path=/, Secure when sessions.secure_cookie is on). Failed logins are slowed per name
                and per client address; every attempt is on the audit log, never the password.
              security: []
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, password]
                      properties: {name: {type: string}, password: {type: string}}
              responses:
                "200":
                  description: "logged in"
                  headers:
                    Set-Cookie:
                      schema: {type: string}
                      description: "tocsin_session=…; HttpOnly; SameSite=Strict; Path=/"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Session"}}
                "400": {description: "the body is not a login"}
                "401": {description: "the name or the password is wrong (the same answer for both)"}
                "415": {description: "not application/json"}
                "429": {description: "too many failed logins for this name or address; see Retry-After"}
                "503": {description: "too many logins at once; see Retry-After"}
          /api/v1/logout:
            post:
              summary: End the request's session and clear the cookie.
              security: [{session: []}]
              parameters: [{$ref: "#/components/parameters/CSRFToken"}]
              responses:
                "200": {description: "logged out"}
                "400": {description: "the request carries a token, not a session"}
                "401": {description: "no session, or it has ended"}
                "403": {description: "X-CSRF-Token is missing or wrong"}
          /api/v1/me:
            get:
              summary: Who the request is from; for a session also its CSRF token and expiry.
              responses:
                "200": {description: "user, role and via (token or session); with a session the Session fields"}
                "401": {description: "no token or session, or it has ended"}
          /api/v1/alerts:
            get:
              parameters:
                - {name: after, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer, maximum: 1000}}
              responses:
                "200": {description: "alerts with ids above after, ascending"}
          /api/v1/incidents:
            get:
              parameters:
                - {name: state, in: query, schema: {type: string, enum: [new, acknowledged, contained, resolved, closed]}}
                - {name: limit, in: query, schema: {type: integer, maximum: 1000}}
              responses:
                "200": {description: "incidents, most recently updated first"}
                "400": {description: "unknown state"}
          /api/v1/incidents/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                "200": {description: "the incident and its alert ids"}
                "404": {description: "no such incident"}
          /api/v1/incidents/{id}/state:
            post:
              summary: 'Move an incident: {"state": "acknowledged", "note": "…"}. Role responder or admin.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200": {description: "the changed incident"}
                "400": {description: "the body is not a state change"}
                "404": {description: "no such incident"}
                "403": {description: "the role may not, or (with a session) X-CSRF-Token is missing or wrong"}
                "409": {description: "the incident's state does not allow it"}
          /api/v1/audit:
            get:
              parameters:
                - {name: after, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer, maximum: 1000}}
              responses:
                "200": {description: "audit entries with their hashes, ascending"}
          /api/v1/audit/verify:
            get:
              responses:
                "200": {description: "intact, or the first broken link"}
          /metrics:
            get:
              responses:
                "200": {description: "Prometheus text format"}

        """
}
