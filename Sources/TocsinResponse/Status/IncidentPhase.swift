import TocsinCore

/// Where an incident stands as the public sees it (Statuspage's realtime incident states).
public enum IncidentPhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// The provider is looking into it.
    case investigating
    /// The cause is known; for an attack: detected, containment under way.
    case identified
    /// A fix is in place and being watched.
    case monitoring
    /// Over.
    case resolved

    /// The label in German and English.
    public var label: LocalizedText {
        switch self {
        case .investigating: LocalizedText(de: "Wird untersucht", en: "Investigating")
        case .identified: LocalizedText(de: "Ursache identifiziert", en: "Identified")
        case .monitoring: LocalizedText(de: "Wird beobachtet", en: "Monitoring")
        case .resolved: LocalizedText(de: "Behoben", en: "Resolved")
        }
    }
}
