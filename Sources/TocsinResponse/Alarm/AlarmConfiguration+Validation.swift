import TocsinCore

extension AlarmConfiguration {
    /// Every problem in the configuration, errors and warnings, in configuration order.
    ///
    /// Pass the names of the configured delivery channels to check endpoints against them; nil skips that check.
    public func validate(knownChannels: Set<String>? = nil) -> [AlarmDiagnostic] {
        var validator = AlarmValidator(configuration: self, knownChannels: knownChannels)
        validator.run()
        return validator.diagnostics
    }
}

/// Collects the diagnostics of one configuration.
struct AlarmValidator {
    let configuration: AlarmConfiguration
    let knownChannels: Set<String>?
    var diagnostics: [AlarmDiagnostic] = []

    init(configuration: AlarmConfiguration, knownChannels: Set<String>?) {
        self.configuration = configuration
        self.knownChannels = knownChannels
    }

    /// Characters the idempotency keys use as separators, so names may not contain them.
    static let separators: Set<Character> = [":", "|"]

    mutating func run() {
        for (index, contact) in configuration.contacts.enumerated() { check(contact, at: index) }
        for (index, policy) in configuration.policies.enumerated() { check(policy, at: index) }
        for (index, playbook) in configuration.playbooks.enumerated() { check(playbook, at: index) }
    }

    mutating func report(
        _ severity: Diagnostic.Severity, _ code: String, _ path: String, _ message: String, hint: String? = nil
    ) {
        diagnostics.append(AlarmDiagnostic(severity, code: code, at: path, message, hint: hint))
    }

    /// `contacts[soc]`, or `contacts[3]` for an item without a name.
    static func path(_ list: String, _ name: String, _ index: Int) -> String {
        "\(list)[\(name.isEmpty ? String(index) : name)]"
    }

    /// Checks what ids and names share: present, unique, without key separators.
    mutating func checkName(
        _ name: String, kind: String, path: String, index: Int, names: [String]
    ) {
        if name.isEmpty {
            report(.error, "T801", path, "\(kind) has no \(kind == "contact" ? "id" : "name")")
            return
        }
        if names.prefix(index).contains(name) {
            report(
                .error, "T802", path, "duplicate \(kind) \(kind == "contact" ? "id" : "name") '\(name)'",
                hint: "\(kind == "contact" ? "ids" : "names") must be unique; rename one of them")
        }
        if name.contains(where: Self.separators.contains) {
            report(
                .error, "T803", path, "\(kind) \(kind == "contact" ? "id" : "name") '\(name)' contains ':' or '|'",
                hint: "idempotency keys use ':' and '|' as separators; use letters, digits, '-' or '_'")
        }
    }

    /// Checks one target: a contact id must exist, a role should be held by someone.
    mutating func check(_ target: AlarmTarget, at path: String) {
        switch target {
        case .contact(let id):
            let ids = configuration.contacts.map(\.id)
            guard !ids.contains(id) else { return }
            report(.error, "T812", path, "unknown contact '\(id)'", hint: Self.suggestion(for: id, among: ids))
        case .role(let role):
            guard !configuration.contacts.contains(where: { $0.roles.contains(role) }) else { return }
            report(
                .warning, "T813", path, "no contact holds role '\(role.rawValue)'; this target reaches nobody",
                hint: "give a contact the role, or remove the target")
        }
    }

    /// `did you mean 'x'?` for the closest of `candidates` within two edits, nil when none is close.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { (name: $0, distance: editDistance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.filter({ $0.distance <= 2 }).min(by: { $0.distance < $1.distance }) else {
            return nil
        }
        return "did you mean '\(best.name)'?"
    }
}
