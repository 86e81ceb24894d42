/// What the caller must do after an escalation handled an event.
public enum EscalationAction: Sendable, Hashable {
    /// Page the targets of one tier; `messages(for:incident:)` turns it into messages.
    case page(EscalationPage)
    /// Paging stopped because the actor acknowledged.
    case acknowledged(actor: String)
    /// The escalation ended because the actor resolved the incident.
    case resolved(actor: String)
    /// Paging restarted with this generation (a `page` of tier 0 follows).
    case restarted(generation: Int)
    /// Every tier of every loop was paged and nobody acknowledged; the incident stays unacknowledged and the
    /// caller raises it further (to management, say).
    case exhausted
}
