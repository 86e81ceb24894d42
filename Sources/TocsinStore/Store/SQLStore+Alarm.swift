import Foundation

extension SQLStore {
    /// Writes one alarm decision in one transaction.
    public func recordAlarm(_ write: AlarmWrite, actor: String) async throws -> AlarmWriteResult {
        let time = now
        return try await backend.transaction(.audit) { connection in
            var audit: [AuditDraft] = []
            let subject = "incident:\(write.incidentID)"
            for playbook in write.playbooks {
                let inserted = try await connection.query(
                    """
                    INSERT INTO playbook_runs (incident_id, playbook, ran_at_us) VALUES (?, ?, ?)
                    ON CONFLICT (incident_id, playbook) DO NOTHING RETURNING playbook
                    """, [.int(write.incidentID), .text(playbook), .int(time)])
                if !inserted.isEmpty {
                    audit.append(
                        AuditDraft(
                            actor: actor, action: "playbook.ran", subject: subject,
                            details: ["playbook": .string(playbook)]))
                }
            }
            for escalation in write.escalations {
                try await Self.save(escalation, at: time, on: connection)
            }
            var ids: [Int64] = []
            for message in write.messages {
                guard let id = try await Self.insert(message, at: time, on: connection) else { continue }
                ids.append(id)
                var details: [String: JSONValue] = [
                    "message_id": .int(id), "contact": .string(message.contact), "channel": .string(message.channel),
                    "template": .string(message.template), "cause": .string(message.cause),
                    "status": .string(message.status.rawValue), "key": .string(message.idempotencyKey),
                ]
                if let address = message.address { details["address"] = .string(address) }
                audit.append(
                    AuditDraft(
                        actor: actor, action: "message.queued",
                        subject: message.incidentID.map { "incident:\($0)" } ?? "message:\(id)", details: details))
            }
            _ = try await Self.appendAudit(audit + write.audit, at: time, on: connection)
            return AlarmWriteResult(messageIDs: ids, duplicates: write.messages.count - ids.count)
        }
    }

    /// The playbooks that ran for an incident and its escalations.
    public func alarmState(incidentID: Int64) async throws -> IncidentAlarmState {
        try await backend.transaction(.read) { connection in
            let playbooks = try await connection.query(
                "SELECT playbook FROM playbook_runs WHERE incident_id = ?", [.int(incidentID)]
            ).map { try $0.text(0) }
            let escalations = try await connection.query(
                "SELECT \(Self.escalationColumns) FROM escalations WHERE incident_id = ? ORDER BY id",
                [.int(incidentID)]
            ).map(Self.escalation)
            return IncidentAlarmState(playbooks: Set(playbooks), escalations: escalations)
        }
    }

    /// Active escalations due at `time`, soonest first.
    public func dueEscalations(at time: Date, limit: Int) async throws -> [EscalationRecord] {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                """
                SELECT \(Self.escalationColumns) FROM escalations
                WHERE status = 'active' AND next_due_at_us IS NOT NULL AND next_due_at_us <= ?
                ORDER BY next_due_at_us, id LIMIT ?
                """, [.int(Timestamp.microseconds(time)), .int(Int64(max(0, limit)))]
            ).map(Self.escalation)
        }
    }

    /// Messages due at `time`, oldest first.
    public func dueMessages(at time: Date, limit: Int) async throws -> [OutboxMessage] {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                """
                SELECT \(Self.outboxColumns) FROM outbox
                WHERE status IN ('pending', 'retrying') AND next_attempt_at_us <= ?
                ORDER BY next_attempt_at_us, id LIMIT ?
                """, [.int(Timestamp.microseconds(time)), .int(Int64(max(0, limit)))]
            ).map(Self.outboxMessage)
        }
    }

    /// The earliest next attempt of a due message.
    public func nextMessageAttempt() async throws -> Date? {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT MIN(next_attempt_at_us) FROM outbox WHERE status IN ('pending', 'retrying')"
            ).first.flatMap { try $0.optionalInt(0) }.map(Timestamp.date(microseconds:))
        }
    }

    /// Records one delivery attempt.
    public func recordDelivery(id: Int64, result: DeliveryResult, actor: String) async throws -> OutboxMessage {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard let message = try await Self.loadMessage(id, connection) else {
                throw StoreError.notFound("message \(id)")
            }
            guard message.status.isDue else { return message }
            let attempts = Int64(message.attempts + 1)
            let action: String
            var details: [String: JSONValue] = ["message_id": .int(id), "attempt": .int(attempts)]
            switch result {
            case .delivered(let detail):
                try await connection.query(
                    """
                    UPDATE outbox SET status = 'delivered', attempts = ?, next_attempt_at_us = NULL,
                        delivery_detail = ?, delivered_at_us = ?, updated_at_us = ? WHERE id = ?
                    """, [.int(attempts), .text(detail), .int(time), .int(time), .int(id)])
                action = "message.delivered"
                details["detail"] = .string(detail)
            case .failed(let error, let retryAt):
                let status: OutboxStatus = retryAt == nil ? .dead : .retrying
                try await connection.query(
                    """
                    UPDATE outbox SET status = ?, attempts = ?, next_attempt_at_us = ?, last_error = ?,
                        updated_at_us = ? WHERE id = ?
                    """,
                    [
                        .text(status.rawValue), .int(attempts), SQLValue(retryAt.map(Timestamp.microseconds)),
                        .text(error), .int(time), .int(id),
                    ])
                action = retryAt == nil ? "message.dead" : "message.failed"
                details["error"] = .string(error)
                if let retryAt { details["retry_at"] = .string(Timestamp.rfc3339(microseconds: Timestamp.microseconds(retryAt))) }
            }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: action, subject: Self.subject(of: message), details: details)],
                at: time, on: connection)
            return try await Self.loadMessage(id, connection) ?? message
        }
    }

    /// Messages, newest first.
    public func messages(incidentID: Int64?, status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage] {
        try await backend.transaction(.read) { connection in
            var filters: [String] = []
            var binds: [SQLValue] = []
            if let incidentID {
                filters.append("incident_id = ?")
                binds.append(.int(incidentID))
            }
            if let status {
                filters.append("status = ?")
                binds.append(.text(status.rawValue))
            }
            let filter = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ") + " "
            return try await connection.query(
                "SELECT \(Self.outboxColumns) FROM outbox \(filter)ORDER BY id DESC LIMIT ?",
                binds + [.int(Int64(max(0, limit)))]
            ).map(Self.outboxMessage)
        }
    }

    /// One message.
    public func message(id: Int64) async throws -> OutboxMessage? {
        try await backend.transaction(.read) { connection in try await Self.loadMessage(id, connection) }
    }

    /// Approves or discards a draft.
    public func decideDraft(id: Int64, approve: Bool, actor: String) async throws -> OutboxMessage {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard let message = try await Self.loadMessage(id, connection) else {
                throw StoreError.notFound("message \(id)")
            }
            guard message.status == .awaitingApproval else {
                throw StoreError(
                    .conflict, "message \(id) is \(message.status.rawValue), not awaiting approval",
                    hint: "only drafts can be approved or discarded")
            }
            if approve {
                try await connection.query(
                    """
                    UPDATE outbox SET status = 'pending', next_attempt_at_us = ?, approved_by = ?, updated_at_us = ?
                    WHERE id = ?
                    """, [.int(time), .text(actor), .int(time), .int(id)])
            } else {
                try await connection.query(
                    "UPDATE outbox SET status = 'discarded', updated_at_us = ? WHERE id = ?", [.int(time), .int(id)])
            }
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: actor, action: approve ? "message.approved" : "message.discarded",
                        subject: Self.subject(of: message), details: ["message_id": .int(id)])
                ], at: time, on: connection)
            return try await Self.loadMessage(id, connection) ?? message
        }
    }

    static let outboxColumns = """
        id, idempotency_key, incident_id, cause, contact, channel, address, language, template, subject, body_text, \
        body_html, payload, status, attempts, next_attempt_at_us, last_error, delivery_detail, approved_by, \
        created_at_us, updated_at_us, delivered_at_us
        """
    static let escalationColumns = "id, incident_id, policy, state, status, next_due_at_us"

    static func subject(of message: OutboxMessage) -> String {
        message.draft.incidentID.map { "incident:\($0)" } ?? "message:\(message.id)"
    }

    /// Inserts a message unless its key is there; returns the new id.
    static func insert(_ message: OutboxDraft, at time: Int64, on connection: SQLConnection) async throws -> Int64? {
        let due: SQLValue = message.status.isDue ? .int(time) : .null
        let rows = try await connection.query(
            """
            INSERT INTO outbox (idempotency_key, incident_id, cause, contact, channel, address, language, template,
                subject, body_text, body_html, payload, status, attempts, next_attempt_at_us, created_at_us,
                updated_at_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """,
            [
                .text(message.idempotencyKey), SQLValue(message.incidentID), .text(message.cause),
                .text(message.contact), .text(message.channel), SQLValue(message.address), .text(message.language),
                .text(message.template), .text(message.subject), .text(message.text), SQLValue(message.html),
                .text(message.payload), .text(message.status.rawValue), due, .int(time), .int(time),
            ])
        return try rows.first.map { try $0.int(0) }
    }

    /// Creates an escalation (kept when the incident already has one of that policy) or replaces one by id.
    static func save(_ escalation: EscalationRecord, at time: Int64, on connection: SQLConnection) async throws {
        let due = SQLValue(escalation.nextDue.map(Timestamp.microseconds))
        if let id = escalation.id {
            let updated = try await connection.query(
                """
                UPDATE escalations SET state = ?, status = ?, next_due_at_us = ?, updated_at_us = ? WHERE id = ?
                RETURNING id
                """, [.text(escalation.state), .text(escalation.status), due, .int(time), .int(id)])
            guard !updated.isEmpty else { throw StoreError.notFound("escalation \(id)") }
        } else {
            try await connection.query(
                """
                INSERT INTO escalations (incident_id, policy, state, status, next_due_at_us, updated_at_us)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, policy) DO NOTHING
                """,
                [
                    .int(escalation.incidentID), .text(escalation.policy), .text(escalation.state),
                    .text(escalation.status), due, .int(time),
                ])
        }
    }

    static func loadMessage(_ id: Int64, _ connection: SQLConnection) async throws -> OutboxMessage? {
        try await connection.query("SELECT \(outboxColumns) FROM outbox WHERE id = ?", [.int(id)])
            .first.map(outboxMessage)
    }

    static func outboxMessage(_ row: SQLRow) throws -> OutboxMessage {
        guard let status = OutboxStatus(rawValue: try row.text(13)) else {
            throw StoreError(.database, "message \(try row.int(0)) has an unknown status '\(try row.text(13))'")
        }
        let draft = OutboxDraft(
            idempotencyKey: try row.text(1), incidentID: try row.optionalInt(2), cause: try row.text(3),
            contact: try row.text(4), channel: try row.text(5), address: try row.optionalText(6),
            language: try row.text(7), template: try row.text(8), subject: try row.text(9), text: try row.text(10),
            html: try row.optionalText(11), payload: try row.text(12), status: status)
        return OutboxMessage(
            id: try row.int(0), draft: draft, status: status, attempts: Int(try row.int(14)),
            nextAttemptAt: try row.optionalInt(15).map(Timestamp.date(microseconds:)), lastError: try row.optionalText(16),
            deliveryDetail: try row.optionalText(17), createdAt: Timestamp.date(microseconds: try row.int(19)),
            updatedAt: Timestamp.date(microseconds: try row.int(20)),
            deliveredAt: try row.optionalInt(21).map(Timestamp.date(microseconds:)), approvedBy: try row.optionalText(18))
    }

    static func escalation(_ row: SQLRow) throws -> EscalationRecord {
        EscalationRecord(
            id: try row.int(0), incidentID: try row.int(1), policy: try row.text(2), state: try row.text(3),
            status: try row.text(4), nextDue: try row.optionalInt(5).map(Timestamp.date(microseconds:)))
    }
}
