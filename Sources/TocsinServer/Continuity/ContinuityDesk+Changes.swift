import Foundation
import TocsinCore
import TocsinResponse

/// The desk's changes, one at a time (see ``ContinuityDesk/serialized(_:)``).
extension ContinuityDesk {
    /// Records a containment (``unserializedContain(_:reason:actor:)``).
    func contain(_ targets: Set<ContainmentTarget>, reason: String, actor: String) async throws -> ContainmentRecord {
        try await serialized { try await unserializedContain(targets, reason: reason, actor: actor) }
    }

    /// Lifts a containment.
    func lift(_ id: String, actor: String) async throws -> ContainmentRecord {
        try await serialized { try await unserializedLift(id, actor: actor) }
    }

    /// Moves a service's recovery on.
    func recover(_ service: String, _ event: RecoveryEvent, actor: String) async throws -> RecoveryRecord {
        try await serialized { try await unserializedRecover(service, event, actor: actor) }
    }

    /// Sets or clears a component's hand-set state.
    func override(_ component: String, with value: ComponentOverride?, actor: String) async throws {
        try await serialized { try await unserializedOverride(component, with: value, actor: actor) }
    }

    /// Posts an update to the public page.
    func post(_ update: PublicUpdate, actor: String) async throws -> StatusIncident {
        try await serialized { try await unserializedPost(update, actor: actor) }
    }

    /// Schedules a maintenance window.
    func schedule(
        title: LocalizedText, body: LocalizedText, components: [String], from start: Date, until end: Date,
        actor: String
    ) async throws -> ScheduledMaintenance {
        try await serialized {
            try await unserializedSchedule(
                title: title, body: body, components: components, from: start, until: end, actor: actor)
        }
    }

    /// Adds an update to a maintenance window.
    func updateMaintenance(_ id: String, phase: MaintenancePhase, body: LocalizedText, actor: String) async throws
        -> ScheduledMaintenance
    {
        try await serialized { try await unserializedUpdateMaintenance(id, phase: phase, body: body, actor: actor) }
    }
}
