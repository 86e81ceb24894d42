import Foundation
import TocsinCore

/// An incident as the public page tells it: a title and a series of updates.
public struct StatusIncident: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier.
    public var id: String
    /// The headline customers read.
    public var title: LocalizedText
    /// When the incident was opened on the page.
    public var createdAt: Date
    /// The updates, in any order; `updatesNewestFirst` orders them.
    public var updates: [StatusUpdate]
    /// An impact set by hand, overriding the one computed from the affected components.
    public var impactOverride: StatusImpact?

    /// Creates an incident.
    public init(
        id: String, title: LocalizedText, createdAt: Date, updates: [StatusUpdate] = [],
        impactOverride: StatusImpact? = nil
    ) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updates = updates
        self.impactOverride = impactOverride
    }

    /// The updates, highest version first (the publication time breaks ties).
    public var updatesNewestFirst: [StatusUpdate] {
        updates.sorted { ($0.version, $0.at) > ($1.version, $1.at) }
    }

    /// The newest update, if there is one.
    public var latestUpdate: StatusUpdate? { updatesNewestFirst.first }

    /// The phase of the newest update; an incident without updates is being investigated.
    public var phase: IncidentPhase { latestUpdate?.phase ?? .investigating }

    /// Whether the incident is over.
    public var isResolved: Bool { phase == .resolved }

    /// When the incident was resolved: the first update of the closing run of resolved updates (a later note on a
    /// resolved incident does not move it), or `nil` while it is open.
    public var resolvedAt: Date? {
        guard isResolved else { return nil }
        return updatesNewestFirst.prefix { $0.phase == .resolved }.last?.at
    }

    /// When the incident last changed: its newest update, or its creation.
    public var updatedAt: Date { latestUpdate?.at ?? createdAt }

    /// The override, or else the worst state any update recorded for an affected component.
    ///
    /// The worst over the whole incident, as Statuspage does, so that a resolved incident in the history still
    /// shows how bad it was.
    public var impact: StatusImpact {
        impactOverride ?? StatusImpact.worst(of: updates.flatMap(\.affectedComponents).map(\.status.impact))
    }
}
