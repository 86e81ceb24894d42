/// What happens to a running escalation.
public enum EscalationEvent: Sendable, Hashable {
    /// Time passed; the caller sends it at `nextDue` or later (any tick rate works).
    case tick
    /// A responder took the incident: paging stops.
    case acknowledge(actor: String)
    /// The incident is resolved: the escalation ends for good (unless the incident is reopened and retriggered).
    case resolve(actor: String)
    /// A stopped incident got worse or was reopened: paging restarts at tier 0 with loop 0 and a new generation.
    case retrigger
}
