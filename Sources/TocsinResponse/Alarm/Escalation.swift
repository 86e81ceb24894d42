import Foundation

/// One escalation of one incident under one policy: a state machine the server stores as JSON between ticks.
///
/// The policy is a snapshot taken at the start, so a changed configuration never alters a running escalation
/// (as GitLab's escalation spec asks). Time comes in with every event; the escalation keeps no clock.
///
/// Timing: tier `i` paged at `t` makes the next step due at `t + tiers[i].delay`. The next step is tier `i + 1`;
/// after the last tier it is tier 0 of the next loop while loops remain, else exhaustion.
///
/// Late ticks: a `.tick` long after several steps fell due (the server was down) takes only the next step, once,
/// and schedules the one after from the tick's time. No tier is skipped, since a skipped tier is a person never
/// paged, and none is paged in a burst, since a burst of stale pages helps nobody. So an outage delays an
/// escalation by its length and never compresses it.
public struct Escalation: Sendable, Hashable, Codable {
    /// The incident escalated.
    public let incidentID: String
    /// The policy as it was when the escalation started.
    public let policy: EscalationPolicy
    /// When the escalation started (the first generation's tier 0).
    public let startedAt: Date
    /// How often `retrigger` restarted it; part of every page key.
    public private(set) var generation: Int
    /// The loop of the last page.
    public private(set) var loop: Int
    /// The tier of the last page.
    public private(set) var tier: Int
    /// When the last page was decided.
    public private(set) var pagedAt: Date
    /// Where the escalation stands.
    public private(set) var status: EscalationStatus
    /// When the next step falls due while active.
    private var due: Date

    /// When the caller should tick next: the next step's time while active, nil once stopped.
    public var nextDue: Date? { status == .active ? due : nil }

    /// Whether pages may still follow.
    public var isActive: Bool { status == .active }

    /// The policy's name.
    public var policyName: String { policy.name }

    /// Starts an escalation and pages tier 0 at once.
    ///
    /// A policy without tiers (which validation rejects) starts exhausted and returns `.exhausted`.
    public static func start(
        policy: EscalationPolicy, incidentID: String, at time: Date
    ) -> (Escalation, [EscalationAction]) {
        var escalation = Escalation(incidentID: incidentID, policy: policy, at: time)
        let actions = escalation.page(loop: 0, tier: 0, at: time)
        return (escalation, actions)
    }

    private init(incidentID: String, policy: EscalationPolicy, at time: Date) {
        self.incidentID = incidentID
        self.policy = policy
        startedAt = time
        generation = 0
        loop = 0
        tier = 0
        pagedAt = time
        status = .active
        due = time
    }

    /// Handles one event and says what to do; events that change nothing return no actions.
    ///
    /// `.tick` before `nextDue` or on a stopped escalation, a second `.acknowledge`, `.resolve` of a resolved
    /// escalation and `.retrigger` of an active one return `[]`. `.acknowledge` works on an exhausted escalation
    /// (someone answers late); `.retrigger` restarts an acknowledged, exhausted or resolved one.
    public mutating func handle(_ event: EscalationEvent, at time: Date) -> [EscalationAction] {
        switch event {
        case .tick:
            guard status == .active, time >= due else { return [] }
            return step(at: time)
        case .acknowledge(let actor):
            switch status {
            case .active, .exhausted:
                status = .acknowledged(by: actor, at: time)
                return [.acknowledged(actor: actor)]
            case .acknowledged, .resolved:
                return []
            }
        case .resolve(let actor):
            if case .resolved = status { return [] }
            status = .resolved(by: actor, at: time)
            return [.resolved(actor: actor)]
        case .retrigger:
            guard status != .active else { return [] }
            generation += 1
            status = .active
            return [.restarted(generation: generation)] + page(loop: 0, tier: 0, at: time)
        }
    }

    /// Takes the step after the last page: the next tier, the next loop's tier 0, or exhaustion.
    private mutating func step(at time: Date) -> [EscalationAction] {
        if tier + 1 < policy.tiers.count { return page(loop: loop, tier: tier + 1, at: time) }
        if loop < policy.repeats { return page(loop: loop + 1, tier: 0, at: time) }
        status = .exhausted(at: time)
        return [.exhausted]
    }

    private mutating func page(loop: Int, tier: Int, at time: Date) -> [EscalationAction] {
        guard tier < policy.tiers.count else {
            status = .exhausted(at: time)
            return [.exhausted]
        }
        self.loop = loop
        self.tier = tier
        pagedAt = time
        // A negative delay (which validation rejects) counts as none, so time never runs backwards.
        due = time.addingTimeInterval(max(0, policy.tiers[tier].delay))
        return [
            .page(
                EscalationPage(
                    incidentID: incidentID, policy: policy.name, generation: generation, loop: loop, tier: tier,
                    targets: policy.tiers[tier].targets, time: time))
        ]
    }
}
