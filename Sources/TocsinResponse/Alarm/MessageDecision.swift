import TocsinCore

/// One message to one endpoint of one contact, decided but not sent: the delivery queue sends it (or, when approval
/// is required, keeps it as a draft) and uses `key` so that it is written once however often it is decided.
public struct MessageDecision: Sendable, Hashable, Codable {
    /// `<cause>|<contact id>|<channel>`: the idempotency key of the message.
    public var key: String
    /// Why the message is sent: a page's key (`escalation:…`) or a notice step (`playbook:<name>:<incident>:<step>`).
    public var cause: String
    /// The incident the message is about.
    public var incidentID: String
    /// The contact reached.
    public var contactID: String
    /// Where the message goes.
    public var endpoint: ContactEndpoint
    /// The contact's language.
    public var language: Language
    /// The template to render: `page` for escalation pages, the step's template for notices.
    public var template: String
    /// Whether the message goes out at once or waits as a draft.
    public var approval: Approval
    /// The tier of the page, nil for a notice.
    public var escalationTier: Int?
    /// The loop of the page, nil for a notice.
    public var escalationLoop: Int?

    /// Creates a decision; `key` is derived from cause, contact and channel.
    public init(
        cause: String, incidentID: String, contactID: String, endpoint: ContactEndpoint, language: Language,
        template: String, approval: Approval, escalationTier: Int? = nil, escalationLoop: Int? = nil
    ) {
        key = "\(cause)|\(contactID)|\(endpoint.channel)"
        self.cause = cause
        self.incidentID = incidentID
        self.contactID = contactID
        self.endpoint = endpoint
        self.language = language
        self.template = template
        self.approval = approval
        self.escalationTier = escalationTier
        self.escalationLoop = escalationLoop
    }
}
