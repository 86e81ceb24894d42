import TocsinCore

/// What the page shows for a component: the five Statuspage states plus Tocsin's two reasons, seven in all.
public enum DisplayedState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Works as usual.
    case operational
    /// Works, but slower or with errors now and then.
    case degraded
    /// Part of the component does not work.
    case partialOutage = "partial_outage"
    /// The component does not work.
    case majorOutage = "major_outage"
    /// Planned work.
    case maintenance
    /// Deliberately switched off to contain an attack.
    case switchedOffAsPrecaution = "switched_off_as_precaution"
    /// A fallback procedure replaces the regular one.
    case emergencyOperation = "emergency_operation"

    /// The state a component with `status` and `reason` shows.
    ///
    /// A reason only counts while the component is not operational: a component back in operation shows
    /// "operational" even when a stale reason is still set.
    public init(status: ComponentStatus, reason: ComponentReason?) {
        switch (status, reason) {
        case (.operational, _): self = .operational
        case (_, .securityPrecaution?): self = .switchedOffAsPrecaution
        case (_, .fallbackActive?): self = .emergencyOperation
        case (.degradedPerformance, nil): self = .degraded
        case (.partialOutage, nil): self = .partialOutage
        case (.majorOutage, nil): self = .majorOutage
        case (.underMaintenance, nil): self = .maintenance
        }
    }

    /// The label in German and English.
    public var label: LocalizedText {
        switch self {
        case .operational: LocalizedText(de: "Betriebsbereit", en: "Operational")
        case .degraded: LocalizedText(de: "Eingeschränkte Leistung", en: "Degraded performance")
        case .partialOutage: LocalizedText(de: "Teilausfall", en: "Partial outage")
        case .majorOutage: LocalizedText(de: "Ausfall", en: "Major outage")
        case .maintenance: LocalizedText(de: "Wartung", en: "Under maintenance")
        case .switchedOffAsPrecaution:
            LocalizedText(de: "Vorsorglich abgeschaltet", en: "Switched off as a precaution")
        case .emergencyOperation:
            LocalizedText(
                de: "Notbetrieb (Ersatzverfahren aktiv)", en: "Emergency operation (fallback procedure active)")
        }
    }
}
