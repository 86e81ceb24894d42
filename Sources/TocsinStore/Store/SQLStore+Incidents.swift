import Foundation
import TocsinCore

extension SQLStore {
    /// Up to `limit` alerts after `id`, ascending.
    public func alerts(after id: Int64, limit: Int) async throws -> [StoredAlert] {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT \(Self.alertColumns) FROM alerts WHERE id > ? ORDER BY id LIMIT ?",
                [.int(id), .int(Int64(max(0, limit)))]
            ).map(Self.storedAlert)
        }
    }

    /// The alert stored under `dedupKey`.
    public func alert(dedupKey: String) async throws -> StoredAlert? {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT \(Self.alertColumns) FROM alerts WHERE dedup_key = ?", [.text(dedupKey)]
            ).first.map(Self.storedAlert)
        }
    }

    /// Creates or changes an incident; an update that changes nothing writes nothing.
    public func upsertIncident(_ draft: IncidentDraft, actor: String) async throws -> Incident {
        let time = now
        return try await backend.transaction(.audit) { connection in
            let id = try await Self.upsert(draft, actor: actor, at: time, on: connection)
            return try await Self.loadIncident(id, connection)
        }
    }

    /// Links an alert to an incident.
    public func attach(alert alertID: Int64, to incidentID: Int64, actor: String) async throws -> Bool {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard try await !connection.query("SELECT id FROM incidents WHERE id = ?", [.int(incidentID)]).isEmpty
            else { throw StoreError.notFound("incident \(incidentID)") }
            guard try await !connection.query("SELECT id FROM alerts WHERE id = ?", [.int(alertID)]).isEmpty
            else { throw StoreError.notFound("alert \(alertID)") }
            return try await !Self.attach([alertID], to: incidentID, actor: actor, at: time, on: connection).isEmpty
        }
    }

    /// Files a batch of alerts into incidents in one transaction: each filing's incident is created or changed to
    /// its draft and its alerts attached, and the filing cursor moves to `alertID`.
    public func fileAlerts(_ filings: [IncidentFiling], upTo alertID: Int64, actor: String) async throws -> [Int64] {
        let time = now
        return try await backend.transaction(.audit) { connection in
            // The filing cursor and the audit chain's head in one round trip (the audit lock is held).
            let read = try await connection.query(
                "SELECT (SELECT position FROM processing_cursor WHERE name = ?), \(AuditHead.columns)",
                [.text(Self.filingCursor)])
            guard let row = read.first else { throw StoreError(.database, "the filing's first read returned no row") }
            let current = try row.optionalInt(0) ?? 0
            let ids = try await Self.file(
                filings, actor: actor, at: time, on: connection, head: try AuditHead(row: row, at: 1))
            try await Self.setCursor(named: Self.filingCursor, to: max(current, alertID), connection)
            return ids
        }
    }

    /// The id of the last alert filed into incidents (0 before the first).
    public func filingCursor() async throws -> Int64 {
        try await backend.transaction(.read) { connection in
            try await Self.cursor(named: Self.filingCursor, connection)
        }
    }

    /// Creates the incident (no id) or changes it, with its audit entry; returns its id.
    static func upsert(_ draft: IncidentDraft, actor: String, at time: Int64, on connection: SQLConnection)
        async throws -> Int64
    {
        guard let id = draft.id else {
            let id = try await insertRecord(draft, at: time, on: connection)
            _ = try await appendAudit([createdDraft(draft, id: id, actor: actor)], at: time, on: connection)
            return id
        }
        // The record alone: an incident's links can run to thousands, and filing touches it every batch.
        guard let old = try await loadIncidentIfAny(id, connection, withAlerts: false) else {
            throw StoreError.notFound("incident \(id)")
        }
        let changes = changes(from: old, to: draft)
        guard !changes.isEmpty else { return id }
        try await writeRecord(draft, id: id, at: time, on: connection)
        _ = try await appendAudit(
            [AuditDraft(actor: actor, action: "incident.updated", subject: "incident:\(id)", details: changes)],
            at: time, on: connection)
        return id
    }

    /// Inserts a new incident's record as `draft` has it (no audit entry); returns its id.
    static func insertRecord(_ draft: IncidentDraft, at time: Int64, on connection: SQLConnection) async throws
        -> Int64
    {
        let opened = draft.openedAt.map(Timestamp.microseconds) ?? time
        return try await insertReturningIDs(
            connection, table: "incidents",
            columns: ["title", "severity", "state", "host", "tags", "opened_at_us", "updated_at_us"],
            rows: [
                [
                    .text(draft.title), .text(draft.severity.description), .text(draft.state),
                    SQLValue(draft.host), .text(try tagsText(draft)), .int(opened), .int(time),
                ]
            ])[0]
    }

    /// A draft's tags as stored: a canonical JSON array.
    private static func tagsText(_ draft: IncidentDraft) throws -> String {
        try CanonicalJSON.string(of: .array(draft.tags.map(JSONValue.string)))
    }

    /// Writes an existing incident's record as `draft` has it.
    static func writeRecord(_ draft: IncidentDraft, id: Int64, at time: Int64, on connection: SQLConnection)
        async throws
    {
        try await connection.query(
            """
            UPDATE incidents SET title = ?, severity = ?, state = ?, host = ?, tags = ?, updated_at_us = ?
            WHERE id = ?
            """,
            [
                .text(draft.title), .text(draft.severity.description), .text(draft.state), SQLValue(draft.host),
                .text(try tagsText(draft)), .int(time), .int(id),
            ])
    }

    /// The `incident.created` entry of a new incident.
    static func createdDraft(_ draft: IncidentDraft, id: Int64, actor: String) -> AuditDraft {
        var details: [String: JSONValue] = [
            "title": .string(draft.title), "severity": .string(draft.severity.description),
            "state": .string(draft.state), "tags": .array(draft.tags.map(JSONValue.string)),
        ]
        if let host = draft.host { details["host"] = .string(host) }
        return AuditDraft(actor: actor, action: "incident.created", subject: "incident:\(id)", details: details)
    }

    /// What `draft` changes of `old`, field by field (`{"from": …, "to": …}`); empty when nothing.
    static func changes(from old: Incident, to draft: IncidentDraft) -> [String: JSONValue] {
        var changes: [String: JSONValue] = [:]
        func note(_ field: String, _ before: JSONValue, _ after: JSONValue) {
            if before != after { changes[field] = .object(["from": before, "to": after]) }
        }
        note("title", .string(old.title), .string(draft.title))
        note("severity", .string(old.severity.description), .string(draft.severity.description))
        note("state", .string(old.state), .string(draft.state))
        note("host", old.host.map(JSONValue.string) ?? .null, draft.host.map(JSONValue.string) ?? .null)
        note("tags", .array(old.tags.map(JSONValue.string)), .array(draft.tags.map(JSONValue.string)))
        return changes
    }

    /// Links alerts to an incident that exists, skipping links already there; the new links on the audit log.
    /// Returns the alert ids newly linked. An alert or incident that does not exist fails as not found.
    static func attach(
        _ alertIDs: [Int64], to incidentID: Int64, actor: String, at time: Int64, on connection: SQLConnection
    ) async throws -> [Int64] {
        let pairs = alertIDs.map { (incident: incidentID, alert: $0) }
        var linked = try await insertLinks(pairs, at: time, on: connection)[incidentID] ?? []
        guard !linked.isEmpty else { return [] }
        linked.sort()
        try await connection.query(
            "UPDATE incidents SET updated_at_us = ? WHERE id = ?", [.int(time), .int(incidentID)])
        _ = try await appendAudit(attachedDrafts(linked, to: incidentID, actor: actor), at: time, on: connection)
        return linked
    }

    /// The incident with its alert ids.
    public func incident(id: Int64) async throws -> Incident? {
        try await backend.transaction(.read) { connection in try await Self.loadIncidentIfAny(id, connection) }
    }

    /// Incidents in `state`, most recently updated first.
    public func incidents(state: String?, limit: Int) async throws -> [Incident] {
        try await backend.transaction(.read) { connection in
            let filter = state == nil ? "" : "WHERE state = ? "
            let binds: [SQLValue] = (state.map { [SQLValue.text($0)] } ?? []) + [.int(Int64(max(0, limit)))]
            let rows = try await connection.query(
                "SELECT \(Self.incidentColumns) FROM incidents \(filter)ORDER BY updated_at_us DESC, id DESC LIMIT ?",
                binds)
            var incidents = try rows.map { try Self.incident($0, alertIDs: []) }
            guard !incidents.isEmpty else { return [] }
            let list = Array(repeating: "?", count: incidents.count).joined(separator: ", ")
            let links = try await connection.query(
                "SELECT incident_id, alert_id FROM incident_alerts WHERE incident_id IN (\(list)) ORDER BY alert_id",
                incidents.map { .int($0.id) })
            var byIncident: [Int64: [Int64]] = [:]
            for link in links { byIncident[try link.int(0), default: []].append(try link.int(1)) }
            for index in incidents.indices { incidents[index].alertIDs = byIncident[incidents[index].id] ?? [] }
            return incidents
        }
    }

    static let alertColumns = "id, dedup_key, rule_id, title, severity, event_id, host, created_at_us, details"
    static let incidentColumns = "id, title, severity, state, host, tags, opened_at_us, updated_at_us"

    static func storedAlert(_ row: SQLRow) throws -> StoredAlert {
        guard case .object(let details) = try JSONParser.parse(try row.text(8)) else {
            throw StoreError(.database, "alert \(try row.int(0)) has details that are not a JSON object")
        }
        let alert = NewAlert(
            dedupKey: try row.text(1), ruleID: try row.text(2), title: try row.text(3),
            severity: try level(row.text(4)), eventID: try row.optionalInt(5), host: try row.optionalText(6),
            createdAt: Timestamp.date(microseconds: try row.int(7)), details: details)
        return StoredAlert(id: try row.int(0), alert: alert)
    }

    static func level(_ name: String) throws -> Level {
        guard let level = Level(name: name) else { throw StoreError(.database, "unknown severity '\(name)' stored") }
        return level
    }

    static func incident(_ row: SQLRow, alertIDs: [Int64]) throws -> Incident {
        guard case .array(let values) = try JSONParser.parse(try row.text(5)) else {
            throw StoreError(.database, "incident \(try row.int(0)) has tags that are not a JSON array")
        }
        return Incident(
            id: try row.int(0), title: try row.text(1), severity: try level(row.text(2)), state: try row.text(3),
            host: try row.optionalText(4), tags: values.compactMap(\.stringValue),
            openedAt: Timestamp.date(microseconds: try row.int(6)),
            updatedAt: Timestamp.date(microseconds: try row.int(7)), alertIDs: alertIDs)
    }

    static func loadIncidentIfAny(_ id: Int64, _ connection: SQLConnection, withAlerts: Bool = true) async throws
        -> Incident?
    {
        guard
            let row = try await connection.query(
                "SELECT \(incidentColumns) FROM incidents WHERE id = ?", [.int(id)]
            ).first
        else { return nil }
        guard withAlerts else { return try incident(row, alertIDs: []) }
        let alertIDs = try await connection.query(
            "SELECT alert_id FROM incident_alerts WHERE incident_id = ? ORDER BY alert_id", [.int(id)]
        ).map { try $0.int(0) }
        return try incident(row, alertIDs: alertIDs)
    }

    static func loadIncident(_ id: Int64, _ connection: SQLConnection) async throws -> Incident {
        guard let incident = try await loadIncidentIfAny(id, connection) else {
            throw StoreError.notFound("incident \(id)")
        }
        return incident
    }
}
