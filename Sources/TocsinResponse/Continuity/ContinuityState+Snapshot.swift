import Foundation
import TocsinCore

extension ContinuityState {
    /// The components of the public page, one per catalogue service in catalogue order.
    ///
    /// Precedence: a hand-set state; maintenance under way (a maintenance window naming the service, or its planned
    /// outage for the switch back); the service's recovery phase (down: major outage, restoring: partial outage,
    /// emergency operation: degraded with the fallback active); otherwise what the current containments and the
    /// services still down do to it through its dependencies (down: major outage, degraded: degraded performance).
    /// A service a containment took down reads "switched off as a precaution".
    public func components(in graph: ServiceGraph, at now: Date) -> [StatusComponent] {
        let impact = graph.impact(of: currentTargets())
        let maintained = Set(
            maintenances.filter { $0.phase(at: now) == .inProgress || $0.phase(at: now) == .verifying }
                .flatMap(\.components))
        return graph.catalogue.services.enumerated().map { index, service in
            var component = StatusComponent(
                id: service.id, name: service.name, group: service.group, description: service.description,
                status: .operational, reason: nil, position: index, fallbackNote: nil)
            let record = recoveries[service.id]
            if let override = overrides[service.id] {
                component.status = override.status
                component.reason = override.reason
            } else if maintained.contains(service.id) || record?.recovery.plannedOutage?.covers(now) == true {
                component.status = .underMaintenance
            } else if let record, record.recovery.phase != .regularOperation {
                switch record.recovery.phase {
                case .down:
                    component.status = .majorOutage
                    component.reason = record.precaution ? .securityPrecaution : nil
                case .restoring:
                    component.status = .partialOutage
                    component.reason = record.precaution ? .securityPrecaution : nil
                case .emergencyOperation, .regularOperation:
                    component.status = .degradedPerformance
                    component.reason = .fallbackActive
                }
            } else {
                switch impact.effect(on: service.id) {
                case .down:
                    component.status = .majorOutage
                    component.reason = .securityPrecaution
                case .degraded: component.status = .degradedPerformance
                case nil: break
                }
            }
            // The public note: the workaround of an emergency operation as the responder described it, else the
            // catalogue's fallback. A take-down reason or a containment's reason is internal and never shown.
            if component.status != .operational {
                let emergency = record?.recovery.phase == .emergencyOperation ? record?.recovery.note : nil
                component.fallbackNote = emergency ?? service.fallback
            }
            return component
        }
    }

    /// Planned outages of services returning to regular operation, as maintenance windows of the page.
    public func plannedOutageMaintenances(in graph: ServiceGraph) -> [ScheduledMaintenance] {
        recoveries.values.compactMap { record -> ScheduledMaintenance? in
            guard let outage = record.recovery.plannedOutage else { return nil }
            let name = graph.service(outage.service)?.name ?? LocalizedText(outage.service)
            let id = "outage-\(outage.service)-\(Int64(outage.start.timeIntervalSince1970))"
            return ScheduledMaintenance(
                id: id,
                title: LocalizedText(
                    de: "Rückführung in den Regelbetrieb: \(name.text(in: .de))",
                    en: "Return to regular operation: \(name.text(in: .en))"),
                body: outage.reason, components: [outage.service], scheduledFor: outage.start,
                scheduledUntil: outage.end,
                updates: [
                    MaintenanceUpdate(id: id + "-announced", phase: .scheduled, body: outage.reason, at: record.recovery.since)
                ])
        }.sorted { ($0.scheduledFor, $0.id) < ($1.scheduledFor, $1.id) }
    }

    /// The public page at `now`, version `version`.
    public func snapshot(
        in graph: ServiceGraph?, organisation: LocalizedText, title: LocalizedText, version: Int, at now: Date
    ) -> StatusPageSnapshot {
        let parts = graph.map { self.components(in: $0, at: now) } ?? []
        let outages = graph.map { plannedOutageMaintenances(in: $0) } ?? []
        return StatusPageSnapshot(
            organisation: organisation, title: title, generatedAt: now, version: version, components: parts,
            incidents: incidents.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) },
            maintenances: (maintenances + outages).sorted { ($0.scheduledFor, $0.id) < ($1.scheduledFor, $1.id) })
    }
}
