import Foundation

/// Whom to page, in which order and how often, until someone acknowledges (PagerDuty's escalation policy).
///
/// Tier 0 is paged when the escalation starts; each tier's `delay` later the next tier is paged; after the last
/// tier the whole list starts again `repeats` times (PagerDuty's `num_loops`), and then the escalation is exhausted.
public struct EscalationPolicy: Sendable, Hashable, Codable {
    /// A unique name that playbooks and idempotency keys use.
    public var name: String
    /// Which incidents start this policy by themselves; nil means only a playbook starts it.
    public var trigger: AlarmTrigger?
    /// The tiers in paging order.
    public var tiers: [EscalationTier]
    /// How many extra times to page all tiers again when nobody acknowledges (0: each tier once).
    public var repeats: Int

    /// Creates a policy.
    public init(name: String, trigger: AlarmTrigger? = nil, tiers: [EscalationTier], repeats: Int = 0) {
        self.name = name
        self.trigger = trigger
        self.tiers = tiers
        self.repeats = repeats
    }
}

/// One step of an escalation policy: whom to page, and how long to wait before paging the next tier.
public struct EscalationTier: Sendable, Hashable, Codable {
    /// Seconds after this tier is paged that the next tier (or the next loop, or exhaustion) falls due.
    public var delay: TimeInterval
    /// Who is paged.
    public var targets: [AlarmTarget]

    /// Creates a tier.
    public init(delay: TimeInterval, targets: [AlarmTarget]) {
        self.delay = delay
        self.targets = targets
    }
}
