import Foundation

extension AlarmValidator {
    mutating func check(_ contact: Contact, at index: Int) {
        let path = Self.path("contacts", contact.id, index)
        checkName(contact.id, kind: "contact", path: path, index: index, names: configuration.contacts.map(\.id))
        if contact.endpoints.isEmpty {
            report(
                .error, "T804", path, "contact '\(contact.name)' has no endpoints",
                hint: "add an endpoint, e.g. {channel: mail, address: …}")
        }
        var channels: [String] = []
        for (position, endpoint) in contact.endpoints.enumerated() {
            let endpointPath = "\(path).endpoints[\(position)]"
            if channels.contains(endpoint.channel) {
                report(
                    .error, "T805", endpointPath, "a second endpoint on channel '\(endpoint.channel)'",
                    hint: "a contact has one endpoint per channel; a shared mailbox is one address")
            }
            channels.append(endpoint.channel)
            if endpoint.channel.contains(where: Self.separators.contains) {
                report(
                    .error, "T803", endpointPath, "channel name '\(endpoint.channel)' contains ':' or '|'",
                    hint: "idempotency keys use ':' and '|' as separators; use letters, digits, '-' or '_'")
            } else if let knownChannels, !knownChannels.contains(endpoint.channel) {
                report(
                    .error, "T806", endpointPath, "unknown channel '\(endpoint.channel)'",
                    hint: Self.suggestion(for: endpoint.channel, among: knownChannels.sorted())
                        ?? "configured channels: \(knownChannels.sorted().joined(separator: ", "))")
            }
        }
    }

    mutating func check(_ policy: EscalationPolicy, at index: Int) {
        let path = Self.path("policies", policy.name, index)
        checkName(policy.name, kind: "policy", path: path, index: index, names: configuration.policies.map(\.name))
        if let trigger = policy.trigger { check(trigger, at: "\(path).trigger") }
        if policy.tiers.isEmpty {
            report(.error, "T807", path, "policy has no tiers", hint: "add a tier with a delay and targets")
        }
        if policy.repeats < 0 {
            report(
                .error, "T811", "\(path).repeats", "negative repeats \(policy.repeats)",
                hint: "0 pages each tier once; n loops over all tiers n more times")
        }
        for (position, tier) in policy.tiers.enumerated() {
            let tierPath = "\(path).tiers[\(position)]"
            if tier.delay < 0 {
                report(.error, "T808", "\(tierPath).delay", "negative delay \(Self.format(tier.delay))")
            } else if tier.delay == 0 {
                report(
                    .warning, "T809", "\(tierPath).delay", "delay 0 pages the next step on the next tick",
                    hint: "to page people together, put them in one tier")
            }
            if tier.targets.isEmpty { report(.error, "T810", tierPath, "tier has no targets") }
            for (number, target) in tier.targets.enumerated() { check(target, at: "\(tierPath).targets[\(number)]") }
        }
        checkReachability(of: policy, at: index, path: path)
    }

    /// Warns of a policy that never starts: no trigger and no playbook pages it, or an earlier policy's trigger
    /// matches every incident its own trigger matches (the first matching policy is the one that starts).
    mutating func checkReachability(of policy: EscalationPolicy, at index: Int, path: String) {
        guard let trigger = policy.trigger else {
            let paged = configuration.playbooks.contains { playbook in
                playbook.steps.contains { $0 == .page(policy: policy.name) }
            }
            if !paged {
                report(.warning, "T820", path, "policy has no trigger and no playbook pages it; it never starts")
            }
            return
        }
        guard trigger.isValid else { return }
        let earlier = configuration.policies.prefix(index).first { other in
            guard let otherTrigger = other.trigger, otherTrigger.isValid else { return false }
            return otherTrigger.covers(trigger)
        }
        if let earlier {
            report(
                .warning, "T821", "\(path).trigger",
                "policies[\(earlier.name)] comes first and matches every incident this trigger matches",
                hint: "only the first matching policy starts; move this policy before it or narrow that trigger")
        }
    }

    mutating func check(_ trigger: AlarmTrigger, at path: String) {
        if !trigger.isValid {
            report(
                .error, "T814", path, "trigger has neither a minimum severity nor tags, so it matches nothing",
                hint: "give minimum_severity, tags or both")
        }
    }

    mutating func check(_ playbook: Playbook, at index: Int) {
        let path = Self.path("playbooks", playbook.name, index)
        checkName(playbook.name, kind: "playbook", path: path, index: index, names: configuration.playbooks.map(\.name))
        check(playbook.trigger, at: "\(path).trigger")
        if playbook.steps.isEmpty { report(.warning, "T816", path, "playbook has no steps") }
        let policies = configuration.policies.map(\.name)
        for (position, step) in playbook.steps.enumerated() {
            let stepPath = "\(path).steps[\(position)]"
            switch step {
            case .page(let policy):
                if !policies.contains(policy) {
                    report(
                        .error, "T815", stepPath, "unknown escalation policy '\(policy)'",
                        hint: Self.suggestion(for: policy, among: policies))
                }
            case .notify(let template, let targets, let approval):
                if template.isEmpty { report(.error, "T817", stepPath, "notice has no template") }
                if targets.isEmpty { report(.error, "T818", stepPath, "notice has no targets") }
                for (number, target) in targets.enumerated() { check(target, at: "\(stepPath).targets[\(number)]") }
                if approval == .automatic, Approval.default(for: targets, contacts: configuration.contacts) == .required
                {
                    report(
                        .warning, "T819", stepPath, "a notice to an authority or a customer goes out without approval",
                        hint: "set approval: required to have a responder review the draft first")
                }
            }
        }
    }

    /// `-60 s` style: whole seconds without a fraction.
    static func format(_ delay: TimeInterval) -> String {
        delay == delay.rounded() ? "\(Int(delay)) s" : "\(delay) s"
    }
}

extension AlarmTrigger {
    /// Whether this trigger matches every incident `other` matches (both valid): a severity no higher and, unless
    /// this trigger has no tags, a superset of the other's tags.
    func covers(_ other: AlarmTrigger) -> Bool {
        let severityCovered: Bool
        if let minimum = minimumSeverity {
            guard let otherMinimum = other.minimumSeverity else { return false }
            severityCovered = minimum <= otherMinimum
        } else {
            severityCovered = true
        }
        guard severityCovered else { return false }
        if tags.isEmpty { return true }
        guard !other.tags.isEmpty else { return false }
        return Set(other.tags.map { $0.lowercased() }).isSubset(of: Set(tags.map { $0.lowercased() }))
    }
}
