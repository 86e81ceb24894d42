import Foundation
import Hummingbird
import TocsinCore
import TocsinResponse
import TocsinStore

/// The public page's record over the API: incidents and their updates, maintenance windows, hand-set component
/// states. Reading needs a viewer, writing a responder; the public reads the page itself.
extension API {
    func registerStatusRecord(on router: Router<TocsinRequestContext>) {
        router.get("/api/v1/status/incidents") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            return try encoded(["incidents": try await desk().state().incidents.sorted { $0.createdAt > $1.createdAt }])
        }
        router.post("/api/v1/status/incidents") { request, _ in
            let identity = try await authenticate(request, needs: .responder)
            let object = try await jsonObjectBody(request, limit: 256 << 10, example: Self.updateExample)
            var update = try Self.publicUpdate(object)
            update.title = try Self.localized(object["title"], "title")
            return try encoded(try await desk().post(update, actor: identity.actor), status: .created)
        }
        router.post("/api/v1/status/incidents/:id/updates") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            let object = try await jsonObjectBody(request, limit: 256 << 10, example: Self.updateExample)
            var update = try Self.publicUpdate(object)
            update.incidentID = context.parameters.get("id") ?? ""
            return try encoded(try await desk().post(update, actor: identity.actor), status: .created)
        }
        router.get("/api/v1/status/maintenances") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            return try encoded(["maintenances": try await desk().state().maintenances])
        }
        router.post("/api/v1/status/maintenances") { request, _ in
            let identity = try await authenticate(request, needs: .responder)
            let example = #"{"title": {"de": …, "en": …}, "body": …, "components": ["kim"], "from": "…Z", "until": "…Z"}"#
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: example)
            guard let title = try Self.localized(object["title"], "title"),
                let body = try Self.localized(object["body"], "body"),
                let start = try Self.date(object["from"], "from"), let end = try Self.date(object["until"], "until")
            else { throw refuse(.badRequest, .badRequest, "a maintenance window is like \(example)") }
            let components = object["components"] as? [String] ?? []
            return try encoded(
                try await desk().schedule(
                    title: title, body: body, components: components, from: start, until: end, actor: identity.actor),
                status: .created)
        }
        router.post("/api/v1/status/maintenances/:id/updates") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            let example = #"{"phase": "in_progress" | "verifying" | "completed", "body": …}"#
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: example)
            guard let phase = (object["phase"] as? String).flatMap(MaintenancePhase.init(rawValue:)),
                let body = try Self.localized(object["body"], "body")
            else { throw refuse(.badRequest, .badRequest, "a maintenance update is like \(example)") }
            return try encoded(
                try await desk().updateMaintenance(
                    context.parameters.get("id") ?? "", phase: phase, body: body, actor: identity.actor))
        }
        router.put("/api/v1/status/components/:id") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            let example = #"{"status": "partial_outage", "reason": "security_precaution" | null}"#
            let object = try await jsonObjectBody(request, limit: 8 << 10, example: example)
            guard let status = (object["status"] as? String).flatMap(ComponentStatus.init(rawValue:)) else {
                throw refuse(.badRequest, .badRequest, "a component state is like \(example)")
            }
            var reason: ComponentReason?
            if let text = object["reason"] as? String {
                guard let value = ComponentReason(rawValue: text) else {
                    throw refuse(.badRequest, .badRequest, "reason is security_precaution or fallback_active")
                }
                reason = value
            }
            let value = ComponentOverride(status: status, reason: reason, actor: identity.actor, at: clock())
            try await desk().override(context.parameters.get("id") ?? "", with: value, actor: identity.actor)
            return try encoded(value)
        }
        router.delete("/api/v1/status/components/:id") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            try await desk().override(context.parameters.get("id") ?? "", with: nil, actor: identity.actor)
            return Response(status: .noContent)
        }
        router.get("/api/v1/status/subscribers") { request, _ in
            // Counts only: the addresses are personal data nobody needs to read over the API.
            _ = try await authenticate(request, needs: .admin)
            let all = try await store.subscribers(status: nil)
            var counts: [String: Int] = [:]
            for status in SubscriberStatus.allCases { counts[status.rawValue] = all.filter { $0.status == status }.count }
            return jsonResponse(["subscribers": counts])
        }
    }

    static var updateExample: String {
        #"{"title": {"de": …, "en": …} (a new incident only), "phase": "investigating", "body": {"de": …, "en": …}, "components": ["eau"], "customer_actions": [{"de": …, "en": …}], "next_update_at": "…Z", "notify": true}"#
    }

    static func publicUpdate(_ object: [String: Any]) throws -> PublicUpdate {
        guard let phase = (object["phase"] as? String).flatMap(IncidentPhase.init(rawValue:)) else {
            throw APIError(.badRequest, "phase is investigating, identified, monitoring or resolved: \(updateExample)")
        }
        guard let body = try localized(object["body"], "body") else {
            throw APIError(.badRequest, "an update needs a body: \(updateExample)")
        }
        guard object["components"] == nil || object["components"] is [String] else {
            throw APIError(.badRequest, "components is a list of component ids")
        }
        var actions: [LocalizedText] = []
        if let items = object["customer_actions"] {
            guard let list = items as? [Any] else { throw APIError(.badRequest, "customer_actions is a list of texts") }
            actions = try list.compactMap { try localized($0, "customer_actions") }
        }
        return PublicUpdate(
            incidentID: nil, title: nil, phase: phase, body: body, components: object["components"] as? [String] ?? [],
            customerActions: actions, nextUpdateAt: try date(object["next_update_at"], "next_update_at"),
            notify: object["notify"] as? Bool ?? false)
    }
}
