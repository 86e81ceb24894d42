import Foundation
import TocsinCore

/// One published message about a scheduled maintenance.
public struct MaintenanceUpdate: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier, unique within the maintenance.
    public var id: String
    /// The phase this message sets. `verifying` and `completed` stop the automatic transitions by time.
    public var phase: MaintenancePhase
    /// The message, plain text; blank lines separate paragraphs.
    public var body: LocalizedText
    /// When it was published.
    public var at: Date

    /// Creates a maintenance update.
    public init(id: String, phase: MaintenancePhase, body: LocalizedText, at: Date) {
        self.id = id
        self.phase = phase
        self.body = body
        self.at = at
    }
}
