import Foundation
import Hummingbird
import NIOCore
import TocsinResponse
import TocsinStore

extension API {
    /// The alarm chain's routes: the outbox with delivery status per message, drafts approved or discarded with one
    /// click, contacts, an incident's escalations, and the acknowledgement link of a page.
    func registerAlarm(on router: Router<TocsinRequestContext>) {
        router.get("/api/v1/messages") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let incident: Int64? =
                request.uri.queryParameters.get("incident") == nil
                ? nil : try queryInteger("incident", in: request, range: 1...Int64.max, fallback: 1)
            var status: OutboxStatus?
            if let name = request.uri.queryParameters.get("status") {
                guard let parsed = OutboxStatus(rawValue: String(name)) else {
                    throw refuse(
                        .badRequest, .badRequest,
                        "status must be one of " + OutboxStatus.allCases.map(\.rawValue).joined(separator: ", "))
                }
                status = parsed
            }
            let limit = try queryInteger("limit", in: request, range: 1...1000, fallback: 100)
            let messages = try await store.messages(incidentID: incident, status: status, limit: limit)
            return jsonResponse(["messages": messages.map(Self.messageJSON)])
        }
        router.get("/api/v1/messages/:id") { request, context in
            _ = try await authenticate(request, needs: .viewer)
            guard let id = context.parameters.get("id", as: Int64.self), let message = try await store.message(id: id)
            else { throw refuse(.notFound, .notFound, "no such message") }
            return jsonResponse(Self.messageJSON(message))
        }
        for (verb, approve) in [("approve", true), ("discard", false)] {
            router.post("/api/v1/messages/:id/\(verb)") { request, context in
                let identity = try await authenticate(request, needs: .responder)
                guard let id = context.parameters.get("id", as: Int64.self) else {
                    throw refuse(.notFound, .notFound, "no such message")
                }
                do {
                    let message = try await store.decideDraft(id: id, approve: approve, actor: identity.actor)
                    if approve { await alarm?.messagesQueued() }
                    return jsonResponse(Self.messageJSON(message))
                } catch let error as StoreError where error.kind == .notFound {
                    throw refuse(.notFound, .notFound, "no such message")
                } catch let error as StoreError where error.kind == .conflict {
                    throw refuse(.conflict, .conflict, error.message)
                }
            }
        }
        router.get("/api/v1/contacts") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            return jsonResponse([
                "contacts": configuration.alarm.configuration.contacts.map { contact -> [String: Any] in
                    [
                        "id": contact.id, "name": contact.name, "organisation": contact.organisation ?? NSNull(),
                        "roles": contact.roles.map(\.rawValue), "language": contact.language.rawValue,
                        "endpoints": contact.endpoints.map { ["channel": $0.channel, "address": $0.address as Any? ?? NSNull()] as [String: Any] },
                    ]
                }
            ])
        }
        router.get("/api/v1/incidents/:id/escalations") { request, context in
            _ = try await authenticate(request, needs: .viewer)
            guard let id = context.parameters.get("id", as: Int64.self), try await store.incident(id: id) != nil else {
                throw refuse(.notFound, .notFound, "no such incident")
            }
            let state = try await store.alarmState(incidentID: id)
            return jsonResponse([
                "playbooks": state.playbooks.sorted(),
                "escalations": state.escalations.map { record -> [String: Any] in
                    [
                        "policy": record.policy, "status": record.status,
                        "next_due": record.nextDue.map { Self.iso($0) as Any } ?? NSNull(),
                    ]
                },
            ])
        }
        router.get("/ack/:token") { request, context in
            try await acknowledgementPage(context.parameters.get("token") ?? "", confirm: false)
        }
        router.post("/ack/:token") { request, context in
            try await acknowledgementPage(context.parameters.get("token") ?? "", confirm: true)
        }
    }

    /// The page an acknowledgement link opens. GET shows the incident and a button; only the POST acknowledges, so a
    /// mail scanner that fetches links cannot acknowledge for the responder.
    func acknowledgementPage(_ token: String, confirm: Bool) async throws -> Response {
        guard let links else { return AcknowledgementPage.response(.unavailable) }
        let grant: AcknowledgementLinks.Grant
        do {
            grant = try links.verify(token, at: clock())
        } catch .expired {
            metrics.count(.forbidden)
            return AcknowledgementPage.response(.expired)
        } catch {
            metrics.count(.forbidden)
            return AcknowledgementPage.response(.invalid)
        }
        guard let incident = try await store.incident(id: grant.incidentID) else {
            return AcknowledgementPage.response(.invalid)
        }
        guard confirm else {
            return AcknowledgementPage.response(.confirm(title: incident.title, severity: incident.severity.description, token: token))
        }
        let actor = "link:\(grant.contact)"
        if incident.state == IncidentState.new.rawValue {
            do {
                let updated = try await pipeline.transition(
                    storeID: grant.incidentID, to: .acknowledged, actor: actor, note: "acknowledged by link")
                _ = updated
            } catch is IncidentError {
                // Already moved on (acknowledged meanwhile, or resolved): nothing to stop.
            }
        }
        if let book = await pipeline.incident(storeID: grant.incidentID) {
            try await alarm?.incidentStateChanged(book, storeID: grant.incidentID, actor: actor)
        }
        return AcknowledgementPage.response(.acknowledged(title: incident.title))
    }

    /// A page's acknowledgement link is a credential for its recipient: the API, which viewers read too, shows it
    /// without its token.
    /// The same holds for a subscriber's confirmation and unsubscribe links.
    static func redactLinks(_ text: String) -> String {
        text.replacingOccurrences(of: #"/ack/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"#, with: "/ack/…", options: .regularExpression)
            .replacingOccurrences(
                of: #"/status/(confirm|unsubscribe)/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"#, with: "/status/$1/…",
                options: .regularExpression)
    }

    static func messageJSON(_ message: OutboxMessage) -> [String: Any] {
        let draft = message.draft
        return [
            "id": Int(message.id), "incident_id": draft.incidentID.map { Int($0) as Any } ?? NSNull(),
            "key": draft.idempotencyKey, "cause": draft.cause, "contact": draft.contact, "channel": draft.channel,
            "address": draft.contact.hasPrefix("subscriber:") ? "(subscriber)" as Any : draft.address ?? NSNull() as Any, "language": draft.language, "template": draft.template,
            "subject": draft.subject, "text": redactLinks(draft.text), "status": message.status.rawValue,
            "attempts": message.attempts, "next_attempt_at": message.nextAttemptAt.map { iso($0) as Any } ?? NSNull(),
            "last_error": message.lastError ?? NSNull(), "delivery_detail": message.deliveryDetail ?? NSNull(),
            "created_at": iso(message.createdAt), "delivered_at": message.deliveredAt.map { iso($0) as Any } ?? NSNull(),
            "approved_by": message.approvedBy ?? NSNull(),
        ]
    }
}
