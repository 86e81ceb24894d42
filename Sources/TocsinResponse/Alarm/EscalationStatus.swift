import Foundation

/// Where an escalation stands.
public enum EscalationStatus: Sendable, Hashable, Codable {
    /// Paging; `Escalation.nextDue` says when the next step falls due.
    case active
    /// Someone acknowledged; paging stopped.
    case acknowledged(by: String, at: Date)
    /// The incident was resolved; the escalation is over.
    case resolved(by: String, at: Date)
    /// All loops were paged without an acknowledgement; the incident is still unacknowledged.
    case exhausted(at: Date)
}
