import TocsinCore

/// When a policy or playbook applies to an incident: a minimum severity, a set of tags, or both.
public struct AlarmTrigger: Sendable, Hashable {
    /// The incident must be at least this severe; nil leaves severity out.
    public var minimumSeverity: Level?
    /// The incident must carry at least one of these tags (case-insensitively); empty leaves tags out.
    public var tags: [String]

    /// Creates a trigger; one with neither a severity nor tags matches nothing and fails validation.
    public init(minimumSeverity: Level? = nil, tags: [String] = []) {
        self.minimumSeverity = minimumSeverity
        self.tags = tags
    }

    /// Whether the trigger says anything: a severity, tags or both.
    public var isValid: Bool { minimumSeverity != nil || !tags.isEmpty }

    /// Whether the incident is at least the minimum severity (if given) and carries one of the tags (if any).
    ///
    /// An invalid trigger matches nothing, so a configuration mistake never pages everyone.
    public func matches(_ incident: AlarmIncident) -> Bool {
        guard isValid else { return false }
        if let minimumSeverity, incident.severity < minimumSeverity { return false }
        if tags.isEmpty { return true }
        let wanted = Set(tags.map { $0.lowercased() })
        return incident.tags.contains { wanted.contains($0.lowercased()) }
    }
}

extension AlarmTrigger: Codable {
    private enum CodingKeys: String, CodingKey {
        case minimumSeverity
        case tags
    }

    /// Decodes a trigger whose severity is written by name (`high`), as in the configuration.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        guard let name = try container.decodeIfPresent(String.self, forKey: .minimumSeverity) else {
            minimumSeverity = nil
            return
        }
        guard let level = Level(name: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .minimumSeverity, in: container,
                debugDescription: "unknown severity '\(name)' (informational, low, medium, high, critical)")
        }
        minimumSeverity = level
    }

    /// Encodes the severity by name, so stored escalations read like the configuration.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(minimumSeverity?.description, forKey: .minimumSeverity)
        try container.encode(tags, forKey: .tags)
    }
}
