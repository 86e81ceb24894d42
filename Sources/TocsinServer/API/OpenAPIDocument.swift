/// The OpenAPI description the server serves at `/openapi.yaml`; a test checks every route in it answers.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: Tocsin API
          version: 1.0.0
          description: >
            Ingest of security events and the alerts, incidents and audit log Tocsin derives from them. Every path
            but /health and /openapi.yaml needs an API token (Authorization: Bearer tcn_…); tokens are made with
            `tocsin token add NAME --role viewer|responder|admin`.
        components:
          securitySchemes:
            token: {type: http, scheme: bearer}
          schemas:
            Error:
              type: object
              required: [error]
              properties: {error: {type: string}}
        security: [{token: []}]
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
                "403": {description: "the token's role may not ingest"}
                "413": {description: "the body (or what it inflates to) is too large"}
                "415": {description: "not NDJSON, or an unsupported Content-Encoding"}
                "429": {description: "rate per token exceeded, or detection is behind; see Retry-After"}
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
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                "200": {description: "the changed incident"}
                "400": {description: "the body is not a state change"}
                "404": {description: "no such incident"}
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
