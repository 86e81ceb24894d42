import Foundation
import TocsinCore

/// Everything the continuity and status record holds at one moment: containments, service recoveries, hand-set
/// component states, public incidents and maintenance windows. The public page is computed from it.
public struct ContinuityState: Sendable, Hashable {
    public var containments: [ContainmentRecord] = []
    /// By service id.
    public var recoveries: [String: RecoveryRecord] = [:]
    /// By component (service) id.
    public var overrides: [String: ComponentOverride] = [:]
    public var incidents: [StatusIncident] = []
    public var maintenances: [ScheduledMaintenance] = []

    /// An empty record.
    public init() {}

    /// The containments still in force.
    public var activeContainments: [ContainmentRecord] { containments.filter(\.isActive) }

    /// Each service's recovery phase (services without a record are missing).
    public var phases: [String: RecoveryPhase] { recoveries.mapValues(\.recovery.phase) }

    /// What is unavailable now: the active containments' targets, and every service that is down or restoring.
    public func currentTargets() -> Set<ContainmentTarget> {
        var targets = Set(activeContainments.flatMap(\.targets))
        for (id, record) in recoveries where record.recovery.phase == .down || record.recovery.phase == .restoring {
            targets.insert(.service(id))
        }
        return targets
    }

    /// The services that are not back in regular operation, and the systems still offline: what the restoration
    /// plan has to bring back.
    public func pendingRestoration(in graph: ServiceGraph) -> (services: Set<String>, systems: Set<String>) {
        let services = Set(recoveries.filter { $0.value.recovery.phase != .regularOperation }.keys)
        let systems = Set(graph.impact(of: Set(activeContainments.flatMap(\.targets))).offlineSystems.map(\.id))
        return (services, systems)
    }
}
