import Foundation

extension SQLStore {
    static let statusRevisionCursor = "status_revision"

    /// Writes status documents, the messages that announce them (skipping keys already queued) and their audit
    /// entries in one transaction, and returns the new revision.
    public func writeStatus(_ writes: [StatusDocumentWrite], messages: [OutboxDraft] = [], audit: [AuditDraft])
        async throws -> Int64
    {
        let time = now
        return try await backend.transaction(.audit) { connection in
            for write in writes {
                if let body = write.body {
                    try await connection.query(
                        """
                        INSERT INTO status_documents (kind, id, body, updated_at_us) VALUES (?, ?, ?, ?)
                        ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at_us = excluded.updated_at_us
                        """, [.text(write.kind), .text(write.id), .text(body), .int(time)])
                } else {
                    try await connection.query(
                        "DELETE FROM status_documents WHERE kind = ? AND id = ?", [.text(write.kind), .text(write.id)])
                }
            }
            for message in messages {
                _ = try await Self.insert(message, at: time, on: connection)
            }
            let revision = try await Self.bumpStatusRevision(connection)
            _ = try await Self.appendAudit(audit, at: time, on: connection)
            return revision
        }
    }

    /// Queues messages not tied to an incident (mails to the page's subscribers) with their audit entries; a draft
    /// whose idempotency key is already in the outbox is skipped.
    public func queueMessages(_ drafts: [OutboxDraft], audit: [AuditDraft]) async throws -> AlarmWriteResult {
        let time = now
        return try await backend.transaction(.audit) { connection in
            var ids: [Int64] = []
            for draft in drafts {
                if let id = try await Self.insert(draft, at: time, on: connection) { ids.append(id) }
            }
            _ = try await Self.appendAudit(audit, at: time, on: connection)
            return AlarmWriteResult(messageIDs: ids, duplicates: drafts.count - ids.count)
        }
    }

    /// Every status document of `kind` (every one when `nil`), by kind and id.
    public func statusDocuments(kind: String?) async throws -> [StatusDocument] {
        try await backend.transaction(.read) { connection in
            let filter = kind == nil ? "" : "WHERE kind = ? "
            return try await connection.query(
                "SELECT kind, id, body, updated_at_us FROM status_documents \(filter)ORDER BY kind, id",
                kind.map { [.text($0)] } ?? []
            ).map { row in
                StatusDocument(
                    kind: try row.text(0), id: try row.text(1), body: try row.text(2),
                    updatedAt: Timestamp.date(microseconds: try row.int(3)))
            }
        }
    }

    /// The revision of the status record: it grows with every write, so a cache knows when it is stale.
    public func statusRevision() async throws -> Int64 {
        try await backend.transaction(.read) { connection in
            try await Self.cursor(named: Self.statusRevisionCursor, connection)
        }
    }

    /// Signs up `email` (pending until confirmed). An address that is already confirmed stays as it is; one that
    /// left becomes pending again. The audit entry names the subscriber by id only.
    public func subscribe(email: String, language: String, actor: String) async throws -> StatusSubscriber {
        let time = now
        return try await backend.transaction(.audit) { connection in
            if let existing = try await Self.loadSubscriber(email: email, connection) {
                // A confirmed subscription is left alone: anyone can submit an address, so a sign-up must not
                // change what its owner confirmed (the language of their mails included).
                if existing.status == .unsubscribed || (existing.status == .pending && existing.language != language) {
                    let status: SubscriberStatus = .pending
                    try await connection.query(
                        "UPDATE status_subscribers SET status = ?, language = ?, updated_at_us = ? WHERE id = ?",
                        [.text(status.rawValue), .text(language), .int(time), .int(existing.id)])
                    _ = try await Self.appendAudit(
                        [AuditDraft(actor: actor, action: "subscriber.signed_up", subject: "subscriber:\(existing.id)")],
                        at: time, on: connection)
                }
                return try await Self.loadSubscriber(email: email, connection) ?? existing
            }
            let rows = try await connection.query(
                """
                INSERT INTO status_subscribers (email, language, status, created_at_us, updated_at_us)
                VALUES (?, ?, 'pending', ?, ?) RETURNING id
                """, [.text(email), .text(language), .int(time), .int(time)])
            guard let id = try rows.first?.int(0) else { throw StoreError(.conflict, "subscriber not stored") }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: "subscriber.signed_up", subject: "subscriber:\(id)")],
                at: time, on: connection)
            return try await Self.loadSubscriber(id: id, connection)
                ?? StatusSubscriber(
                    id: id, email: email, language: language, status: .pending,
                    createdAt: Timestamp.date(microseconds: time), confirmedAt: nil)
        }
    }

    /// Moves a subscriber to `status` (confirming or unsubscribing); `nil` when there is no such subscriber.
    public func setSubscriber(id: Int64, status: SubscriberStatus, actor: String) async throws -> StatusSubscriber? {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard let subscriber = try await Self.loadSubscriber(id: id, connection) else { return nil }
            guard subscriber.status != status else { return subscriber }
            try await connection.query(
                """
                UPDATE status_subscribers SET status = ?, updated_at_us = ?,
                    confirmed_at_us = CASE WHEN ? = 'confirmed' THEN ? ELSE confirmed_at_us END WHERE id = ?
                """, [.text(status.rawValue), .int(time), .text(status.rawValue), .int(time), .int(id)])
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: "subscriber.\(status.rawValue)", subject: "subscriber:\(id)")],
                at: time, on: connection)
            return try await Self.loadSubscriber(id: id, connection)
        }
    }

    /// Subscribers in `status` (every one when `nil`), by id.
    public func subscribers(status: SubscriberStatus?) async throws -> [StatusSubscriber] {
        try await backend.transaction(.read) { connection in
            let filter = status == nil ? "" : "WHERE status = ? "
            return try await connection.query(
                "SELECT \(Self.subscriberColumns) FROM status_subscribers \(filter)ORDER BY id",
                status.map { [.text($0.rawValue)] } ?? []
            ).map(Self.subscriber)
        }
    }

    /// One subscriber.
    public func subscriber(id: Int64) async throws -> StatusSubscriber? {
        try await backend.transaction(.read) { connection in try await Self.loadSubscriber(id: id, connection) }
    }

    static func bumpStatusRevision(_ connection: SQLConnection) async throws -> Int64 {
        let revision = try await cursor(named: statusRevisionCursor, connection) + 1
        try await setCursor(named: statusRevisionCursor, to: revision, connection)
        return revision
    }

    static let subscriberColumns = "id, email, language, status, created_at_us, confirmed_at_us"

    static func subscriber(_ row: SQLRow) throws -> StatusSubscriber {
        let statusText = try row.text(3)
        guard let status = SubscriberStatus(rawValue: statusText) else {
            throw StoreError(.database, "subscriber has unknown status '\(statusText)'")
        }
        return StatusSubscriber(
            id: try row.int(0), email: try row.text(1), language: try row.text(2), status: status,
            createdAt: Timestamp.date(microseconds: try row.int(4)),
            confirmedAt: try row.optionalInt(5).map(Timestamp.date(microseconds:)))
    }

    static func loadSubscriber(id: Int64, _ connection: SQLConnection) async throws -> StatusSubscriber? {
        try await connection.query(
            "SELECT \(subscriberColumns) FROM status_subscribers WHERE id = ?", [.int(id)]
        ).first.map(subscriber)
    }

    static func loadSubscriber(email: String, _ connection: SQLConnection) async throws -> StatusSubscriber? {
        try await connection.query(
            "SELECT \(subscriberColumns) FROM status_subscribers WHERE email = ?", [.text(email)]
        ).first.map(subscriber)
    }
}
