/// What the planner decided for one incident: escalations to store, playbooks to mark as run, messages to queue.
///
/// The caller writes all of it in one transaction; the keys make writing the same plan twice harmless.
public struct AlarmPlan: Sendable, Hashable {
    /// Escalations started, tier 0 already paged (its messages are in `messages`).
    public var started: [Escalation]
    /// Names of the playbooks that ran, in configuration order.
    public var firedPlaybooks: [String]
    /// Messages to queue: each started escalation's tier 0 and each notice, in the order decided.
    public var messages: [MessageDecision]

    /// Creates a plan.
    public init(started: [Escalation] = [], firedPlaybooks: [String] = [], messages: [MessageDecision] = []) {
        self.started = started
        self.firedPlaybooks = firedPlaybooks
        self.messages = messages
    }

    /// Whether there is nothing to do.
    public var isEmpty: Bool { started.isEmpty && firedPlaybooks.isEmpty && messages.isEmpty }
}
