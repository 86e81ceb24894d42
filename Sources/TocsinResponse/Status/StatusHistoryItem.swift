import Foundation

/// A past event in the page's history.
public enum StatusHistoryItem: Sendable, Hashable, Codable {
    /// A resolved incident.
    case incident(StatusIncident)
    /// A completed maintenance, with the time it ended.
    case maintenance(ScheduledMaintenance, completedAt: Date)

    /// When the event ended.
    public var endedAt: Date {
        switch self {
        case .incident(let incident): incident.resolvedAt ?? incident.updatedAt
        case .maintenance(_, let completedAt): completedAt
        }
    }

    /// The identifier of the incident or maintenance.
    public var id: String {
        switch self {
        case .incident(let incident): incident.id
        case .maintenance(let maintenance, _): maintenance.id
        }
    }
}
