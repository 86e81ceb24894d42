import Foundation

/// One document of the service-continuity and status-page record: a containment, a service's recovery state, a
/// public incident, a maintenance window. The response logic owns the JSON; the store keeps it and dates it.
public struct StatusDocument: Sendable, Hashable {
    /// What the document is: `containment`, `recovery`, `incident`, `maintenance`, `component`.
    public var kind: String
    /// Its id within the kind.
    public var id: String
    /// The document, a JSON value encoded by its owner.
    public var body: String
    /// When it was last written.
    public var updatedAt: Date

    /// Creates a document.
    public init(kind: String, id: String, body: String, updatedAt: Date) {
        self.kind = kind
        self.id = id
        self.body = body
        self.updatedAt = updatedAt
    }
}

/// A change to one status document: its new body, or its removal when `body` is `nil`.
public struct StatusDocumentWrite: Sendable, Hashable {
    public var kind: String
    public var id: String
    /// The new JSON body; `nil` deletes the document.
    public var body: String?

    /// Creates a write.
    public init(kind: String, id: String, body: String?) {
        self.kind = kind
        self.id = id
        self.body = body
    }
}

/// Where a subscription of the public page stands.
public enum SubscriberStatus: String, Sendable, Codable, CaseIterable {
    /// Signed up; waits for the address's owner to follow the confirmation link (double opt-in).
    case pending
    /// Confirmed: receives updates.
    case confirmed
    /// Left; receives nothing until they subscribe and confirm again.
    case unsubscribed
}

/// A subscriber of the public status page.
public struct StatusSubscriber: Sendable, Hashable {
    public var id: Int64
    public var email: String
    /// `de` or `en`: the language of their mails.
    public var language: String
    public var status: SubscriberStatus
    public var createdAt: Date
    public var confirmedAt: Date?
}
