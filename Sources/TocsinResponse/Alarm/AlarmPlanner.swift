import Foundation

/// Decides, for an incident, which escalations start, which playbooks run and which messages go to whom.
///
/// Pure: the caller passes what already runs for the incident and stores what the plan says. Planning the same
/// incident with the same `running` and `fired` sets gives the same keys, so a replay after a crash writes nothing
/// twice.
public struct AlarmPlanner: Sendable {
    /// The validated configuration.
    public let configuration: AlarmConfiguration
    /// The warnings validation found; the planner works, but someone should read them.
    public let warnings: [AlarmDiagnostic]
    private let policiesByName: [String: EscalationPolicy]

    /// Validates the configuration and throws every problem found when there is at least one error.
    ///
    /// Pass the names of the configured delivery channels to check endpoints against them.
    public init(_ configuration: AlarmConfiguration, knownChannels: Set<String>? = nil)
        throws(AlarmConfigurationError)
    {
        let diagnostics = configuration.validate(knownChannels: knownChannels)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw AlarmConfigurationError(diagnostics: diagnostics)
        }
        self.configuration = configuration
        warnings = diagnostics
        policiesByName = Dictionary(
            configuration.policies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Validates contacts, policies and playbooks as one configuration (see `init(_:knownChannels:)`).
    public init(
        contacts: [Contact], policies: [EscalationPolicy], playbooks: [Playbook], knownChannels: Set<String>? = nil
    ) throws(AlarmConfigurationError) {
        try self.init(
            AlarmConfiguration(contacts: contacts, policies: policies, playbooks: playbooks),
            knownChannels: knownChannels)
    }

    /// The policy with this name.
    public func policy(named name: String) -> EscalationPolicy? { policiesByName[name] }

    /// Plans the alarm for an incident.
    ///
    /// - If no escalation runs for the incident (`running` is empty), the first policy in configuration order whose
    ///   trigger matches starts; policies without a trigger start only from playbooks.
    /// - Every playbook whose trigger matches and that is not in `fired` runs, in configuration order: a `page` step
    ///   starts its policy unless it runs already or this plan started it, a `notify` step becomes messages.
    /// - A resolved or closed incident gets an empty plan.
    ///
    /// - Parameters:
    ///   - running: names of the policies with an escalation stored for the incident (in any status).
    ///   - fired: names of the playbooks already run for the incident.
    public func plan(
        for incident: AlarmIncident, running: Set<String>, fired: Set<String>, at time: Date
    ) -> AlarmPlan {
        guard incident.state.isOpen else { return AlarmPlan() }
        var plan = AlarmPlan()
        var startedNames = running
        func start(_ policy: EscalationPolicy) {
            guard !startedNames.contains(policy.name) else { return }
            startedNames.insert(policy.name)
            let (escalation, actions) = Escalation.start(policy: policy, incidentID: incident.id, at: time)
            plan.started.append(escalation)
            for case .page(let page) in actions { plan.messages += messages(for: page, incident: incident) }
        }
        if running.isEmpty,
            let policy = configuration.policies.first(where: { $0.trigger?.matches(incident) == true })
        {
            start(policy)
        }
        for playbook in configuration.playbooks
        where !fired.contains(playbook.name) && playbook.trigger.matches(incident) {
            plan.firedPlaybooks.append(playbook.name)
            for (index, step) in playbook.steps.enumerated() {
                switch step {
                case .page(let name):
                    if let policy = policiesByName[name] { start(policy) }
                case .notify(let template, let targets, let approval):
                    let cause = "playbook:\(playbook.name):\(incident.id):\(index)"
                    plan.messages += contacts(for: targets).flatMap { contact in
                        contact.endpoints.map { endpoint in
                            MessageDecision(
                                cause: cause, incidentID: incident.id, contactID: contact.id, endpoint: endpoint,
                                language: contact.language, template: template, approval: approval)
                        }
                    }
                }
            }
        }
        return plan
    }

    /// The messages of one page: every contact the targets reach, times each of its endpoints; pages need no
    /// approval and use the `page` template.
    ///
    /// Targets resolve against the current contacts (the escalation's snapshot holds only the targets), so a changed
    /// phone number or address applies to running escalations, and a removed contact is no longer paged.
    public func messages(for page: EscalationPage, incident: AlarmIncident) -> [MessageDecision] {
        contacts(for: page.targets).flatMap { contact in
            contact.endpoints.map { endpoint in
                MessageDecision(
                    cause: page.key, incidentID: incident.id, contactID: contact.id, endpoint: endpoint,
                    language: contact.language, template: "page", approval: .automatic, escalationTier: page.tier,
                    escalationLoop: page.loop)
            }
        }
    }

    /// The contacts the targets reach, each once, in the order of first appearance: a contact target is that
    /// contact, a role target is every contact holding the role in configuration order; unknown ids reach nobody.
    public func contacts(for targets: [AlarmTarget]) -> [Contact] {
        var seen: Set<String> = []
        var result: [Contact] = []
        for target in targets {
            let reached: [Contact]
            switch target {
            case .contact(let id): reached = configuration.contacts.first { $0.id == id }.map { [$0] } ?? []
            case .role(let role): reached = configuration.contacts.filter { $0.roles.contains(role) }
            }
            for contact in reached where seen.insert(contact.id).inserted { result.append(contact) }
        }
        return result
    }
}
