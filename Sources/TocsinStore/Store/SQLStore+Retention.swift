import Foundation

extension SQLStore {
    /// Deletes processed old events and filed old alerts outside open incidents, in bounded transactions.
    ///
    /// Each chunk is one `.audit` transaction: it takes the audit chain's turn, which incident changes, filing and
    /// attaching take too, so no alert can join an open incident between the check and the delete. Each chunk that
    /// deletes anything writes its own `retention.purged` entry in the same transaction, so the audit log accounts for
    /// every deleted row even if the process dies between chunks (one entry at the end could be lost with the last
    /// chunks already committed).
    public func purge(_ cutoffs: RetentionCutoffs, chunkSize: Int) async throws -> RetentionPurge {
        let limit = max(1, min(chunkSize, 10_000))
        let eventsBefore = Timestamp.microseconds(cutoffs.eventsReceivedBefore)
        let alertsBefore = Timestamp.microseconds(cutoffs.alertsCreatedBefore)
        var total = RetentionPurge()
        while true {
            let (chunk, moreEvents) = try await purgeChunk(
                eventsBefore: eventsBefore, alertsBefore: alertsBefore, limit: limit)
            total.chunks += 1
            total.events += chunk.events
            total.alerts += chunk.alerts
            total.incidentLinks += chunk.incidentLinks
            if !moreEvents && chunk.alerts < limit { return total }
        }
    }

    /// One transaction of ``purge(_:chunkSize:)``; `moreEvents` when old events were left for the next one.
    private func purgeChunk(
        eventsBefore: Int64, alertsBefore: Int64, limit: Int
    ) async throws -> (purge: RetentionPurge, moreEvents: Bool) {
        let time = now
        return try await backend.transaction(.audit) { connection in
            // Only what detection has finished, and never the newest chunk: its last id anchors the cursor and the
            // ids drawn next. Events go in whole chunks (a chunk is one append: an ingest request, a syslog or file
            // batch) once all of a chunk's events are older than the cutoff, oldest first, as many chunks as fit
            // `limit` events (at least one).
            let cursor = try await Self.cursor(connection)
            let newest =
                try await connection.query("SELECT MAX(first_id) FROM event_chunks").first?.optionalInt(0) ?? 0
            let candidates = try await connection.query(
                """
                SELECT first_id, last_id FROM event_chunks
                    WHERE newest_at_us < ? AND last_id <= ? AND first_id < ? ORDER BY newest_at_us, first_id LIMIT ?
                """, [.int(eventsBefore), .int(cursor), .int(newest), .int(Int64(limit))]
            ).map { (first: try $0.int(0), count: Int(try $0.int(1) - $0.int(0) + 1)) }
            var doomed: [Int64] = []
            var events = 0
            for chunk in candidates {
                guard doomed.isEmpty || events + chunk.count <= limit else { break }
                doomed.append(chunk.first)
                events += chunk.count
            }
            try await connection.query("DELETE FROM event_chunks WHERE first_id", in: doomed)
            // Alerts not yet filed into incidents stay until they are; alerts of an incident that is not resolved
            // or closed stay while it is open.
            let filed = try await Self.cursor(named: Self.filingCursor, connection)
            let alertIDs = try await connection.query(
                """
                SELECT a.id FROM alerts a WHERE a.created_at_us < ? AND a.id <= ?
                    AND NOT EXISTS (SELECT 1 FROM incident_alerts l JOIN incidents i ON i.id = l.incident_id
                        WHERE l.alert_id = a.id AND i.state NOT IN ('resolved', 'closed'))
                ORDER BY a.created_at_us LIMIT ?
                """, [.int(alertsBefore), .int(filed), .int(Int64(limit))]
            ).map { try $0.int(0) }
            var links = 0
            if !alertIDs.isEmpty {
                let list = "(" + Array(repeating: "?", count: alertIDs.count).joined(separator: ", ") + ")"
                let binds = alertIDs.map { SQLValue.int($0) }
                links = try await connection.query(
                    "DELETE FROM incident_alerts WHERE alert_id IN \(list) RETURNING alert_id", binds
                ).count
                try await connection.query("DELETE FROM alerts WHERE id IN \(list)", binds)
            }
            let moreEvents = doomed.count < candidates.count
            guard events > 0 || !alertIDs.isEmpty else { return (RetentionPurge(), moreEvents) }
            try hit("purge.beforeAudit")
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: "system:retention", action: "retention.purged", subject: "store",
                        details: [
                            "events": .int(Int64(events)), "alerts": .int(Int64(alertIDs.count)),
                            "incident_links": .int(Int64(links)),
                            "events_received_before": .string(Timestamp.rfc3339(microseconds: eventsBefore)),
                            "alerts_created_before": .string(Timestamp.rfc3339(microseconds: alertsBefore)),
                            "processing_cursor": .int(cursor), "filing_cursor": .int(filed),
                        ])
                ], at: time, on: connection)
            return (RetentionPurge(events: events, alerts: alertIDs.count, incidentLinks: links, chunks: 1), moreEvents)
        }
    }
}
