import Foundation
import TocsinCore

extension SQLStore {
    /// Writes a batch of filings inside the caller's transaction, in a handful of statements whatever the number of
    /// incidents: the records of the incidents that exist in one query, the links of all in one bulk insert, and
    /// every audit entry in one append. Returns each filing's incident id.
    ///
    /// The audit log reads as if each filing were written alone, in order: an incident's `incident.created` or
    /// `incident.updated` entry, then an `incident.alerts_attached` entry naming the alerts newly linked to it.
    /// Filing one incident at a time took six to eight round trips per incident; on PostgreSQL a batch of a few
    /// hundred incidents held the pipeline for half a second.
    ///
    /// `head` is the audit chain's last entry when the caller read it in this transaction under the audit lock.
    static func file(
        _ filings: [IncidentFiling], actor: String, at time: Int64, on connection: SQLConnection,
        head: AuditHead? = nil
    ) async throws -> [Int64] {
        var records = try await incidentRecords(Set(filings.compactMap(\.draft.id)), connection)
        var ids: [Int64] = []
        var recordDrafts: [AuditDraft?] = []
        for filing in filings {
            let draft = filing.draft
            guard let id = draft.id else {
                // New incidents are few (one per attack); each is one insert, for its id.
                let id = try await insertRecord(draft, at: time, on: connection)
                ids.append(id)
                recordDrafts.append(createdDraft(draft, id: id, actor: actor))
                continue
            }
            guard let old = records[id] else { throw StoreError.notFound("incident \(id)") }
            ids.append(id)
            let changes = changes(from: old, to: draft)
            guard !changes.isEmpty else {
                recordDrafts.append(nil)
                continue
            }
            try await writeRecord(draft, id: id, at: time, on: connection)
            records[id] = Incident(
                id: id, title: draft.title, severity: draft.severity, state: draft.state, host: draft.host,
                tags: draft.tags, openedAt: old.openedAt, updatedAt: Timestamp.date(microseconds: time), alertIDs: [])
            recordDrafts.append(
                AuditDraft(actor: actor, action: "incident.updated", subject: "incident:\(id)", details: changes))
        }

        // Every link in one bulk insert; a link already there is skipped.
        var pairs: [(incident: Int64, alert: Int64)] = []
        for (filing, id) in zip(filings, ids) { pairs += filing.alertIDs.map { (id, $0) } }
        let linked = try await insertLinks(pairs, at: time, on: connection)
        try await connection.query(
            "UPDATE incidents SET updated_at_us = ? WHERE id", in: linked.keys.sorted(), after: [.int(time)])

        // The audit entries, filing by filing, in one append.
        var drafts: [AuditDraft] = []
        var attachedFor = Set<Int64>()
        for (index, id) in ids.enumerated() {
            if let record = recordDrafts[index] { drafts.append(record) }
            // An incident named twice gets its attachments once, after its first record entry.
            guard attachedFor.insert(id).inserted else { continue }
            drafts += attachedDrafts((linked[id] ?? []).sorted(), to: id, actor: actor)
        }
        _ = try await appendAudit(drafts, at: time, on: connection, head: head)
        return ids
    }

    /// The audit entries for alerts newly linked to an incident: one `incident.alerts_attached` entry per up to
    /// ``alertsPerAuditEntry`` alerts, naming them in id order.
    static func attachedDrafts(_ alertIDs: [Int64], to incidentID: Int64, actor: String) -> [AuditDraft] {
        stride(from: 0, to: alertIDs.count, by: alertsPerAuditEntry).map { start in
            let slice = alertIDs[start..<min(start + alertsPerAuditEntry, alertIDs.count)]
            return AuditDraft(
                actor: actor, action: "incident.alerts_attached", subject: "incident:\(incidentID)",
                details: ["alert_ids": .array(slice.map { .int($0) })])
        }
    }

    /// Inserts incident–alert links, skipping those already there, after checking that every alert and incident named
    /// exists (``StoreError/Kind/notFound`` otherwise, nothing inserted); returns the alerts newly linked, by incident.
    static func insertLinks(
        _ pairs: [(incident: Int64, alert: Int64)], at time: Int64, on connection: SQLConnection
    ) async throws -> [Int64: [Int64]] {
        var linked: [Int64: [Int64]] = [:]
        guard !pairs.isEmpty else { return linked }
        // Each alert and incident named must exist (the table has no foreign keys: see migration 10).
        for (table, wanted) in [("alerts", Set(pairs.map(\.alert))), ("incidents", Set(pairs.map(\.incident)))] {
            let found = try await connection.query("SELECT id FROM \(table) WHERE id", in: wanted.sorted())
            guard found.count < wanted.count else { continue }
            let missing = wanted.subtracting(try found.map { try $0.int(0) }).sorted()
            let named = missing.prefix(5).map(String.init).joined(separator: ", ")
                + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
            let noun = table == "alerts" ? "alert" : "incident"
            throw StoreError(
                .notFound, missing.count == 1 ? "\(noun) \(named) does not exist" : "\(noun)s \(named) do not exist",
                hint: "link only alerts and incidents that are stored")
        }
        let rows = try await connection.insert(
            into: "incident_alerts",
            [SQLColumn("incident_id", .int), SQLColumn("alert_id", .int), SQLColumn("attached_at_us", .int)],
            values: pairs.flatMap { [.int($0.incident), .int($0.alert), .int(time)] },
            tail: "ON CONFLICT (incident_id, alert_id) DO NOTHING RETURNING incident_id, alert_id")
        for row in rows { linked[try row.int(0), default: []].append(try row.int(1)) }
        return linked
    }

    /// The records (without alerts) of the incidents `ids`.
    private static func incidentRecords(_ ids: Set<Int64>, _ connection: SQLConnection) async throws
        -> [Int64: Incident]
    {
        var records: [Int64: Incident] = [:]
        for row in try await connection.query("SELECT \(incidentColumns) FROM incidents WHERE id", in: ids.sorted()) {
            let incident = try incident(row, alertIDs: [])
            records[incident.id] = incident
        }
        return records
    }
}
