import Foundation
import Hummingbird
import NIOCore
import TocsinCore
import TocsinResponse
import TocsinStore

/// Service continuity over the API: the catalogue, containment (what-if, then recorded), the restoration plan and
/// each service's recovery, and the public page's incidents, maintenance windows and hand-set component states.
extension API {
    func registerContinuity(on router: Router<TocsinRequestContext>) {
        router.get("/api/v1/continuity/catalogue") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            return try encoded(try desk().requireGraph().catalogue)
        }
        router.post("/api/v1/continuity/impact") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: Self.targetsExample)
            let (impact, plan) = try await desk().whatIf(try Self.targets(object))
            return try encoded(ImpactAnswer(impact: impact, plan: plan))
        }
        router.get("/api/v1/continuity/containments") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            return try encoded(["containments": try await desk().state().containments])
        }
        router.post("/api/v1/continuity/containments") { request, _ in
            let identity = try await authenticate(request, needs: .responder)
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: Self.targetsExample)
            guard let reason = object["reason"] as? String, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw refuse(.badRequest, .badRequest, "a containment needs a reason: \(Self.targetsExample)")
            }
            let record = try await desk().contain(try Self.targets(object), reason: reason, actor: identity.actor)
            return try encoded(record, status: .created)
        }
        router.post("/api/v1/continuity/containments/:id/lift") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            return try encoded(try await desk().lift(context.parameters.get("id") ?? "", actor: identity.actor))
        }
        router.get("/api/v1/continuity/services") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let desk = try desk()
            let graph = try desk.requireGraph()
            let state = try await desk.state()
            let components = state.components(in: graph, at: clock())
            let services = components.map { component in
                ServiceAnswer(
                    id: component.id, name: component.name, status: component.status, reason: component.reason,
                    recovery: state.recoveries[component.id]?.recovery)
            }
            return try encoded(["services": services])
        }
        router.get("/api/v1/continuity/plan") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let (plan, progress, _) = try await desk().restoration()
            return try encoded(PlanAnswer(plan: plan, progress: progress))
        }
        router.post("/api/v1/continuity/services/:id/recovery") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: Self.recoveryExample)
            let record = try await desk().recover(
                context.parameters.get("id") ?? "", try Self.recoveryEvent(object), actor: identity.actor)
            return try encoded(record)
        }
        registerStatusRecord(on: router)
    }

    /// The desk, or a 404 when the status page is not set up.
    func desk() throws -> ContinuityDesk<S> {
        guard let status else { throw refuse(.notFound, .notFound, "service continuity is not set up") }
        return status.desk
    }

    static var targetsExample: String { #"{"targets": [{"kind": "data_centre", "id": "rz-nord"}], "reason": "…"}"# }
    static var recoveryExample: String {
        #"{"event": "start_restoring" | "start_emergency_operation" | "return_to_regular" | "take_down" | "schedule_planned_outage" | "cancel_planned_outage", "note": "…", "start": "2026-12-03T06:00:00Z", "end": "…"}"#
    }

    static func targets(_ object: [String: Any]) throws -> Set<ContainmentTarget> {
        guard let items = object["targets"] as? [[String: Any]], !items.isEmpty else {
            throw APIError(.badRequest, "targets must be a non-empty list like \(targetsExample)")
        }
        var targets: Set<ContainmentTarget> = []
        for item in items {
            guard let kind = item["kind"] as? String, let id = item["id"] as? String, !id.isEmpty else {
                throw APIError(.badRequest, "each target needs a kind and an id: \(targetsExample)")
            }
            switch kind {
            case "system": targets.insert(.system(id))
            case "data_centre": targets.insert(.dataCentre(id))
            case "service": targets.insert(.service(id))
            default: throw APIError(.badRequest, "a target's kind is system, data_centre or service, not '\(kind)'")
            }
        }
        return targets
    }

    /// A text in the body: a string (German, and the same for English), or `{"de": …, "en": …}`.
    static func localized(_ value: Any?, _ field: String) throws -> LocalizedText? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String: return LocalizedText(text)
        case let object as [String: Any]:
            guard let german = object["de"] as? String, object["en"] == nil || object["en"] is String else {
                throw APIError(.badRequest, "\(field) must be a string or {\"de\": …, \"en\": …} with German required")
            }
            let english = (object["en"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            return LocalizedText(de: german, en: english)
        default:
            throw APIError(.badRequest, "\(field) must be a string or {\"de\": …, \"en\": …}")
        }
    }

    static func date(_ value: Any?, _ field: String) throws -> Date? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String, let date = try? Date(text, strategy: .iso8601) else {
            throw APIError(.badRequest, "\(field) must be an ISO 8601 time such as 2026-12-03T06:00:00Z")
        }
        return date
    }

    static func recoveryEvent(_ object: [String: Any]) throws -> RecoveryEvent {
        let note = try localized(object["note"], "note")
        switch object["event"] as? String {
        case "start_restoring": return .startRestoring
        case "start_emergency_operation":
            guard let note else { throw APIError(.badRequest, "emergency operation needs a note: what the workaround is") }
            return .startEmergencyOperation(note: note)
        case "return_to_regular": return .returnToRegular
        case "take_down": return .takeDown(reason: note ?? LocalizedText(de: "Außer Betrieb genommen", en: "Taken down"))
        case "schedule_planned_outage":
            guard let start = try date(object["start"], "start"), let end = try date(object["end"], "end") else {
                throw APIError(.badRequest, "a planned outage needs start and end")
            }
            return .schedulePlannedOutage(
                start: start, end: end,
                reason: note ?? LocalizedText(de: "Rückführung in den Regelbetrieb", en: "Return to regular operation"))
        case "cancel_planned_outage": return .cancelPlannedOutage
        default: throw APIError(.badRequest, "the body must be like \(recoveryExample)")
        }
    }

    /// A Codable answer in the API's spelling: snake_case keys, ISO 8601 times.
    func encoded<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

struct ImpactAnswer: Encodable {
    var impact: ContainmentImpact
    var plan: RestorationPlan
}

struct PlanAnswer: Encodable {
    var plan: RestorationPlan
    var progress: RecoveryProgress
}

struct ServiceAnswer: Encodable {
    var id: String
    var name: LocalizedText
    var status: ComponentStatus
    var reason: ComponentReason?
    var recovery: ServiceRecovery?
}
