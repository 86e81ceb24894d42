import Foundation
import TocsinCore

/// An incident to create (``id`` `nil`) or to update (``id`` set); the grouping logic lives in TocsinResponse.
public struct IncidentDraft: Sendable, Hashable {
    /// `nil` to create a new incident, the incident's id to change it.
    public var id: Int64?
    /// A short title for people.
    public var title: String
    /// The incident's current severity.
    public var severity: Level
    /// The lifecycle state as TocsinResponse names it (`new`, `acknowledged`, `contained`, `resolved`, `closed`).
    public var state: String
    /// The host the incident is about, when there is one.
    public var host: String?
    /// Free tags: ATT&CK tactics, customer names.
    public var tags: [String]
    /// When the incident opened; `nil` uses the store's clock. Ignored on update.
    public var openedAt: Date?

    /// Creates a draft.
    public init(
        id: Int64? = nil, title: String, severity: Level, state: String = "new", host: String? = nil,
        tags: [String] = [], openedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.state = state
        self.host = host
        self.tags = tags
        self.openedAt = openedAt
    }
}

/// An incident the store holds, with the alerts attached to it.
public struct Incident: Sendable, Hashable, Identifiable {
    /// The store's identifier.
    public var id: Int64
    /// A short title for people.
    public var title: String
    /// The current severity.
    public var severity: Level
    /// The lifecycle state.
    public var state: String
    /// The host, when there is one.
    public var host: String?
    /// Free tags, in the order given.
    public var tags: [String]
    /// When the incident opened.
    public var openedAt: Date
    /// When it last changed (created, updated or an alert attached).
    public var updatedAt: Date
    /// Attached alerts, in ascending id order.
    public var alertIDs: [Int64]

    /// Creates an incident (the store does this when reading).
    public init(
        id: Int64, title: String, severity: Level, state: String, host: String?, tags: [String],
        openedAt: Date, updatedAt: Date, alertIDs: [Int64]
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.state = state
        self.host = host
        self.tags = tags
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.alertIDs = alertIDs
    }

    /// The draft that would leave this incident as it is, to change and pass back.
    public var draft: IncidentDraft {
        IncidentDraft(
            id: id, title: title, severity: severity, state: state, host: host, tags: tags, openedAt: openedAt)
    }
}

/// A rule that silences known noise until it expires; each set matcher field must match, unset fields match all.
public struct SuppressionRule: Sendable, Hashable {
    /// `nil` to create, the rule's id to change it.
    public var id: Int64?
    /// Only alerts of this rule.
    public var ruleID: String?
    /// Only alerts from this host.
    public var host: String?
    /// Only alerts whose event has this field...
    public var field: String?
    /// ...with this value.
    public var value: String?
    /// Why the noise is known, for the audit trail.
    public var reason: String
    /// Who made the rule.
    public var createdBy: String
    /// When it was made; `nil` uses the store's clock. Kept on update.
    public var createdAt: Date?
    /// When it stops applying; `nil` means never.
    public var expiresAt: Date?

    /// Creates a suppression rule.
    public init(
        id: Int64? = nil, ruleID: String? = nil, host: String? = nil, field: String? = nil, value: String? = nil,
        reason: String, createdBy: String, createdAt: Date? = nil, expiresAt: Date? = nil
    ) {
        self.id = id
        self.ruleID = ruleID
        self.host = host
        self.field = field
        self.value = value
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One incident's part of a batch of filed alerts: what it becomes and which alerts join it.
public struct IncidentFiling: Sendable, Hashable {
    /// The incident after the batch (``IncidentDraft/id`` `nil` creates it).
    public var draft: IncidentDraft
    /// Alerts to link to it, in order.
    public var alertIDs: [Int64]

    /// A filing of `alertIDs` into the incident `draft` describes.
    public init(draft: IncidentDraft, alertIDs: [Int64]) {
        self.draft = draft
        self.alertIDs = alertIDs
    }
}
