import TocsinCore

/// Where a scheduled maintenance stands (Statuspage's scheduled-incident states).
public enum MaintenancePhase: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Announced, not started.
    case scheduled
    /// Under way.
    case inProgress = "in_progress"
    /// The work is done and being checked.
    case verifying
    /// Over.
    case completed

    /// The label in German and English.
    public var label: LocalizedText {
        switch self {
        case .scheduled: LocalizedText(de: "Geplant", en: "Scheduled")
        case .inProgress: LocalizedText(de: "Läuft", en: "In progress")
        case .verifying: LocalizedText(de: "Wird geprüft", en: "Verifying")
        case .completed: LocalizedText(de: "Abgeschlossen", en: "Completed")
        }
    }

    /// Orders from `scheduled` to `completed`.
    public static func < (lhs: MaintenancePhase, rhs: MaintenancePhase) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .scheduled: 0
        case .inProgress: 1
        case .verifying: 2
        case .completed: 3
        }
    }
}
