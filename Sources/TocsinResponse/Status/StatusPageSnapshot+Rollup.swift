import Foundation
import TocsinCore

extension StatusPageSnapshot {
    /// The page's roll-up, on Statuspage's scale: the worst of every component's state and every open incident's
    /// impact.
    ///
    /// `none` when everything is operational and no open incident has an impact; `minor` for degraded performance
    /// or maintenance only; `major` for any partial outage; `critical` for any major outage. Open incidents count
    /// so that the page never says "all systems operational" beside an incident that names an outage.
    public var indicator: StatusImpact {
        StatusImpact.worst(of: components.map(\.status.impact) + activeIncidents.map(\.impact))
    }

    /// The headline for the indicator; with nothing affected, an open incident or maintenance-only states get
    /// their own wording.
    public var headline: StatusHeadline {
        switch indicator {
        case .critical: return .majorOutage
        case .major: return .partialOutage
        case .minor:
            let affected = components.filter { $0.status != .operational }
            let maintenanceOnly = affected.allSatisfy { $0.status == .underMaintenance }
            let incidentsQuiet = activeIncidents.allSatisfy { $0.impact == .none }
            return maintenanceOnly && incidentsQuiet ? .maintenance : .minorDisruption
        case .none: return activeIncidents.isEmpty ? .allOperational : .incidentOpen
        }
    }

    /// Incidents not resolved, the most recently updated first.
    public var activeIncidents: [StatusIncident] {
        incidents.filter { !$0.isResolved }.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
    }

    /// Maintenance scheduled, in progress or being verified at `generatedAt`, the earliest start first.
    public var currentMaintenances: [ScheduledMaintenance] {
        maintenances.filter { $0.phase(at: generatedAt) != .completed }
            .sorted { ($0.scheduledFor, $0.id) < ($1.scheduledFor, $1.id) }
    }

    /// Resolved incidents and completed maintenance that ended in the `days` days before `generatedAt`, newest
    /// first.
    public func history(days: Int) -> [StatusHistoryItem] {
        let since = generatedAt.addingTimeInterval(-Double(days) * 86_400)
        let resolved = incidents.filter(\.isResolved).map { StatusHistoryItem.incident($0) }
        let completed = maintenances.compactMap { maintenance in
            maintenance.completedAt(at: generatedAt).map { StatusHistoryItem.maintenance(maintenance, completedAt: $0) }
        }
        return (resolved + completed).filter { $0.endedAt >= since && $0.endedAt <= generatedAt }
            .sorted { ($0.endedAt, $0.id) > ($1.endedAt, $1.id) }
    }

    /// The components by group: groups in the order of their first component's position, components by position;
    /// ungrouped components form a group without a name where their first one stands.
    public var componentGroups: [StatusComponentGroup] {
        let ordered = components.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        var groups: [StatusComponentGroup] = []
        for component in ordered {
            if let index = groups.firstIndex(where: { $0.name == component.group }) {
                groups[index].components.append(component)
            } else {
                groups.append(StatusComponentGroup(name: component.group, components: [component]))
            }
        }
        return groups
    }

    /// The component with `id`, if the snapshot has one.
    public func component(id: String) -> StatusComponent? { components.first { $0.id == id } }
}
