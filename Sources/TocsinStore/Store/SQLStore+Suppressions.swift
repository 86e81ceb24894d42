import Foundation

extension SQLStore {
    /// Creates or changes a suppression rule.
    public func upsertSuppression(_ rule: SuppressionRule, actor: String) async throws -> SuppressionRule {
        let time = now
        return try await backend.transaction(.audit) { connection in
            let expires = SQLValue(rule.expiresAt.map(Timestamp.microseconds))
            let matcher: [SQLValue] = [
                SQLValue(rule.ruleID), SQLValue(rule.host), SQLValue(rule.field), SQLValue(rule.value),
            ]
            let id: Int64
            let action: String
            if let existing = rule.id {
                let updated = try await connection.query(
                    """
                    UPDATE suppressions SET rule_id = ?, host = ?, field = ?, value = ?, reason = ?, expires_at_us = ?
                    WHERE id = ? RETURNING id
                    """, matcher + [.text(rule.reason), expires, .int(existing)])
                guard !updated.isEmpty else { throw StoreError.notFound("suppression rule \(existing)") }
                (id, action) = (existing, "suppression.updated")
            } else {
                let created = rule.createdAt.map(Timestamp.microseconds) ?? time
                id = try await Self.insertReturningIDs(
                    connection, table: "suppressions",
                    columns: [
                        "rule_id", "host", "field", "value", "reason", "created_by", "created_at_us", "expires_at_us",
                    ],
                    rows: [matcher + [.text(rule.reason), .text(rule.createdBy), .int(created), expires]])[0]
                action = "suppression.created"
            }
            var details: [String: JSONValue] = ["reason": .string(rule.reason)]
            for (key, value) in [
                ("rule_id", rule.ruleID), ("host", rule.host), ("field", rule.field), ("value", rule.value),
            ] {
                if let value { details[key] = .string(value) }
            }
            if let expiresAt = rule.expiresAt {
                details["expires_at"] = .string(Timestamp.rfc3339(microseconds: Timestamp.microseconds(expiresAt)))
            }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: action, subject: "suppression:\(id)", details: details)],
                at: time, on: connection)
            guard
                let stored = try await connection.query(
                    "SELECT \(Self.suppressionColumns) FROM suppressions WHERE id = ?", [.int(id)]
                ).first
            else { throw StoreError.notFound("suppression rule \(id)") }
            return try Self.suppression(stored)
        }
    }

    /// Suppression rules by id: all, or those not yet expired at `activeAt`.
    public func suppressions(activeAt: Date?) async throws -> [SuppressionRule] {
        try await backend.transaction(.read) { connection in
            if let activeAt {
                return try await connection.query(
                    """
                    SELECT \(Self.suppressionColumns) FROM suppressions
                    WHERE expires_at_us IS NULL OR expires_at_us > ? ORDER BY id
                    """, [.int(Timestamp.microseconds(activeAt))]
                ).map(Self.suppression)
            }
            return try await connection.query("SELECT \(Self.suppressionColumns) FROM suppressions ORDER BY id")
                .map(Self.suppression)
        }
    }

    /// Deletes a suppression rule.
    public func deleteSuppression(id: Int64, actor: String) async throws -> Bool {
        let time = now
        return try await backend.transaction(.audit) { connection in
            let deleted = try await connection.query("DELETE FROM suppressions WHERE id = ? RETURNING id", [.int(id)])
            guard !deleted.isEmpty else { return false }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: "suppression.deleted", subject: "suppression:\(id)")],
                at: time, on: connection)
            return true
        }
    }

    static let suppressionColumns = "id, rule_id, host, field, value, reason, created_by, created_at_us, expires_at_us"

    static func suppression(_ row: SQLRow) throws -> SuppressionRule {
        SuppressionRule(
            id: try row.int(0), ruleID: try row.optionalText(1), host: try row.optionalText(2),
            field: try row.optionalText(3), value: try row.optionalText(4), reason: try row.text(5),
            createdBy: try row.text(6), createdAt: Timestamp.date(microseconds: try row.int(7)),
            expiresAt: try row.optionalInt(8).map(Timestamp.date(microseconds:)))
    }
}
