import Foundation
import TocsinCore

/// A containment a responder carried out: systems isolated, a data centre taken offline, services switched off,
/// with the impact it had when it was recorded (the evidence of what was known then).
public struct ContainmentRecord: Sendable, Hashable, Codable, Identifiable {
    /// `c-` and a number, unique in the record.
    public var id: String
    public var targets: [ContainmentTarget]
    /// Why, as the responder wrote it.
    public var reason: String
    /// Who did it.
    public var actor: String
    public var at: Date
    /// The impact computed when it was recorded.
    public var impact: ContainmentImpact
    /// When it was lifted (the systems are back; the services still restart by the plan), and by whom.
    public var liftedAt: Date?
    public var liftedBy: String?

    /// Creates a record.
    public init(
        id: String, targets: [ContainmentTarget], reason: String, actor: String, at: Date, impact: ContainmentImpact,
        liftedAt: Date? = nil, liftedBy: String? = nil
    ) {
        self.id = id
        self.targets = targets
        self.reason = reason
        self.actor = actor
        self.at = at
        self.impact = impact
        self.liftedAt = liftedAt
        self.liftedBy = liftedBy
    }

    /// Whether it is still in force.
    public var isActive: Bool { liftedAt == nil }
}

/// A service's recovery as the record keeps it: the lifecycle, and whether it went down as a precaution (switched
/// off by a containment) rather than by failure.
public struct RecoveryRecord: Sendable, Hashable, Codable {
    public var recovery: ServiceRecovery
    /// True when a containment took it down: the page then says "switched off as a precaution".
    public var precaution: Bool

    /// Creates a record.
    public init(recovery: ServiceRecovery, precaution: Bool) {
        self.recovery = recovery
        self.precaution = precaution
    }
}

/// A state a responder set on a component by hand, overriding what the continuity record says.
public struct ComponentOverride: Sendable, Hashable, Codable {
    public var status: ComponentStatus
    public var reason: ComponentReason?
    public var actor: String
    public var at: Date

    /// Creates an override.
    public init(status: ComponentStatus, reason: ComponentReason?, actor: String, at: Date) {
        self.status = status
        self.reason = reason
        self.actor = actor
        self.at = at
    }
}
