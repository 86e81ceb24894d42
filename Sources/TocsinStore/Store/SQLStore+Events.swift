import Foundation
import TocsinCore

extension SQLStore {
    /// Appends a batch in one transaction; durable (synced) when it returns.
    ///
    /// The batch is stored as one chunk (``EventChunk``), a single row; framing and compression happen here, before
    /// the writer's turn, so they run beside other appends instead of holding the one writer.
    public func appendEvents(_ batch: [StoredEventInput]) async throws -> [Int64] {
        guard !batch.isEmpty else { return [] }
        let chunk = EventChunk.encode(batch)
        if appendsInOneCall, case .postgres(let postgres) = backend {
            var beforeCommit: (@Sendable () throws -> Void)? = nil
            if let failpoint = self.failpoint {
                beforeCommit = { try failpoint.hit("appendEvents.beforeCommit") }
            }
            let first = try await postgres.appendChunk(
                count: batch.count, oldest: chunk.oldest, newest: chunk.newest, codec: chunk.codec,
                framedBytes: chunk.framedBytes, body: chunk.body, beforeCommit: beforeCommit)
            return Array(first...(first + Int64(batch.count) - 1))
        }
        return try await backend.transaction(.appendEvents) { connection in
            let first = try await Self.lastEventID(connection) + 1
            let last = first + Int64(batch.count) - 1
            try await connection.query(
                """
                INSERT INTO event_chunks (first_id, last_id, oldest_at_us, newest_at_us, codec, framed_bytes, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(first), .int(last), .int(chunk.oldest), .int(chunk.newest), .int(chunk.codec),
                    .int(chunk.framedBytes), .blob(chunk.body),
                ])
            try hit("appendEvents.beforeCommit")
            return Array(first...last)
        }
    }

    /// The id of the newest stored event, 0 when none: the last id of the chunk that starts last (chunks never
    /// overlap, and the newest is never purged, so ids are never drawn twice).
    static func lastEventID(_ connection: SQLConnection) async throws -> Int64 {
        try await connection.query("SELECT last_id FROM event_chunks ORDER BY first_id DESC LIMIT 1").first?.int(0)
            ?? 0
    }

    /// Up to `limit` events with ids above `id`, ascending.
    public func events(after id: Int64, limit: Int) async throws -> [StoredEvent] {
        guard limit > 0 else { return [] }
        return try await backend.transaction(.read) { connection in
            // The chunk holding id + 1, if one does, and those after it, a few at a time until `limit` are read.
            var from =
                try await connection.query(
                    "SELECT MAX(first_id) FROM event_chunks WHERE first_id <= ?", [.int(id &+ 1)]
                ).first?.optionalInt(0) ?? id &+ 1
            var events: [StoredEvent] = []
            while events.count < limit {
                let rows = try await connection.query(
                    """
                    SELECT first_id, last_id, oldest_at_us, codec, framed_bytes, source, body FROM event_chunks
                    WHERE first_id >= ? ORDER BY first_id LIMIT 8
                    """, [.int(from)])
                for row in rows {
                    let first = try row.int(0)
                    let last = try row.int(1)
                    let decoded: [EventChunk.Decoded]
                    do {
                        decoded = try EventChunk.decode(
                            codec: try row.int(3), framedBytes: try row.int(4), body: try row.blob(6),
                            count: Int(last - first + 1), oldest: try row.int(2), source: try row.optionalText(5) ?? "")
                    } catch {
                        throw StoreError(
                            .database, "the stored events \(first)...\(last) cannot be read: \(error)",
                            hint: "the database was changed outside Tocsin or damaged; restore it from a backup")
                    }
                    for (offset, event) in decoded.enumerated() where first + Int64(offset) > id {
                        guard events.count < limit else { break }
                        events.append(
                            StoredEvent(
                                id: first + Int64(offset), source: event.source,
                                receivedAt: Timestamp.date(microseconds: event.receivedAt), text: event.text))
                    }
                    from = last + 1
                }
                if rows.count < 8 { break }
            }
            return events
        }
    }

    /// The id of the newest stored event.
    public func lastEventID() async throws -> Int64 {
        try await backend.transaction(.read) { connection in try await Self.lastEventID(connection) }
    }

    /// The id of the last event the detection pipeline finished.
    public func processingCursor() async throws -> Int64 {
        try await backend.transaction(.read) { connection in try await Self.cursor(connection) }
    }

    static func cursor(_ connection: SQLConnection) async throws -> Int64 {
        try await cursor(named: detectionCursor, connection)
    }

    /// The first event of the oldest stored chunk with an event received at or after `time` (the `event_chunks_newest`
    /// index answers it).
    public func firstEventID(receivedSince time: Date) async throws -> Int64? {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT MIN(first_id) FROM event_chunks WHERE newest_at_us >= ?", [.int(Timestamp.microseconds(time))]
            ).first.flatMap { try $0.optionalInt(0) }
        }
    }

    /// A named position of the processing_cursor table (0 when never set).
    static func cursor(named name: String, _ connection: SQLConnection) async throws -> Int64 {
        let rows = try await connection.query("SELECT position FROM processing_cursor WHERE name = ?", [.text(name)])
        return try rows.first?.int(0) ?? 0
    }

    /// Sets a named position of the processing_cursor table.
    static func setCursor(named name: String, to position: Int64, _ connection: SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO processing_cursor (name, position) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET position = excluded.position
            """, [.text(name), .int(position)])
    }

    /// Stores alerts, their audit entries and `audit`, and moves the cursor, in one transaction.
    public func commitProcessing(upTo eventID: Int64, alerts: [NewAlert], audit: [AuditDraft]) async throws
        -> ProcessingCommit
    {
        let time = now
        return try await backend.transaction(.audit) { connection in
            // The cursor, the last event and the audit chain's head in one round trip (the audit lock is held).
            let read = try await connection.query(
                """
                SELECT (SELECT position FROM processing_cursor WHERE name = ?),
                    (SELECT last_id FROM event_chunks ORDER BY first_id DESC LIMIT 1), \(AuditHead.columns)
                """, [.text(Self.detectionCursor)])
            guard let row = read.first else { throw StoreError(.database, "the commit's first read returned no row") }
            let current = try row.optionalInt(0) ?? 0
            let last = try row.optionalInt(1) ?? 0
            let head = try AuditHead(row: row, at: 2)
            guard eventID <= last else {
                throw StoreError.invalid(
                    "cannot move the processing cursor to event \(eventID): the last stored event is \(last)")
            }
            // One bulk insert; a key already stored is skipped, and RETURNING names the rows that went in.
            var values: [SQLValue] = []
            values.reserveCapacity(alerts.count * Self.alertInsertColumns.count)
            for alert in alerts {
                values += [
                    .text(alert.dedupKey), .text(alert.ruleID), .text(alert.title),
                    .text(alert.severity.description), SQLValue(alert.eventID), SQLValue(alert.host),
                    .int(Timestamp.microseconds(alert.createdAt)),
                    .text(try CanonicalJSON.string(of: .object(alert.details))),
                ]
            }
            var stored: [String: Int64] = [:]
            let rows = try await connection.insert(
                into: "alerts", Self.alertInsertColumns, values: values,
                tail: "ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key")
            for row in rows { stored[try row.text(1)] = try row.int(0) }
            // A key twice in one batch is stored once, for its first occurrence.
            var ids: [Int64?] = []
            var entries: [(id: Int64, alert: NewAlert)] = []
            for alert in alerts {
                let id = stored.removeValue(forKey: alert.dedupKey)
                ids.append(id)
                if let id { entries.append((id, alert)) }
            }
            // The stored alerts on the audit log in id order, the order the rows were drawn.
            let drafts = Self.storedDrafts(entries.sorted { $0.id < $1.id })
            try hit("commitProcessing.afterAlerts")
            _ = try await Self.appendAudit(drafts + audit, at: time, on: connection, head: head)
            try hit("commitProcessing.afterAudit")
            let cursor = max(current, eventID)
            try await Self.setCursor(named: Self.detectionCursor, to: cursor, connection)
            try hit("commitProcessing.beforeCommit")
            return ProcessingCommit(cursor: cursor, alertIDs: ids)
        }
    }

    /// The columns of an alert's row, in the order ``commitProcessing(upTo:alerts:audit:)`` gives them.
    static let alertInsertColumns = [
        SQLColumn("dedup_key", .text), SQLColumn("rule_id", .text), SQLColumn("title", .text),
        SQLColumn("severity", .text), SQLColumn("event_id", .int), SQLColumn("host", .text),
        SQLColumn("created_at_us", .int), SQLColumn("details", .text),
    ]

    /// Stored alerts per audit entry (`alerts.stored`); a commit with more has several entries.
    static let alertsPerAuditEntry = 1_000

    /// The audit entries for alerts a commit stored: one `alerts.stored` entry per up to ``alertsPerAuditEntry``
    /// alerts, each alert in it with its id, key, rule, title, severity, event and host.
    ///
    /// An entry per alert had been the largest part of the audit log and of the commit: under sustained ingest a
    /// commit stores hundreds of alerts, and each entry was a row, two index entries and a hash of its own. The
    /// alerts of one commit are one change, made in one transaction; their entry records every one of them.
    static func storedDrafts(_ stored: [(id: Int64, alert: NewAlert)]) -> [AuditDraft] {
        stride(from: 0, to: stored.count, by: alertsPerAuditEntry).map { start in
            let slice = stored[start..<min(start + alertsPerAuditEntry, stored.count)]
            let alerts: [JSONValue] = slice.map { id, alert in
                var details: [String: JSONValue] = [
                    "id": .int(id), "dedup_key": .string(alert.dedupKey), "rule_id": .string(alert.ruleID),
                    "severity": .string(alert.severity.description), "title": .string(alert.title),
                ]
                if let eventID = alert.eventID { details["event_id"] = .int(eventID) }
                if let host = alert.host { details["host"] = .string(host) }
                return .object(details)
            }
            return AuditDraft(
                actor: "system:detection", action: "alerts.stored", subject: "alerts",
                details: [
                    "count": .int(Int64(slice.count)), "first_id": .int(slice.first?.id ?? 0),
                    "last_id": .int(slice.last?.id ?? 0), "alerts": .array(alerts),
                ])
        }
    }

    /// Where ingest stopped reading `path`.
    public func position(for path: String) async throws -> IngestPosition? {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT path, inode, file_offset, updated_at_us FROM ingest_positions WHERE path = ?", [.text(path)]
            ).first.map { row in
                IngestPosition(
                    path: try row.text(0), inode: UInt64(bitPattern: try row.int(1)), offset: try row.int(2),
                    updatedAt: Timestamp.date(microseconds: try row.int(3)))
            }
        }
    }

    /// Records where ingest stopped reading `path`.
    public func setPosition(path: String, inode: UInt64, offset: Int64) async throws {
        let time = now
        try await backend.transaction(.write) { connection in
            try await connection.query(
                """
                INSERT INTO ingest_positions (path, inode, file_offset, updated_at_us) VALUES (?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET inode = excluded.inode, file_offset = excluded.file_offset,
                    updated_at_us = excluded.updated_at_us
                """, [.text(path), .int(Int64(bitPattern: inode)), .int(offset), .int(time)])
        }
    }
}
