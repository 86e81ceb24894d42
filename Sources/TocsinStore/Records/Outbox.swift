import Foundation

/// Where an outgoing message stands.
public enum OutboxStatus: String, Sendable, CaseIterable, Codable {
    /// Written and due for delivery (at its next attempt time).
    case pending
    /// A draft (a notice to an authority, say) that a responder must approve before it is sent.
    case awaitingApproval = "awaiting_approval"
    /// Delivered; the channel's receipt is kept.
    case delivered
    /// An attempt failed in a way that may pass; it is tried again at its next attempt time.
    case retrying
    /// Given up: a permanent failure, or every attempt failed. It stays on the record for a responder.
    case dead
    /// A responder discarded the draft; it is never sent.
    case discarded

    /// Whether the message still waits for delivery.
    public var isDue: Bool { self == .pending || self == .retrying }
}

/// A message to write to the outbox, rendered in full: the outbox delivers exactly these bytes later.
public struct OutboxDraft: Sendable, Hashable {
    /// One per recipient, channel and cause: writing the same key again writes nothing (so a decision replayed after
    /// a crash never sends twice).
    public var idempotencyKey: String
    /// The store id of the incident it is about, if any.
    public var incidentID: Int64?
    /// Why it is sent (a playbook step, an escalation tier), for the record.
    public var cause: String
    /// The contact's id in the configuration.
    public var contact: String
    /// The configured channel that carries it.
    public var channel: String
    /// The recipient's address on that channel (an e-mail address; `nil` for a webhook channel).
    public var address: String?
    public var language: String
    /// The template it was rendered from.
    public var template: String
    public var subject: String
    public var text: String
    public var html: String?
    /// Extra facts a channel needs (severity, links), as a JSON object.
    public var payload: String
    /// `pending`, or `awaiting_approval` for a draft.
    public var status: OutboxStatus

    /// Creates a draft.
    public init(
        idempotencyKey: String, incidentID: Int64?, cause: String, contact: String, channel: String, address: String?,
        language: String, template: String, subject: String, text: String, html: String?, payload: String = "{}",
        status: OutboxStatus = .pending
    ) {
        self.idempotencyKey = idempotencyKey
        self.incidentID = incidentID
        self.cause = cause
        self.contact = contact
        self.channel = channel
        self.address = address
        self.language = language
        self.template = template
        self.subject = subject
        self.text = text
        self.html = html
        self.payload = payload
        self.status = status
    }
}

/// A message in the outbox, with its delivery state.
public struct OutboxMessage: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var draft: OutboxDraft
    public var status: OutboxStatus
    /// Attempts made so far.
    public var attempts: Int
    /// When it is tried next (`nil` once delivered, dead, discarded or awaiting approval).
    public var nextAttemptAt: Date?
    /// The last failure, as the channel put it.
    public var lastError: String?
    /// The channel's receipt (an SMTP reply, an HTTP status).
    public var deliveryDetail: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var deliveredAt: Date?
    /// Who approved a draft.
    public var approvedBy: String?

    /// Creates a message record (the store does this).
    public init(
        id: Int64, draft: OutboxDraft, status: OutboxStatus, attempts: Int, nextAttemptAt: Date?, lastError: String?,
        deliveryDetail: String?, createdAt: Date, updatedAt: Date, deliveredAt: Date?, approvedBy: String?
    ) {
        self.id = id
        self.draft = draft
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveryDetail = deliveryDetail
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deliveredAt = deliveredAt
        self.approvedBy = approvedBy
    }
}

/// What one delivery attempt came to.
public enum DeliveryResult: Sendable, Hashable {
    /// Delivered, with the channel's receipt.
    case delivered(detail: String)
    /// Failed; tried again at `retryAt`, or given up (dead) when `retryAt` is `nil`.
    case failed(error: String, retryAt: Date?)
}

/// An escalation as the store keeps it: the state machine's JSON, and what the scheduler queries by.
public struct EscalationRecord: Sendable, Hashable {
    /// The store id (`nil` for a new one).
    public var id: Int64?
    public var incidentID: Int64
    public var policy: String
    /// The escalation value as JSON (TocsinResponse's `Escalation`); the store does not read it.
    public var state: String
    /// `active`, `acknowledged`, `resolved` or `exhausted`.
    public var status: String
    /// When the scheduler must look at it next (`nil` unless active).
    public var nextDue: Date?

    /// Creates a record.
    public init(id: Int64?, incidentID: Int64, policy: String, state: String, status: String, nextDue: Date?) {
        self.id = id
        self.incidentID = incidentID
        self.policy = policy
        self.state = state
        self.status = status
        self.nextDue = nextDue
    }
}

/// One alarm decision for an incident, written in one transaction: the playbooks it ran, the escalations it started
/// or moved, the messages it decided to send, and its audit entries.
public struct AlarmWrite: Sendable, Hashable {
    public var incidentID: Int64
    /// Playbooks that ran now; each runs once per incident (a name already recorded is skipped).
    public var playbooks: [String]
    /// Escalations to create (no id; one per incident and policy, an existing one is kept) or to replace (with id).
    public var escalations: [EscalationRecord]
    public var messages: [OutboxDraft]
    public var audit: [AuditDraft]

    /// Creates a write.
    public init(
        incidentID: Int64, playbooks: [String] = [], escalations: [EscalationRecord] = [],
        messages: [OutboxDraft] = [], audit: [AuditDraft] = []
    ) {
        self.incidentID = incidentID
        self.playbooks = playbooks
        self.escalations = escalations
        self.messages = messages
        self.audit = audit
    }
}

/// What an ``AlarmWrite`` stored.
public struct AlarmWriteResult: Sendable, Hashable {
    /// Ids of the messages written now (drafts whose key was already there are left out).
    public var messageIDs: [Int64]
    /// Messages skipped because their idempotency key was already in the outbox.
    public var duplicates: Int
}

/// The alarm state of one incident: what already ran for it.
public struct IncidentAlarmState: Sendable, Hashable {
    public var playbooks: Set<String>
    public var escalations: [EscalationRecord]
}
