/// What to do, once, when an incident of a kind appears: start escalations and send (or draft) notices.
public struct Playbook: Sendable, Hashable, Codable {
    /// A unique name; a playbook runs at most once per incident.
    public var name: String
    /// Which incidents run it.
    public var trigger: AlarmTrigger
    /// The steps in order; their index is part of each notice's idempotency key.
    public var steps: [PlaybookStep]

    /// Creates a playbook.
    public init(name: String, trigger: AlarmTrigger, steps: [PlaybookStep]) {
        self.name = name
        self.trigger = trigger
        self.steps = steps
    }
}

/// One step of a playbook.
public enum PlaybookStep: Sendable, Hashable, Codable {
    /// Start the named escalation policy for the incident (unless it already runs).
    case page(policy: String)
    /// Send a notice from a template to the targets, at once or as a draft a responder approves.
    case notify(template: String, targets: [AlarmTarget], approval: Approval)
}

/// Whether a notice goes out by itself or waits for a responder.
public enum Approval: String, Sendable, Hashable, Codable {
    /// Sent at once.
    case automatic
    /// Written as a draft that a responder sends with one click.
    case required

    /// The approval a notice gets when the configuration names none: `required` when any target is an authority
    /// or a customer, directly by role or through a contact that holds such a role; `automatic` otherwise.
    public static func `default`(for targets: [AlarmTarget], contacts: [Contact]) -> Approval {
        let external = targets.contains { target in
            switch target {
            case .role(let role): role.needsApprovalByDefault
            case .contact(let id):
                contacts.contains { $0.id == id && $0.roles.contains(where: \.needsApprovalByDefault) }
            }
        }
        return external ? .required : .automatic
    }
}
