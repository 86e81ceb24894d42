import Foundation
import TocsinCore

/// An alert the detection pipeline wants stored; a second alert with the same ``dedupKey`` is dropped.
public struct NewAlert: Sendable, Hashable {
    /// Unique key: the same detection seen again (after a restart, say) has the same key, e.g. `rule-id:event-id`.
    public var dedupKey: String
    /// The rule that fired.
    public var ruleID: String
    /// The rule's title, for people.
    public var title: String
    /// The rule's level.
    public var severity: Level
    /// The event that triggered the alert, when there is one (correlations have several).
    public var eventID: Int64?
    /// The host the event came from, when known.
    public var host: String?
    /// When the alert was raised.
    public var createdAt: Date
    /// Anything else worth keeping: matched fields, correlation group, ATT&CK tags.
    public var details: [String: JSONValue]

    /// Creates an alert to store.
    public init(
        dedupKey: String, ruleID: String, title: String, severity: Level, eventID: Int64? = nil,
        host: String? = nil, createdAt: Date, details: [String: JSONValue] = [:]
    ) {
        self.dedupKey = dedupKey
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.eventID = eventID
        self.host = host
        self.createdAt = createdAt
        self.details = details
    }
}

/// An alert the store holds.
public struct StoredAlert: Sendable, Hashable, Identifiable {
    /// The store's identifier.
    public var id: Int64
    /// Everything the pipeline gave.
    public var alert: NewAlert

    /// Creates a stored alert (the store does this when reading).
    public init(id: Int64, alert: NewAlert) {
        self.id = id
        self.alert = alert
    }
}

/// What ``EventStore/commitProcessing(upTo:alerts:audit:)`` did.
public struct ProcessingCommit: Sendable, Hashable {
    /// The processing cursor after the commit.
    public var cursor: Int64
    /// One entry per alert given, in order: the new alert's id, or `nil` when its key was already stored.
    public var alertIDs: [Int64?]

    /// How many alerts were dropped as duplicates.
    public var duplicates: Int { alertIDs.count { $0 == nil } }

    /// Creates a result.
    public init(cursor: Int64, alertIDs: [Int64?]) {
        self.cursor = cursor
        self.alertIDs = alertIDs
    }
}
