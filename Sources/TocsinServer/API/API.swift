import Foundation
import Hummingbird
import NIOCore
import TocsinCore
import TocsinResponse
import TocsinStore

/// The HTTP API: every route but `/health`, `/openapi.yaml` and the login needs an API token (`Authorization:
/// Bearer …`) or a session cookie from `POST /api/v1/login`.
struct API<S: Store>: Sendable {
    let store: S
    let pipeline: DetectionPipeline<S>
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let clock: @Sendable () -> Date
    let limiter = RateLimiter()
    let tokens = TokenCache()
    let logins: LoginGuard
    /// The alarm chain, when contacts and channels are configured.
    var alarm: AlarmCoordinator<S>? = nil
    var links: AcknowledgementLinks? = nil
    /// Service continuity and the public status page.
    var status: StatusSite<S>? = nil

    func register(on router: Router<TocsinRequestContext>) {
        router.get("/health") { _, _ in
            jsonResponse(["status": "ok", "events_pending": Int(await pipeline.lag)])
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        router.post("/api/v1/events") { request, _ in try await ingest(request) }
        router.post("/api/v1/login") { request, context in try await login(request, address: context.clientAddress) }
        router.post("/api/v1/logout") { request, _ in try await logout(request) }
        router.get("/api/v1/me") { request, _ in try await me(request) }
        registerSuppressions(on: router)
        registerAlarm(on: router)
        registerStatusPage(on: router)
        registerContinuity(on: router)
        registerStatusManage(on: router)
        registerAdmin(on: router)
        router.get("/api/v1/alerts") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let after = try queryInteger("after", in: request, range: 0...Int64.max, fallback: 0)
            let limit = try queryInteger("limit", in: request, range: 1...1000, fallback: 100)
            let alerts = try await store.alerts(after: after, limit: limit)
            return jsonResponse(["alerts": alerts.map(Self.alertJSON)])
        }
        router.get("/api/v1/incidents") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let state: String? = request.uri.queryParameters.get("state").map { String($0) }
            if let state, IncidentState(rawValue: state) == nil {
                throw refuse(.badRequest, .badRequest, Self.stateHint)
            }
            let limit = try queryInteger("limit", in: request, range: 1...1000, fallback: 100)
            let incidents = try await store.incidents(state: state, limit: limit)
            return jsonResponse(["incidents": incidents.map(Self.incidentJSON)])
        }
        router.get("/api/v1/incidents/:id") { request, context in
            _ = try await authenticate(request, needs: .viewer)
            guard let id = context.parameters.get("id", as: Int64.self), let incident = try await store.incident(id: id)
            else { throw refuse(.notFound, .notFound, "no such incident") }
            return jsonResponse(Self.incidentJSON(incident))
        }
        router.get("/api/v1/incidents/:id/timeline") { request, context in
            // The incident's life from the audit log: opened, each alert that joined, state changes, pages,
            // playbooks and messages, each entry with its hash so the chain can be checked against it.
            _ = try await authenticate(request, needs: .viewer)
            guard let id = context.parameters.get("id", as: Int64.self), try await store.incident(id: id) != nil else {
                throw refuse(.notFound, .notFound, "no such incident")
            }
            let after = try queryInteger("after", in: request, range: 0...Int64.max, fallback: 0)
            let limit = try queryInteger("limit", in: request, range: 1...1000, fallback: 100)
            let entries = try await store.auditEntries(subject: "incident:\(id)", after: after, limit: limit)
            return jsonResponse(["incident_id": Int(id), "entries": entries.map(Self.auditJSON)])
        }
        router.post("/api/v1/incidents/:id/state") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw refuse(.notFound, .notFound, "no such incident")
            }
            let example = #"{"state": "acknowledged", "note": "…"}"#
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: example)
            guard let stateName = object["state"] as? String, object["note"] == nil || object["note"] is String else {
                throw refuse(.badRequest, .badRequest, "the body must be a JSON object like \(example)")
            }
            guard let state = IncidentState(rawValue: stateName) else {
                throw refuse(.badRequest, .badRequest, Self.stateHint)
            }
            do {
                let incident = try await pipeline.transition(
                    storeID: id, to: state, actor: identity.actor, note: object["note"] as? String)
                if let alarm, let book = await pipeline.incident(storeID: id) {
                    // The change is stored; should stopping the escalation fail now, its next tick stops it (the
                    // store's incident state is the authority), so the answer stays a success.
                    do {
                        try await alarm.incidentStateChanged(book, storeID: id, actor: identity.actor)
                    } catch {
                        metrics.count(.alarmFailures)
                    }
                }
                return jsonResponse(Self.incidentJSON(incident))
            } catch let error as IncidentError {
                if error.code == "T500" { throw refuse(.notFound, .notFound, error.message) }
                throw refuse(.conflict, .conflict, error.message)
            }
        }
        router.get("/api/v1/audit") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let after = try queryInteger("after", in: request, range: 0...Int64.max, fallback: 0)
            let limit = try queryInteger("limit", in: request, range: 1...1000, fallback: 100)
            let entries = try await store.auditEntries(after: after, limit: limit)
            return jsonResponse(["entries": entries.map(Self.auditJSON)])
        }
        router.get("/api/v1/audit/verify") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            switch try await store.verifyAudit() {
            case .intact(let entries, let head):
                return jsonResponse(["intact": true, "entries": Int(entries), "head": Self.hex(head)])
            case .broken(let problem):
                return jsonResponse(["intact": false, "sequence": Int(problem.sequence), "problem": "\(problem)"])
            }
        }
        router.get("/metrics") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let text = metrics.render(statistics: await pipeline.statistics, pending: await pipeline.lag)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    static var stateHint: String {
        let names: [String] = IncidentState.allCases.map { $0.rawValue }
        return "state must be one of " + names.joined(separator: ", ")
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func alertJSON(_ stored: StoredAlert) -> [String: Any] {
        let alert = stored.alert
        return [
            "id": Int(stored.id), "rule_id": alert.ruleID, "title": alert.title, "level": alert.severity.description,
            "event_id": alert.eventID.map { Int($0) as Any } ?? NSNull(), "host": alert.host ?? NSNull(),
            "created_at": iso(alert.createdAt), "details": jsonObject(.object(alert.details)),
        ]
    }

    static func incidentJSON(_ incident: TocsinStore.Incident) -> [String: Any] {
        [
            "id": Int(incident.id), "title": incident.title, "severity": incident.severity.description,
            "state": incident.state, "host": incident.host ?? NSNull(), "tags": incident.tags,
            "opened_at": iso(incident.openedAt), "updated_at": iso(incident.updatedAt),
            "alert_ids": incident.alertIDs.map { Int($0) },
        ]
    }

    static func auditJSON(_ entry: AuditEntry) -> [String: Any] {
        [
            "sequence": Int(entry.sequence), "time": iso(entry.time), "actor": entry.actor, "action": entry.action,
            "subject": entry.subject, "details": jsonObject(.object(entry.details)), "hash": hex(entry.hash),
            "previous_hash": hex(entry.previousHash),
        ]
    }

    static func jsonObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): Int(number)
        case .double(let number): number
        case .string(let text): text
        case .array(let items): items.map(jsonObject)
        case .object(let members): members.mapValues(jsonObject)
        }
    }
}

/// An error the API answers with its status and a JSON body `{"error": message}`; counted by status.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = jsonResponse(["error": message], status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

/// A JSON response (keys sorted, so answers are stable).
func jsonResponse(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Response(
        status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
