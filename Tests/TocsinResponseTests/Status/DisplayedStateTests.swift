import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Status page: displayed state")
struct DisplayedStateTests {
    @Test(arguments: [
        (ComponentStatus.operational, ComponentReason?.none, DisplayedState.operational),
        (.operational, .securityPrecaution, .operational),
        (.degradedPerformance, nil, .degraded),
        (.partialOutage, nil, .partialOutage),
        (.majorOutage, nil, .majorOutage),
        (.underMaintenance, nil, .maintenance),
        (.partialOutage, .securityPrecaution, .switchedOffAsPrecaution),
        (.majorOutage, .securityPrecaution, .switchedOffAsPrecaution),
        (.degradedPerformance, .fallbackActive, .emergencyOperation),
        (.partialOutage, .fallbackActive, .emergencyOperation),
    ])
    func derivation(status: ComponentStatus, reason: ComponentReason?, expected: DisplayedState) {
        #expect(DisplayedState(status: status, reason: reason) == expected)
    }

    @Test(arguments: [
        (DisplayedState.operational, "Betriebsbereit", "Operational"),
        (.degraded, "Eingeschränkte Leistung", "Degraded performance"),
        (.partialOutage, "Teilausfall", "Partial outage"),
        (.majorOutage, "Ausfall", "Major outage"),
        (.maintenance, "Wartung", "Under maintenance"),
        (.switchedOffAsPrecaution, "Vorsorglich abgeschaltet", "Switched off as a precaution"),
        (.emergencyOperation, "Notbetrieb (Ersatzverfahren aktiv)", "Emergency operation (fallback procedure active)"),
    ])
    func labels(state: DisplayedState, de: String, en: String) {
        #expect(state.label.text(in: .de) == de)
        #expect(state.label.text(in: .en) == en)
    }

    @Test func apiValuesAreStatuspages() {
        #expect(ComponentStatus.allCases.map(\.rawValue) == [
            "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance",
        ])
        #expect(ComponentReason.allCases.map(\.rawValue) == ["security_precaution", "fallback_active"])
        #expect(IncidentPhase.allCases.map(\.rawValue) == ["investigating", "identified", "monitoring", "resolved"])
        #expect(MaintenancePhase.allCases.map(\.rawValue) == ["scheduled", "in_progress", "verifying", "completed"])
        #expect(IncidentPhase.allCases.map(\.label.de) == [
            "Wird untersucht", "Ursache identifiziert", "Wird beobachtet", "Behoben",
        ])
        #expect(MaintenancePhase.allCases.map(\.label.de) == ["Geplant", "Läuft", "Wird geprüft", "Abgeschlossen"])
    }
}
