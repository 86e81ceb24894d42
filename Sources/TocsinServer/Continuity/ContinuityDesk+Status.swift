import Foundation
import TocsinCore
import TocsinResponse
import TocsinStore

/// An update a responder posts to the public page: to an open incident, or opening a new one (with a title).
struct PublicUpdate: Sendable {
    var incidentID: String?
    var title: LocalizedText?
    var phase: IncidentPhase
    var body: LocalizedText
    /// Component ids the update is about; their state is taken from the record at the time of posting.
    var components: [String]
    var customerActions: [LocalizedText] = []
    var nextUpdateAt: Date?
    /// Whether confirmed subscribers get it by mail.
    var notify: Bool
}

extension ContinuityDesk {
    /// The page's organisation and heading.
    nonisolated func pageNames(fallback organisation: String) -> (organisation: LocalizedText, title: LocalizedText) {
        let name = settings.organisation ?? LocalizedText(organisation)
        let title =
            settings.title
            ?? LocalizedText(de: "Statusseite \(name.text(in: .de))", en: "\(name.text(in: .en)) status page")
        return (name, title)
    }

    /// The public page as the record has it now.
    func snapshot(organisation: LocalizedText, title: LocalizedText) async throws -> StatusPageSnapshot {
        let revision = try await store.statusRevision()
        return try await state().snapshot(
            in: graph, organisation: organisation, title: title, version: Int(revision), at: clock())
    }

    /// Posts an update; the first one of an incident opens it. Subscribers are mailed in the same transaction.
    func unserializedPost(_ update: PublicUpdate, actor: String) async throws -> StatusIncident {
        let state = try await state()
        let now = clock()
        let components = graph.map { state.components(in: $0, at: now) } ?? []
        var affected: [ComponentImpact] = []
        for id in update.components {
            guard let component = components.first(where: { $0.id == id }) else {
                throw DeskError(.invalid, "no component \(id) on the page")
            }
            affected.append(ComponentImpact(componentID: id, status: component.status, reason: component.reason))
        }
        guard !update.body.de.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DeskError(.invalid, "an update needs a German text (body de); German is authoritative")
        }
        var incident: StatusIncident
        if let id = update.incidentID {
            guard let existing = state.incidents.first(where: { $0.id == id }) else {
                throw DeskError(.notFound, "no public incident \(id)")
            }
            guard !existing.isResolved || update.phase != .resolved else {
                throw DeskError(.conflict, "incident \(id) is already resolved")
            }
            incident = existing
        } else {
            guard let title = update.title, !title.de.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DeskError(.invalid, "a new incident needs a German title (title de)")
            }
            let number = StatusDocuments.nextNumber(prefix: "si-", in: state.incidents.map(\.id))
            incident = StatusIncident(id: "si-\(number)", title: title, createdAt: now, updates: [])
        }
        let version = (incident.updates.map(\.version).max() ?? 0) + 1
        incident.updates.append(
            StatusUpdate(
                id: "\(incident.id)-u\(version)", phase: update.phase, body: update.body, at: now, version: version,
                affectedComponents: affected, nextUpdateAt: update.nextUpdateAt,
                customerActions: update.customerActions, deliverNotifications: update.notify))
        let audit = AuditDraft(
            actor: actor, action: version == 1 ? "status.incident_opened" : "status.incident_updated",
            subject: "status_incident:\(incident.id)",
            details: [
                "version": .int(Int64(version)), "phase": .string(update.phase.rawValue),
                "components": .array(update.components.map { .string($0) }), "notify": .bool(update.notify),
            ])
        var messages: [OutboxDraft] = []
        var entries = [audit]
        if update.notify, let subscriptions {
            messages = try await subscriptions.drafts(for: incident, version: version)
            if !messages.isEmpty {
                entries.append(
                    AuditDraft(
                        actor: "system:status", action: "status.subscribers_notified",
                        subject: "status_incident:\(incident.id)",
                        details: ["version": .int(Int64(version)), "subscribers": .int(Int64(messages.count))]))
            }
        }
        _ = try await store.writeStatus(
            [try StatusDocuments.write(StatusDocuments.incident, incident.id, incident)], messages: messages,
            audit: entries)
        await onChangeAction()
        return incident
    }

    /// Schedules a maintenance window (a planned cut-back, a switch back to regular operation).
    func unserializedSchedule(
        title: LocalizedText, body: LocalizedText, components: [String], from start: Date, until end: Date,
        actor: String
    ) async throws -> ScheduledMaintenance {
        guard end > start else { throw DeskError(.invalid, "a maintenance window must end after it starts") }
        if let graph {
            for id in components where graph.service(id) == nil {
                throw DeskError(.invalid, "no component \(id) on the page")
            }
        }
        let state = try await state()
        let number = StatusDocuments.nextNumber(prefix: "m-", in: state.maintenances.map(\.id))
        let id = "m-\(number)"
        let maintenance = ScheduledMaintenance(
            id: id, title: title, body: body, components: components, scheduledFor: start, scheduledUntil: end,
            updates: [MaintenanceUpdate(id: "\(id)-u1", phase: .scheduled, body: body, at: clock())])
        _ = try await store.writeStatus(
            [try StatusDocuments.write(StatusDocuments.maintenance, id, maintenance)],
            audit: [
                AuditDraft(
                    actor: actor, action: "status.maintenance_scheduled", subject: "maintenance:\(id)",
                    details: [
                        "from": .string(start.formatted(.iso8601)), "until": .string(end.formatted(.iso8601)),
                        "components": .array(components.map { .string($0) }),
                    ])
            ])
        await onChangeAction()
        return maintenance
    }

    /// Adds an update to a maintenance window (verifying, completed, or a note).
    func unserializedUpdateMaintenance(_ id: String, phase: MaintenancePhase, body: LocalizedText, actor: String) async throws
        -> ScheduledMaintenance
    {
        let state = try await state()
        guard var maintenance = state.maintenances.first(where: { $0.id == id }) else {
            throw DeskError(.notFound, "no maintenance window \(id)")
        }
        maintenance.updates.append(
            MaintenanceUpdate(id: "\(id)-u\(maintenance.updates.count + 1)", phase: phase, body: body, at: clock()))
        _ = try await store.writeStatus(
            [try StatusDocuments.write(StatusDocuments.maintenance, id, maintenance)],
            audit: [
                AuditDraft(
                    actor: actor, action: "status.maintenance_updated", subject: "maintenance:\(id)",
                    details: ["phase": .string(phase.rawValue)])
            ])
        await onChangeAction()
        return maintenance
    }
}
