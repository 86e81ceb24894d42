/// How badly the service is hit, on Statuspage's scale `none | minor | major | critical`; it is both an incident's
/// impact and the page's roll-up indicator.
public enum StatusImpact: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Nothing is affected.
    case none
    /// Degraded performance or planned maintenance only.
    case minor
    /// At least one partial outage.
    case major
    /// At least one major outage.
    case critical

    /// The worst of `impacts`, or `none` when there are none.
    public static func worst<S: Sequence>(of impacts: S) -> StatusImpact where S.Element == StatusImpact {
        impacts.max() ?? .none
    }

    /// Orders from `none` to `critical`.
    public static func < (lhs: StatusImpact, rhs: StatusImpact) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .none: 0
        case .minor: 1
        case .major: 2
        case .critical: 3
        }
    }
}
