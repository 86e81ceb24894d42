import Foundation
import TocsinCore
import TocsinResponse
import Yams

/// Reads the alarm chain's sections: `organisation`, `public_url`, `channels`, `delivery`, `contacts`,
/// `escalation_policies`, `playbooks`, `acknowledgement`, `templates`.
extension ConfigurationReader {
    static let alarmKeys = [
        "organisation", "public_url", "channels", "delivery", "contacts", "escalation_policies", "playbooks",
        "acknowledgement", "templates",
    ]

    func readAlarm(_ top: [String: Node], into alarm: inout AlarmSettings) throws(ConfigurationError) {
        if let node = top["organisation"] { try readOrganisation(node, into: &alarm.organisation) }
        if let node = top["public_url"] {
            let text = try string(node, "public_url")
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw fail(node, "public_url", "must be an http:// or https:// URL")
            }
            alarm.publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        if let node = top["channels"] { alarm.channels = try readChannels(node) }
        if let node = top["delivery"] { try readDelivery(node, into: &alarm.delivery) }
        if let node = top["acknowledgement"] {
            let section = try mapping(node, "acknowledgement", known: ["link_lifetime"])
            if let value = section["link_lifetime"] {
                alarm.acknowledgementLinkLifetime = try duration(value, "acknowledgement.link_lifetime")
            }
        }
        if let node = top["templates"] { alarm.templates = try string(node, "templates") }
        var locations: [String: Int] = [:]
        if let node = top["contacts"] {
            alarm.configuration.contacts = try sequence(node, "contacts").enumerated().map {
                (index, item) throws(ConfigurationError) in try readContact(item, index: index, locations: &locations)
            }
        }
        if let node = top["escalation_policies"] {
            alarm.configuration.policies = try sequence(node, "escalation_policies").enumerated().map {
                (index, item) throws(ConfigurationError) in try readPolicy(item, index: index, locations: &locations)
            }
        }
        if let node = top["playbooks"] {
            alarm.configuration.playbooks = try sequence(node, "playbooks").enumerated().map {
                (index, item) throws(ConfigurationError) in
                try readPlaybook(item, index: index, contacts: alarm.configuration.contacts, locations: &locations)
            }
        }
        alarm.locations = locations
        try validate(alarm, sections: top)
    }

    /// Runs the planner's checks; the first error becomes a configuration error on its item's line.
    func validate(_ alarm: AlarmSettings, sections: [String: Node]) throws(ConfigurationError) {
        do {
            _ = try AlarmPlanner(alarm.configuration, knownChannels: Set(alarm.channels.map(\.name)))
        } catch {
            guard let first = error.diagnostics.first(where: { $0.severity == .error }) else { return }
            var path = first.path
            var line = alarm.locations[path]
            while line == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
                path = String(path[..<cut])
                line = alarm.locations[path]
            }
            let section = first.path.hasPrefix("policies") ? "escalation_policies" : String(first.path.prefix { $0.isLetter || $0 == "_" })
            throw ConfigurationError(
                file: file, line: line ?? sections[section]?.mark?.line ?? 0, column: 0,
                field: first.path.replacingOccurrences(of: "policies[", with: "escalation_policies["),
                problem: "\(first.message) [\(first.code)]", hint: first.hint)
        }
    }

    func sequence(_ node: Node, _ field: String) throws(ConfigurationError) -> [Node] {
        guard let items = node.sequence else { throw fail(node, field, "must be a list") }
        return Array(items)
    }

    func optionalString(_ section: [String: Node], _ key: String, _ field: String) throws(ConfigurationError)
        -> String?
    {
        guard let node = section[key] else { return nil }
        return try string(node, "\(field).\(key)")
    }

    func required(_ section: [String: Node], _ key: String, _ field: String, in node: Node) throws(ConfigurationError)
        -> String
    {
        guard let value = section[key] else { throw fail(node, "\(field).\(key)", "is required") }
        return try string(value, "\(field).\(key)")
    }

    func readOrganisation(_ node: Node, into organisation: inout OrganisationSettings) throws(ConfigurationError) {
        let section = try mapping(
            node, "organisation", known: ["name", "address", "phone", "email", "dpo", "security_contact"])
        if let name = try optionalString(section, "name", "organisation") { organisation.name = name }
        organisation.address = try optionalString(section, "address", "organisation")
        organisation.phone = try optionalString(section, "phone", "organisation")
        organisation.email = try optionalString(section, "email", "organisation")
        if let dpo = section["dpo"] {
            let person = try mapping(dpo, "organisation.dpo", known: ["name", "email", "phone"])
            organisation.dpoName = try optionalString(person, "name", "organisation.dpo")
            organisation.dpoEmail = try optionalString(person, "email", "organisation.dpo")
            organisation.dpoPhone = try optionalString(person, "phone", "organisation.dpo")
        }
        if let contact = section["security_contact"] {
            let person = try mapping(contact, "organisation.security_contact", known: ["name", "email", "phone"])
            organisation.securityContactName = try optionalString(person, "name", "organisation.security_contact")
            organisation.securityContactEmail = try optionalString(person, "email", "organisation.security_contact")
            organisation.securityContactPhone = try optionalString(person, "phone", "organisation.security_contact")
        }
    }

    func readChannels(_ node: Node) throws(ConfigurationError) -> [ChannelSettings] {
        guard let mapping = node.mapping else { throw fail(node, "channels", "must be a mapping of names to channels") }
        var channels: [ChannelSettings] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, !name.isEmpty else { throw fail(keyNode, "channels", "has an empty name") }
            channels.append(try readChannel(value, name: name))
        }
        return channels
    }

    func readChannel(_ node: Node, name: String) throws(ConfigurationError) -> ChannelSettings {
        let field = "channels.\(name)"
        guard let typeNode = node.mapping?["type"], let type = typeNode.string else {
            throw fail(node, "\(field).type", "is required: smtp, sendmail, webhook, pagerduty or file")
        }
        let common = ["type", "from", "timeout"]
        let section: [String: Node]
        let kind: ChannelSettings.Kind
        switch type {
        case "smtp":
            section = try mapping(
                node, field,
                known: common + ["host", "port", "security", "username", "password_env", "ca_file", "helo"])
            let security = try optionalString(section, "security", field) ?? "starttls"
            guard ["starttls", "tls", "none"].contains(security) else {
                throw fail(section["security"], "\(field).security", "must be starttls, tls or none")
            }
            let port = try section["port"].map { (value) throws(ConfigurationError) in
                try integer(value, "\(field).port")
            } ?? (security == "tls" ? 465 : security == "starttls" ? 587 : 25)
            guard port < 65536 else { throw fail(section["port"], "\(field).port", "must be a port from 1 to 65535") }
            let username = try optionalString(section, "username", field)
            let password = try optionalString(section, "password_env", field)
            if username != nil && password == nil {
                throw fail(node, "\(field).password_env", "is required with a username: the environment variable that holds the password")
            }
            kind = .smtp(
                SMTPSettings(
                    host: try required(section, "host", field, in: node), port: port, security: security,
                    username: username, passwordVariable: password, caFile: try optionalString(section, "ca_file", field),
                    heloName: try optionalString(section, "helo", field)))
        case "sendmail":
            section = try mapping(node, field, known: common + ["path"])
            kind = .sendmail(path: try optionalString(section, "path", field) ?? "/usr/sbin/sendmail")
        case "webhook":
            section = try mapping(node, field, known: common + ["url", "secret_env"])
            kind = .webhook(url: try url(section, field, in: node), secretVariable: try optionalString(section, "secret_env", field))
        case "pagerduty":
            section = try mapping(node, field, known: common + ["url", "routing_key_env"])
            let url = section["url"] == nil ? "https://events.pagerduty.com/v2/enqueue" : try url(section, field, in: node)
            kind = .pagerDuty(url: url, routingKeyVariable: try required(section, "routing_key_env", field, in: node))
        case "file":
            section = try mapping(node, field, known: common + ["directory"])
            kind = .file(directory: try required(section, "directory", field, in: node))
        default:
            throw fail(typeNode, "\(field).type", "must be smtp, sendmail, webhook, pagerduty or file")
        }
        var channel = ChannelSettings(name: name, kind: kind, from: try optionalString(section, "from", field))
        if let timeout = section["timeout"] { channel.timeout = try duration(timeout, "\(field).timeout") }
        if kind.isMail {
            guard let from = channel.from else {
                throw fail(node, "\(field).from", "is required for e-mail: the sender, e.g. Tocsin <tocsin@example.org>")
            }
            guard from.contains("@"), !from.contains("\n"), !from.contains("\r") else {
                throw fail(section["from"], "\(field).from", "must be an e-mail address, e.g. Tocsin <tocsin@example.org>")
            }
        }
        return channel
    }

    func url(_ section: [String: Node], _ field: String, in node: Node) throws(ConfigurationError) -> String {
        let text = try required(section, "url", field, in: node)
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw fail(section["url"], "\(field).url", "must be an http:// or https:// URL")
        }
        return text
    }

    func readDelivery(_ node: Node, into delivery: inout DeliverySettings) throws(ConfigurationError) {
        let section = try mapping(
            node, "delivery", known: ["attempts", "initial_delay", "maximum_delay", "concurrency", "tick"])
        if let value = section["attempts"] { delivery.attempts = try integer(value, "delivery.attempts") }
        if let value = section["initial_delay"] { delivery.initialDelay = try duration(value, "delivery.initial_delay") }
        if let value = section["maximum_delay"] { delivery.maximumDelay = try duration(value, "delivery.maximum_delay") }
        if let value = section["concurrency"] { delivery.concurrency = try integer(value, "delivery.concurrency") }
        if let value = section["tick"] { delivery.tick = try duration(value, "delivery.tick") }
    }

    func readContact(_ node: Node, index: Int, locations: inout [String: Int]) throws(ConfigurationError) -> Contact {
        let field = "contacts[\(index)]"
        let section = try mapping(
            node, field, known: ["id", "name", "organisation", "roles", "language", "email", "endpoints"])
        let id = try required(section, "id", field, in: node)
        let path = "contacts[\(id)]"
        locations[path] = node.mark?.line
        var roles: [ContactRole] = []
        if let list = section["roles"] {
            for item in try sequence(list, "\(path).roles") {
                let name = try string(item, "\(path).roles")
                guard let role = ContactRole(rawValue: name) else {
                    throw fail(
                        item, "\(path).roles", "has an unknown role '\(name)'",
                        hint: "roles: " + ContactRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                roles.append(role)
            }
        }
        var language = Language.de
        if let value = section["language"] {
            let name = try string(value, "\(path).language")
            guard let chosen = Language(rawValue: name) else { throw fail(value, "\(path).language", "must be de or en") }
            language = chosen
        }
        var endpoints: [ContactEndpoint] = []
        if let value = section["email"] {
            // A shorthand: `email: anna@example.org` is an endpoint on the channel named `mail`.
            endpoints.append(ContactEndpoint(channel: "mail", address: try string(value, "\(path).email")))
        }
        if let list = section["endpoints"] {
            for (position, item) in try sequence(list, "\(path).endpoints").enumerated() {
                let endpointPath = "\(path).endpoints[\(position)]"
                locations[endpointPath] = item.mark?.line
                let endpoint = try mapping(item, endpointPath, known: ["channel", "address"])
                let address = try optionalString(endpoint, "address", endpointPath)
                if let address, address.contains("\n") || address.contains("\r") || !address.contains("@") {
                    throw fail(endpoint["address"], "\(endpointPath).address", "must be an e-mail address")
                }
                endpoints.append(
                    ContactEndpoint(channel: try required(endpoint, "channel", endpointPath, in: item), address: address))
            }
        }
        return Contact(
            id: id, name: try optionalString(section, "name", path) ?? id,
            organisation: try optionalString(section, "organisation", path), roles: roles, language: language,
            endpoints: endpoints)
    }

    func readTrigger(_ node: Node, _ field: String) throws(ConfigurationError) -> AlarmTrigger {
        let section = try mapping(node, field, known: ["minimum_severity", "tags"])
        var level: Level?
        if let value = section["minimum_severity"] {
            let name = try string(value, "\(field).minimum_severity")
            guard let parsed = Level(name: name) else {
                throw fail(value, "\(field).minimum_severity", "must be informational, low, medium, high or critical")
            }
            level = parsed
        }
        let tags = try section["tags"].map { (value) throws(ConfigurationError) in try strings(value, "\(field).tags") } ?? []
        return AlarmTrigger(minimumSeverity: level, tags: tags)
    }

    /// `role:on_call` or a contact id.
    func readTargets(_ node: Node, _ field: String) throws(ConfigurationError) -> [AlarmTarget] {
        var targets: [AlarmTarget] = []
        for item in try sequence(node, field) {
            let text = try string(item, field)
            if text.hasPrefix("role:") {
                let name = String(text.dropFirst(5))
                guard let role = ContactRole(rawValue: name) else {
                    throw fail(
                        item, field, "has an unknown role '\(name)'",
                        hint: "roles: " + ContactRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                targets.append(.role(role))
            } else {
                targets.append(.contact(text))
            }
        }
        return targets
    }

    func readPolicy(_ node: Node, index: Int, locations: inout [String: Int]) throws(ConfigurationError)
        -> EscalationPolicy
    {
        let field = "escalation_policies[\(index)]"
        let section = try mapping(node, field, known: ["name", "trigger", "repeats", "tiers"])
        let name = try required(section, "name", field, in: node)
        let path = "policies[\(name)]"
        locations[path] = node.mark?.line
        let trigger = try section["trigger"].map { (value) throws(ConfigurationError) in
            locations["\(path).trigger"] = value.mark?.line
            return try readTrigger(value, "escalation_policies[\(name)].trigger")
        }
        var tiers: [EscalationTier] = []
        if let list = section["tiers"] {
            for (position, item) in try sequence(list, "escalation_policies[\(name)].tiers").enumerated() {
                let tierField = "escalation_policies[\(name)].tiers[\(position)]"
                locations["\(path).tiers[\(position)]"] = item.mark?.line
                let tier = try mapping(item, tierField, known: ["delay", "targets"])
                let delay = try tier["delay"].map { (value) throws(ConfigurationError) in
                    try duration(value, "\(tierField).delay")
                } ?? 0
                let targets = try tier["targets"].map { (value) throws(ConfigurationError) in
                    try readTargets(value, "\(tierField).targets")
                } ?? []
                tiers.append(EscalationTier(delay: delay, targets: targets))
            }
        }
        let repeats = try section["repeats"].map { (value) throws(ConfigurationError) in
            try integer(value, "escalation_policies[\(name)].repeats", minimum: 0)
        } ?? 0
        return EscalationPolicy(name: name, trigger: trigger, tiers: tiers, repeats: repeats)
    }

    func readPlaybook(_ node: Node, index: Int, contacts: [Contact], locations: inout [String: Int])
        throws(ConfigurationError) -> Playbook
    {
        let field = "playbooks[\(index)]"
        let section = try mapping(node, field, known: ["name", "trigger", "steps"])
        let name = try required(section, "name", field, in: node)
        let path = "playbooks[\(name)]"
        locations[path] = node.mark?.line
        guard let triggerNode = section["trigger"] else { throw fail(node, "\(path).trigger", "is required") }
        locations["\(path).trigger"] = triggerNode.mark?.line
        let trigger = try readTrigger(triggerNode, "\(path).trigger")
        var steps: [PlaybookStep] = []
        if let list = section["steps"] {
            for (position, item) in try sequence(list, "\(path).steps").enumerated() {
                let stepPath = "\(path).steps[\(position)]"
                locations[stepPath] = item.mark?.line
                let step = try mapping(item, stepPath, known: ["page", "notify", "to", "approval"])
                if let policy = step["page"] {
                    guard step["notify"] == nil, step["to"] == nil, step["approval"] == nil else {
                        throw fail(item, stepPath, "is either `page: POLICY` or `notify: TEMPLATE` with `to:`")
                    }
                    steps.append(.page(policy: try string(policy, "\(stepPath).page")))
                } else if let template = step["notify"] {
                    guard let to = step["to"] else { throw fail(item, "\(stepPath).to", "is required with notify") }
                    let targets = try readTargets(to, "\(stepPath).to")
                    var approval = Approval.default(for: targets, contacts: contacts)
                    if let value = step["approval"] {
                        let text = try string(value, "\(stepPath).approval")
                        guard let chosen = Approval(rawValue: text) else {
                            throw fail(value, "\(stepPath).approval", "must be automatic or required")
                        }
                        approval = chosen
                    }
                    steps.append(
                        .notify(template: try string(template, "\(stepPath).notify"), targets: targets, approval: approval))
                } else {
                    throw fail(item, stepPath, "needs `page: POLICY` or `notify: TEMPLATE`")
                }
            }
        }
        return Playbook(name: name, trigger: trigger, steps: steps)
    }
}
