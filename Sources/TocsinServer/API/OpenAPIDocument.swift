/// The OpenAPI description the server serves at `/openapi.yaml`; a test checks every route in it answers.
enum OpenAPIDocument {
    static let yaml = core + continuity

    static let core = """
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
            After:
              name: after
              in: query
              description: Only items after this id or sequence.
              schema: {type: integer, minimum: 0}
            Limit:
              name: limit
              in: query
              description: At most this many items (default 100).
              schema: {type: integer, minimum: 1, maximum: 1000}
          responses:
            Error:
              description: "the request failed; error says why"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            BadRequest:
              description: "a query parameter or the body is not valid"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            Unauthenticated:
              description: "no token or session, or it is not valid or has ended"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            Forbidden:
              description: "the role may not, or (with a session) X-CSRF-Token is missing or wrong"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            NotFound:
              description: "no such incident"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            TooLarge:
              description: "the body is too large"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            UnsupportedMediaType:
              description: "the body is not of the media type the route takes"
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
            RetryLater:
              description: "try again after Retry-After seconds"
              headers:
                Retry-After: {schema: {type: integer}}
              content:
                application/json: {schema: {$ref: "#/components/schemas/Error"}}
          schemas:
            Error:
              type: object
              required: [error]
              additionalProperties: false
              properties: {error: {type: string}}
            Level:
              type: string
              enum: [informational, low, medium, high, critical]
            IncidentState:
              type: string
              enum: [new, acknowledged, contained, resolved, closed]
            Role:
              type: string
              enum: [viewer, responder, admin]
            Health:
              type: object
              required: [status, events_pending]
              additionalProperties: false
              properties:
                status: {type: string, enum: [ok]}
                events_pending: {type: integer, description: "events stored but not yet matched"}
            IngestResult:
              type: object
              required: [accepted, rejected]
              additionalProperties: false
              properties:
                accepted: {type: integer, description: "lines stored (durable when this answer is sent)"}
                rejected:
                  type: array
                  items:
                    type: object
                    required: [line, reason]
                    additionalProperties: false
                    properties:
                      line: {type: integer, description: "1-based line number in the body"}
                      reason: {type: string}
            IngestRefusal:
              type: object
              required: [error, accepted, rejected]
              additionalProperties: false
              properties:
                error: {type: string}
                accepted: {type: integer, enum: [0]}
                rejected: {$ref: "#/components/schemas/IngestResult/properties/rejected"}
            Alert:
              type: object
              required: [id, rule_id, title, level, event_id, host, created_at, details]
              additionalProperties: false
              properties:
                id: {type: integer}
                rule_id: {type: string}
                title: {type: string}
                level: {$ref: "#/components/schemas/Level"}
                event_id: {type: [integer, "null"]}
                host: {type: [string, "null"]}
                created_at: {type: string, format: date-time}
                details: {type: object}
            Suppression:
              type: object
              required: [id, rule_id, host, reason, created_by, created_at, expires_at]
              additionalProperties: false
              properties:
                id: {type: integer}
                rule_id: {type: [string, "null"]}
                host: {type: [string, "null"]}
                reason: {type: string}
                created_by: {type: string}
                created_at: {type: [string, "null"], format: date-time}
                expires_at: {type: [string, "null"], format: date-time}
            Message:
              type: object
              description: "a message of the outbox: what was decided, rendered in full, and its delivery"
              required: [id, incident_id, key, cause, contact, channel, address, language, template, subject, text,
                status, attempts, next_attempt_at, last_error, delivery_detail, created_at, delivered_at, approved_by]
              additionalProperties: false
              properties:
                id: {type: integer}
                incident_id: {type: [integer, "null"]}
                key: {type: string, description: "idempotency key: cause|contact|channel"}
                cause: {type: string}
                contact: {type: string}
                channel: {type: string}
                address: {type: [string, "null"]}
                language: {type: string, enum: [de, en]}
                template: {type: string}
                subject: {type: string}
                text: {type: string}
                status: {type: string, enum: [pending, awaiting_approval, delivered, retrying, dead, discarded]}
                attempts: {type: integer}
                next_attempt_at: {type: [string, "null"], format: date-time}
                last_error: {type: [string, "null"]}
                delivery_detail: {type: [string, "null"]}
                created_at: {type: string, format: date-time}
                delivered_at: {type: [string, "null"], format: date-time}
                approved_by: {type: [string, "null"]}
            Contact:
              type: object
              required: [id, name, organisation, roles, language, endpoints]
              additionalProperties: false
              properties:
                id: {type: string}
                name: {type: string}
                organisation: {type: [string, "null"]}
                roles: {type: array, items: {type: string}}
                language: {type: string, enum: [de, en]}
                endpoints:
                  type: array
                  items:
                    type: object
                    required: [channel, address]
                    additionalProperties: false
                    properties: {channel: {type: string}, address: {type: [string, "null"]}}
            Incident:
              type: object
              required: [id, title, severity, state, host, tags, opened_at, updated_at, alert_ids]
              additionalProperties: false
              properties:
                id: {type: integer}
                title: {type: string}
                severity: {$ref: "#/components/schemas/Level"}
                state: {$ref: "#/components/schemas/IncidentState"}
                host: {type: [string, "null"]}
                tags: {type: array, items: {type: string}}
                opened_at: {type: string, format: date-time}
                updated_at: {type: string, format: date-time}
                alert_ids: {type: array, items: {type: integer}}
            AuditEntry:
              type: object
              required: [sequence, time, actor, action, subject, details, hash, previous_hash]
              additionalProperties: false
              properties:
                sequence: {type: integer}
                time: {type: string, format: date-time}
                actor: {type: string, description: "token:NAME, user:NAME, system or anonymous"}
                action: {type: string}
                subject: {type: string}
                details: {type: object}
                hash: {type: string, description: "hex SHA-256 over the entry and previous_hash"}
                previous_hash: {type: string}
            AuditVerification:
              oneOf:
                - type: object
                  required: [intact, entries, head]
                  additionalProperties: false
                  properties:
                    intact: {type: boolean, enum: [true]}
                    entries: {type: integer}
                    head: {type: string, description: "hex hash of the last entry"}
                - type: object
                  required: [intact, sequence, problem]
                  additionalProperties: false
                  properties:
                    intact: {type: boolean, enum: [false]}
                    sequence: {type: integer, description: "the first entry that does not verify"}
                    problem: {type: string}
            Session:
              type: object
              required: [user, role, csrf_token, expires_at, idle_timeout_seconds]
              additionalProperties: false
              properties:
                user: {type: string}
                role: {$ref: "#/components/schemas/Role"}
                csrf_token: {type: string, description: "repeat in X-CSRF-Token on every request but GET"}
                expires_at: {type: string, format: date-time, description: "the absolute end of the session"}
                idle_timeout_seconds: {type: integer, description: "the session ends after this long unused"}
            Me:
              oneOf:
                - type: object
                  required: [user, role, via]
                  additionalProperties: false
                  properties:
                    user: {type: string}
                    role: {$ref: "#/components/schemas/Role"}
                    via: {type: string, enum: [token]}
                - type: object
                  required: [user, role, via, csrf_token, expires_at, idle_timeout_seconds]
                  additionalProperties: false
                  properties:
                    user: {type: string}
                    role: {$ref: "#/components/schemas/Role"}
                    via: {type: string, enum: [session]}
                    csrf_token: {type: string}
                    expires_at: {type: string, format: date-time}
                    idle_timeout_seconds: {type: integer}
            Token:
              type: object
              required: [id, name, role, created_at, last_used_at]
              additionalProperties: false
              properties:
                id: {type: integer}
                name: {type: string}
                role: {$ref: "#/components/schemas/Role"}
                created_at: {type: string}
                last_used_at: {type: [string, "null"]}
            UserAccount:
              type: object
              required: [id, name, role, created_at]
              additionalProperties: false
              properties:
                id: {type: integer}
                name: {type: string}
                role: {$ref: "#/components/schemas/Role"}
                created_at: {type: string}
            LocalizedText:
              type: object
              required: [de]
              properties: {de: {type: string}, en: {type: string}}
            ComponentStatus:
              type: string
              enum: [operational, degraded_performance, partial_outage, major_outage, under_maintenance]
            ContainmentTarget:
              type: object
              required: [kind, id]
              properties:
                kind: {type: string, enum: [system, data_centre, service]}
                id: {type: string}
            ContainmentImpact:
              type: object
              required: [targets, offline_systems, services, customers]
              properties:
                targets: {type: array, items: {$ref: "#/components/schemas/ContainmentTarget"}}
                unknown_targets: {type: array, items: {$ref: "#/components/schemas/ContainmentTarget"}}
                offline_systems: {type: array, items: {type: object, required: [id, because]}}
                services:
                  type: array
                  items:
                    type: object
                    required: [id, effect, causes]
                    properties:
                      id: {type: string}
                      effect: {type: string, enum: [degraded, down]}
                      causes: {type: array, items: {type: object}}
                customers:
                  type: array
                  items: {type: object, required: [id, effect, services]}
            RestorationPlan:
              type: object
              required: [steps]
              properties:
                steps:
                  type: array
                  items:
                    type: object
                    required: [kind, id, wave]
                    properties:
                      kind: {type: string, enum: [system, service]}
                      id: {type: string}
                      wave: {type: integer}
                      priority: {type: integer}
                      after_systems: {type: array, items: {type: string}}
                      after_services: {type: array, items: {type: string}}
            Containment:
              type: object
              required: [id, targets, reason, actor, at, impact]
              properties:
                id: {type: string}
                targets: {type: array, items: {$ref: "#/components/schemas/ContainmentTarget"}}
                reason: {type: string}
                actor: {type: string}
                at: {type: string}
                impact: {$ref: "#/components/schemas/ContainmentImpact"}
                lifted_at: {type: string}
                lifted_by: {type: string}
            ServiceRecovery:
              type: object
              required: [service, phase, since]
              properties:
                service: {type: string}
                phase: {type: string, enum: [down, restoring, emergency_operation, regular_operation]}
                since: {type: string}
                note: {$ref: "#/components/schemas/LocalizedText"}
                planned_outage: {type: object}
                history: {type: array, items: {type: object}}
            StatusIncident:
              type: object
              required: [id, title, created_at, updates]
              properties:
                id: {type: string}
                title: {$ref: "#/components/schemas/LocalizedText"}
                created_at: {type: string}
                updates:
                  type: array
                  items:
                    type: object
                    required: [id, phase, body, at, version]
                    properties:
                      id: {type: string}
                      phase: {type: string, enum: [investigating, identified, monitoring, resolved]}
                      body: {$ref: "#/components/schemas/LocalizedText"}
                      at: {type: string}
                      version: {type: integer}
        security: [{token: []}, {session: []}]
        paths:
          /health:
            get:
              security: []
              responses:
                "200":
                  description: "The server runs; events_pending is the detection backlog."
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Health"}}
                default: {$ref: "#/components/responses/Error"}
          /openapi.yaml:
            get:
              summary: This document.
              security: []
              responses:
                "200":
                  description: "the OpenAPI document"
                  content:
                    application/yaml: {schema: {type: string}}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/events:
            post:
              summary: Ingest events, one JSON object per line (application/x-ndjson), optionally gzip-encoded.
              description: >
                Answered when the accepted events are durable. Role responder or admin, with an API token.
                Also taken as application/jsonl, application/json and text/plain, each line one JSON object.
                While detection is behind by more than ingest.max_detection_delay, the request is held until it
                catches up (at most 5 s, then 429 with Retry-After; past ingest.queue_events at once).
              requestBody:
                required: true
                content:
                  application/x-ndjson: {schema: {type: string}}
              responses:
                "200":
                  description: "accepted (count) and rejected (line and reason per refused line)"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/IngestResult"}}
                "400":
                  description: "no line was accepted (rejected says why per line), or a damaged gzip body"
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - {$ref: "#/components/schemas/IngestRefusal"}
                          - {$ref: "#/components/schemas/Error"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                "429": {$ref: "#/components/responses/RetryLater"}
                "503": {$ref: "#/components/responses/RetryLater"}
                default: {$ref: "#/components/responses/Error"}
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
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                "429": {$ref: "#/components/responses/RetryLater"}
                "503": {$ref: "#/components/responses/RetryLater"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/logout:
            post:
              summary: End the request's session and clear the cookie.
              security: [{session: []}]
              parameters: [{$ref: "#/components/parameters/CSRFToken"}]
              responses:
                "200":
                  description: "logged out"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [logged_out]
                        additionalProperties: false
                        properties: {logged_out: {type: boolean, enum: [true]}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/me:
            get:
              summary: Who the request is from; for a session also its CSRF token and expiry.
              responses:
                "200":
                  description: "user, role and via (token or session); with a session the Session fields"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Me"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/alerts:
            get:
              parameters:
                - {$ref: "#/components/parameters/After"}
                - {$ref: "#/components/parameters/Limit"}
              responses:
                "200":
                  description: "alerts with ids above after, ascending"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [alerts]
                        additionalProperties: false
                        properties: {alerts: {type: array, items: {$ref: "#/components/schemas/Alert"}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/incidents:
            get:
              parameters:
                - {name: state, in: query, schema: {$ref: "#/components/schemas/IncidentState"}}
                - {$ref: "#/components/parameters/Limit"}
              responses:
                "200":
                  description: "incidents, most recently updated first"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [incidents]
                        additionalProperties: false
                        properties: {incidents: {type: array, items: {$ref: "#/components/schemas/Incident"}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/incidents/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                "200":
                  description: "the incident and its alert ids"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Incident"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/incidents/{id}/state:
            post:
              summary: 'Move an incident: {"state": "acknowledged", "note": "…"}. Role responder or admin.'
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [state]
                      properties:
                        state: {$ref: "#/components/schemas/IncidentState"}
                        note: {type: string}
              responses:
                "200":
                  description: "the changed incident"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Incident"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "the incident's state does not allow it"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/suppressions:
            get:
              summary: "Suppression rules: the active ones, or all with all=true. Any role."
              parameters:
                - {name: all, in: query, required: false, schema: {type: string, enum: ["true", "false"]}}
              responses:
                "200":
                  description: "suppression rules by id"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [suppressions]
                        additionalProperties: false
                        properties:
                          suppressions: {type: array, items: {$ref: "#/components/schemas/Suppression"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                default: {$ref: "#/components/responses/Error"}
            post:
              summary: >
                Known noise: alerts of a rule, a host or both are stored but join no incident until expires_at (at most
                90 days ahead; required). Role responder or admin.
              parameters:
                - {$ref: "#/components/parameters/CSRFToken"}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reason, expires_at]
                      properties:
                        rule_id: {type: string}
                        host: {type: string}
                        reason: {type: string}
                        expires_at: {type: string, format: date-time}
              responses:
                "201":
                  description: "the suppression rule, in force at once"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Suppression"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/suppressions/{id}:
            delete:
              summary: "End a suppression rule now. Role responder or admin."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "204": {description: "deleted"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/incidents/{id}/escalations:
            get:
              summary: "The playbooks that ran for an incident and its escalations."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              responses:
                "200":
                  description: "playbooks and escalations"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [playbooks, escalations]
                        additionalProperties: false
                        properties:
                          playbooks: {type: array, items: {type: string}}
                          escalations:
                            type: array
                            items:
                              type: object
                              required: [policy, status, next_due]
                              additionalProperties: false
                              properties:
                                policy: {type: string}
                                status: {type: string, enum: [active, acknowledged, resolved, exhausted]}
                                next_due: {type: [string, "null"], format: date-time}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/messages:
            get:
              summary: "The outbox, newest first: every message with its delivery status."
              parameters:
                - {name: incident, in: query, schema: {type: integer, minimum: 1}}
                - name: status
                  in: query
                  schema: {type: string, enum: [pending, awaiting_approval, delivered, retrying, dead, discarded]}
                - {$ref: "#/components/parameters/Limit"}
              responses:
                "200":
                  description: "messages"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [messages]
                        additionalProperties: false
                        properties: {messages: {type: array, items: {$ref: "#/components/schemas/Message"}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/messages/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              responses:
                "200":
                  description: "the message"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Message"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/messages/{id}/approve:
            post:
              summary: "Send a draft awaiting approval (a notice to an authority). Role responder or admin."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the message, now pending or discarded"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Message"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "the message is not awaiting approval"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/messages/{id}/discard:
            post:
              summary: "Discard a draft awaiting approval; it is never sent. Role responder or admin."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/CSRFToken"}
              responses:
                "200":
                  description: "the message, now pending or discarded"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Message"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: "the message is not awaiting approval"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Error"}}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/contacts:
            get:
              summary: "The configured contacts with their roles and endpoints."
              responses:
                "200":
                  description: "contacts"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [contacts]
                        additionalProperties: false
                        properties: {contacts: {type: array, items: {$ref: "#/components/schemas/Contact"}}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /ack/{token}:
            get:
              summary: "The page of a page's acknowledgement link: the incident and a button (GET changes nothing)."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "the confirmation page"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid"
                  content:
                    text/html: {schema: {type: string}}
                "404":
                  description: "the alarm chain is not configured"
                  content:
                    text/html: {schema: {type: string}}
                "410":
                  description: "the link has expired"
                  content:
                    text/html: {schema: {type: string}}
            post:
              summary: "Acknowledge the incident the signed link names; its escalations stop."
              security: []
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
              responses:
                "200":
                  description: "acknowledged"
                  content:
                    text/html: {schema: {type: string}}
                "403":
                  description: "the link is not valid"
                  content:
                    text/html: {schema: {type: string}}
                "404":
                  description: "the alarm chain is not configured"
                  content:
                    text/html: {schema: {type: string}}
                "410":
                  description: "the link has expired"
                  content:
                    text/html: {schema: {type: string}}
          /api/v1/audit:
            get:
              parameters:
                - {$ref: "#/components/parameters/After"}
                - {$ref: "#/components/parameters/Limit"}
              responses:
                "200":
                  description: "audit entries with their hashes, ascending"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [entries]
                        additionalProperties: false
                        properties: {entries: {type: array, items: {$ref: "#/components/schemas/AuditEntry"}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/incidents/{id}/timeline:
            get:
              summary: "The incident's timeline from the audit log (opened, alerts joining, state changes, pages, playbooks, messages), each entry with its hash."
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {$ref: "#/components/parameters/After"}
                - {$ref: "#/components/parameters/Limit"}
              responses:
                "200":
                  description: "the incident's audit entries, ascending"
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [incident_id, entries]
                        additionalProperties: false
                        properties:
                          incident_id: {type: integer}
                          entries: {type: array, items: {$ref: "#/components/schemas/AuditEntry"}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                default: {$ref: "#/components/responses/Error"}
          /api/v1/audit/verify:
            get:
              responses:
                "200":
                  description: "intact, or the first broken link"
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/AuditVerification"}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}
          /metrics:
            get:
              responses:
                "200":
                  description: "Prometheus text format"
                  content:
                    text/plain: {schema: {type: string}}
                "401": {$ref: "#/components/responses/Unauthenticated"}
                "403": {$ref: "#/components/responses/Forbidden"}
                default: {$ref: "#/components/responses/Error"}

        """
}
