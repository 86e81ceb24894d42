import Foundation
import TocsinCore

/// A short announced outage of a service, such as the switch from the emergency workaround back to regular
/// operation.
public struct PlannedOutage: Sendable, Hashable, Codable {
    /// The id of the service.
    public var service: String
    /// When the outage starts.
    public var start: Date
    /// When it is planned to end.
    public var end: Date
    /// Why, for the status page.
    public var reason: LocalizedText

    /// Creates an outage.
    public init(service: String, start: Date, end: Date, reason: LocalizedText) {
        self.service = service
        self.start = start
        self.end = end
        self.reason = reason
    }

    /// How long it is planned to last, in seconds.
    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// Whether the outage is under way at `time`.
    public func covers(_ time: Date) -> Bool { start <= time && time < end }
}
