import TocsinCore

/// An incident as the alarm chain sees it: enough to match triggers and to write a message.
public struct AlarmIncident: Sendable, Hashable, Identifiable {
    /// The incident's id (`INC-000042`).
    public var id: String
    /// The incident's title.
    public var title: String
    /// How severe it is now.
    public var severity: Level
    /// Where it stands in its handling; the planner plans nothing for a resolved or closed incident.
    public var state: IncidentState
    /// Tags triggers match (`ransomware`, `attack.exfiltration`, `ti-connector`), compared case-insensitively.
    public var tags: Set<String>
    /// The hosts involved, in the order they joined.
    public var hosts: [String]

    /// Creates an alarm incident.
    public init(
        id: String, title: String, severity: Level, state: IncidentState, tags: Set<String> = [],
        hosts: [String] = []
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.state = state
        self.tags = tags
        self.hosts = hosts
    }

    /// The alarm's view of a filed incident, with the tags the caller derives for it.
    public init(_ incident: Incident, tags: Set<String>) {
        self.init(
            id: incident.id, title: incident.title, severity: incident.severity, state: incident.state, tags: tags,
            hosts: incident.hosts)
    }
}
