import Foundation
import TocsinCore

/// One published message about an incident: what is known, what is affected, what customers must do, and when the
/// next message comes.
public struct StatusUpdate: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier, unique within the incident.
    public var id: String
    /// The incident's phase as of this update.
    public var phase: IncidentPhase
    /// The message, plain text; blank lines separate paragraphs.
    public var body: LocalizedText
    /// When it was published.
    public var at: Date
    /// The update's number within the incident: 1, 2, … ("Version 3").
    public var version: Int
    /// The components this update names, with their state at the time.
    public var affectedComponents: [ComponentImpact]
    /// When the next update is promised, if a time was given.
    public var nextUpdateAt: Date?
    /// Steps customers should take now, in order (change passwords of the practice software, and so on).
    public var customerActions: [LocalizedText]
    /// Whether subscribers are notified of this update.
    public var deliverNotifications: Bool

    /// Creates an update.
    public init(
        id: String, phase: IncidentPhase, body: LocalizedText, at: Date, version: Int,
        affectedComponents: [ComponentImpact] = [], nextUpdateAt: Date? = nil, customerActions: [LocalizedText] = [],
        deliverNotifications: Bool = true
    ) {
        self.id = id
        self.phase = phase
        self.body = body
        self.at = at
        self.version = version
        self.affectedComponents = affectedComponents
        self.nextUpdateAt = nextUpdateAt
        self.customerActions = customerActions
        self.deliverNotifications = deliverNotifications
    }
}
