/// Where an incident stands in its handling.
public enum IncidentState: String, Sendable, CaseIterable, Codable {
    /// Raised, nobody has taken it yet.
    case new
    /// A responder has taken it.
    case acknowledged
    /// The attack is stopped from spreading (systems isolated, accounts locked).
    case contained
    /// The cause is removed and systems are back; the case is still open for the record.
    case resolved
    /// The record is complete.
    case closed

    /// Whether new alerts may still join the incident.
    public var isOpen: Bool { self != .resolved && self != .closed }

    /// Whether a responder may move the incident from this state to `next`.
    ///
    /// Forward steps may be skipped (a responder may resolve a new incident); `resolved` may go back to
    /// `acknowledged` when the attack turns out not to be over; `closed` is final.
    public func allows(_ next: IncidentState) -> Bool {
        switch (self, next) {
        case (.closed, _): false
        case (.resolved, .acknowledged), (.resolved, .closed): true
        case (.resolved, _): false
        default: next.order > order
        }
    }

    private var order: Int {
        switch self {
        case .new: 0
        case .acknowledged: 1
        case .contained: 2
        case .resolved: 3
        case .closed: 4
        }
    }
}
