/// Everything the alarm chain is configured with: who can be reached, how to escalate, what to do for which
/// incidents. Order matters: the first matching policy starts, roles resolve to contacts in this order.
public struct AlarmConfiguration: Sendable, Hashable, Codable {
    /// The contacts, in the order roles resolve to them.
    public var contacts: [Contact]
    /// The escalation policies, in the order their triggers are tried.
    public var policies: [EscalationPolicy]
    /// The playbooks, in the order they run.
    public var playbooks: [Playbook]

    /// Creates a configuration.
    public init(contacts: [Contact] = [], policies: [EscalationPolicy] = [], playbooks: [Playbook] = []) {
        self.contacts = contacts
        self.policies = policies
        self.playbooks = playbooks
    }
}
