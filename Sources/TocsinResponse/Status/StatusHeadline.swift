import TocsinCore

/// The one-line summary at the top of the page, derived from the roll-up (our own wording, not Statuspage's).
public enum StatusHeadline: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing is affected and no incident is open.
    case allOperational = "all_operational"
    /// Nothing is affected, but an incident is open (being investigated before any component is named).
    case incidentOpen = "incident_open"
    /// Only planned maintenance.
    case maintenance
    /// Degraded performance somewhere.
    case minorDisruption = "minor_disruption"
    /// At least one partial outage.
    case partialOutage = "partial_outage"
    /// At least one major outage.
    case majorOutage = "major_outage"

    /// The headline in German and English.
    public var text: LocalizedText {
        switch self {
        case .allOperational: LocalizedText(de: "Alle Systeme betriebsbereit", en: "All systems operational")
        case .incidentOpen:
            LocalizedText(de: "Ein Vorfall wird untersucht", en: "An incident is being investigated")
        case .maintenance: LocalizedText(de: "Wartungsarbeiten", en: "Maintenance in progress")
        case .minorDisruption: LocalizedText(de: "Leichte Beeinträchtigung", en: "Minor service disruption")
        case .partialOutage: LocalizedText(de: "Teilweise Störung", en: "Partial service outage")
        case .majorOutage: LocalizedText(de: "Schwerwiegende Störung", en: "Major service outage")
        }
    }
}
