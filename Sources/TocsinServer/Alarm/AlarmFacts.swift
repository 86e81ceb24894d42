import Foundation
import TocsinCore
import TocsinDelivery
import TocsinResponse

/// What the alarm chain knows of an incident: enough to plan (severity, tags) and to write messages (hosts, rules).
public struct AlarmFacts: Sendable, Equatable {
    /// The store id.
    public var incidentID: Int64
    public var title: String
    public var severity: Level
    public var state: IncidentState
    public var hosts: [String]
    /// ATT&CK tactics and every tag of the rules that fired (`attack.impact`, `attack.t1486`, `ransomware`).
    public var tags: Set<String>
    public var tactics: [String]
    public var rules: [(id: String, title: String)]
    public var alertCount: Int
    public var openedAt: Date

    public static func == (lhs: AlarmFacts, rhs: AlarmFacts) -> Bool {
        lhs.incidentID == rhs.incidentID && lhs.title == rhs.title && lhs.severity == rhs.severity
            && lhs.state == rhs.state && lhs.hosts == rhs.hosts && lhs.tags == rhs.tags && lhs.alertCount == rhs.alertCount
    }

    /// The facts of a book incident stored as `incidentID`, with the rules' titles and tags from `rules`.
    init(_ incident: TocsinResponse.Incident, storeID: Int64, rules: RuleCatalogue) {
        incidentID = storeID
        title = incident.title
        severity = incident.severity
        state = incident.state
        hosts = incident.hosts
        tactics = incident.tactics.sorted()
        self.rules = incident.ruleIDs.map { ($0, rules.title(of: $0)) }
        var tags = incident.tactics
        for rule in incident.ruleIDs { tags.formUnion(rules.tags(of: rule)) }
        self.tags = tags
        alertCount = incident.alertIDs.count
        openedAt = incident.firstAlert
    }

    /// As the planner sees it.
    var planned: AlarmIncident {
        AlarmIncident(
            id: String(incidentID), title: title, severity: severity, state: state, tags: tags, hosts: hosts)
    }

    /// As templates see it.
    func context(url: String?) -> MessageContext.Incident {
        MessageContext.Incident(
            id: String(incidentID), title: title, severity: severity,
            state: MessageContext.IncidentStatus(rawValue: state.rawValue) ?? .new, openedAt: openedAt, hosts: hosts,
            rules: rules.map { MessageContext.Rule(id: $0.id, title: $0.title) }, tactics: tactics,
            alertCount: alertCount, url: url)
    }
}

/// Titles and tags of the loaded rules and correlations, by id.
public struct RuleCatalogue: Sendable {
    var entries: [String: (title: String, tags: [String])] = [:]

    /// An empty catalogue (rules then show by id).
    public init() {}

    /// Adds a rule.
    public mutating func add(id: String, title: String, tags: [String]) { entries[id] = (title, tags) }

    func title(of id: String) -> String { entries[id]?.title ?? id }
    func tags(of id: String) -> [String] { entries[id]?.tags ?? [] }
}
