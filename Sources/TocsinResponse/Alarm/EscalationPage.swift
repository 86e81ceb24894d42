import Foundation

/// One page of one tier: whom to reach, and the key that makes sending it idempotent.
public struct EscalationPage: Sendable, Hashable, Codable {
    /// The incident paged for.
    public var incidentID: String
    /// The policy paging.
    public var policy: String
    /// How often the escalation was restarted by `retrigger` (0 for the first run).
    public var generation: Int
    /// The loop over all tiers, from 0 to the policy's `repeats`.
    public var loop: Int
    /// The tier's index in the policy.
    public var tier: Int
    /// The tier's targets.
    public var targets: [AlarmTarget]
    /// When the page was decided.
    public var time: Date

    /// `escalation:<incident>:<policy>:<generation>:<loop>:<tier>`: unique per page of an escalation, and the same
    /// whenever the same step is computed again, so a replay after a crash sends nothing twice.
    public var key: String { "escalation:\(incidentID):\(policy):\(generation):\(loop):\(tier)" }

    /// Creates a page (the escalation does this).
    public init(
        incidentID: String, policy: String, generation: Int, loop: Int, tier: Int, targets: [AlarmTarget], time: Date
    ) {
        self.incidentID = incidentID
        self.policy = policy
        self.generation = generation
        self.loop = loop
        self.tier = tier
        self.targets = targets
        self.time = time
    }
}
