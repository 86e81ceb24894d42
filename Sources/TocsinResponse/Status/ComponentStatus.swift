/// The state of one component, with Atlassian Statuspage's five values so that clients, feeds and aggregators
/// understand it.
public enum ComponentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Works as usual.
    case operational
    /// Works, but slower or with errors now and then.
    case degradedPerformance = "degraded_performance"
    /// Part of the component does not work.
    case partialOutage = "partial_outage"
    /// The component does not work.
    case majorOutage = "major_outage"
    /// Switched off or cut back for planned work.
    case underMaintenance = "under_maintenance"

    /// How much this state weighs on the page's roll-up: degraded and maintenance are minor, a partial outage is
    /// major, a major outage is critical.
    public var impact: StatusImpact {
        switch self {
        case .operational: .none
        case .degradedPerformance, .underMaintenance: .minor
        case .partialOutage: .major
        case .majorOutage: .critical
        }
    }
}
