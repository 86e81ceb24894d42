import Foundation
import Hummingbird
import TocsinStore

extension API {
    /// The longest a suppression may last: known noise is looked at again at least this often.
    static var longestSuppression: TimeInterval { 90 * 86_400 }

    /// `GET /api/v1/suppressions`, `POST /api/v1/suppressions`, `DELETE /api/v1/suppressions/{id}`.
    func registerSuppressions(on router: Router<TocsinRequestContext>) {
        router.get("/api/v1/suppressions") { request, _ in
            _ = try await authenticate(request, needs: .viewer)
            let all = request.uri.queryParameters.get("all")
            guard all == nil || all == "true" || all == "false" else {
                throw refuse(.badRequest, .badRequest, "the query parameter all must be true or false")
            }
            let rules = try await store.suppressions(activeAt: all == "true" ? nil : clock())
            return jsonResponse(["suppressions": rules.map(Self.suppressionJSON)])
        }
        router.post("/api/v1/suppressions") { request, _ in
            let identity = try await authenticate(request, needs: .responder)
            let example = #"{"rule_id": "…", "host": "ws-17", "reason": "backup job", "expires_at": "2026-12-08T00:00:00Z"}"#
            let object = try await jsonObjectBody(request, limit: 64 << 10, example: example)
            let ruleID = object["rule_id"] as? String
            let host = object["host"] as? String
            guard object["rule_id"] == nil || ruleID != nil, object["host"] == nil || host != nil,
                ruleID != nil || host != nil
            else {
                throw refuse(
                    .badRequest, .badRequest, "name a rule_id, a host or both (strings): a suppression of everything hides attacks")
            }
            guard let reason = object["reason"] as? String, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw refuse(.badRequest, .badRequest, "say why in reason: the audit log keeps it")
            }
            let now = clock()
            guard let text = object["expires_at"] as? String, let expires = try? Date(text, strategy: .iso8601) else {
                throw refuse(
                    .badRequest, .badRequest,
                    "expires_at is required, as an ISO 8601 time like 2026-12-08T00:00:00Z: forgotten suppressions hide attacks")
            }
            guard expires > now, expires.timeIntervalSince(now) <= Self.longestSuppression else {
                throw refuse(.badRequest, .badRequest, "expires_at must lie in the future and at most 90 days ahead")
            }
            let stored = try await store.upsertSuppression(
                SuppressionRule(
                    ruleID: ruleID, host: host, reason: reason, createdBy: identity.actor, expiresAt: expires),
                actor: identity.actor)
            try await pipeline.reloadSuppressions()
            return jsonResponse(Self.suppressionJSON(stored), status: .created)
        }
        router.delete("/api/v1/suppressions/:id") { request, context in
            let identity = try await authenticate(request, needs: .responder)
            guard let id = context.parameters.get("id", as: Int64.self),
                try await store.deleteSuppression(id: id, actor: identity.actor)
            else { throw refuse(.notFound, .notFound, "no such suppression") }
            try await pipeline.reloadSuppressions()
            return Response(status: .noContent)
        }
    }

    static func suppressionJSON(_ rule: SuppressionRule) -> [String: Any] {
        [
            "id": rule.id.map { Int($0) as Any } ?? NSNull(), "rule_id": rule.ruleID ?? NSNull(),
            "host": rule.host ?? NSNull(), "reason": rule.reason, "created_by": rule.createdBy,
            "created_at": rule.createdAt.map { iso($0) as Any } ?? NSNull(),
            "expires_at": rule.expiresAt.map { iso($0) as Any } ?? NSNull(),
        ]
    }
}
