import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

/// A fixed instant for the status-page model tests: 2 Dec 2026, 13:05 UTC.
let statusModelNow = Date(timeIntervalSince1970: 1_796_216_700)

func statusComponent(_ id: String, _ status: ComponentStatus, _ reason: ComponentReason? = nil) -> StatusComponent {
    StatusComponent(id: id, name: LocalizedText(id), status: status, reason: reason, position: 0)
}

func statusSnapshot(_ components: [StatusComponent], incidents: [StatusIncident] = []) -> StatusPageSnapshot {
    StatusPageSnapshot(
        organisation: LocalizedText("Org"), title: LocalizedText("Status"), generatedAt: statusModelNow, version: 1,
        components: components, incidents: incidents)
}

@Suite("Status page: roll-up")
struct StatusRollupTests {
    @Test(arguments: [
        ([ComponentStatus.operational, .operational], StatusImpact.none, StatusHeadline.allOperational),
        ([.operational, .underMaintenance], .minor, .maintenance),
        ([.degradedPerformance, .underMaintenance], .minor, .minorDisruption),
        ([.partialOutage, .degradedPerformance], .major, .partialOutage),
        ([.majorOutage, .partialOutage, .operational], .critical, .majorOutage),
        ([], .none, .allOperational),
    ])
    func indicatorAndHeadline(statuses: [ComponentStatus], indicator: StatusImpact, headline: StatusHeadline) {
        let snapshot = statusSnapshot(statuses.enumerated().map { statusComponent("c\($0.offset)", $0.element) })
        #expect(snapshot.indicator == indicator)
        #expect(snapshot.headline == headline)
    }

    @Test func headlineTexts() {
        let allWell = LocalizedText(de: "Alle Systeme betriebsbereit", en: "All systems operational")
        #expect(StatusHeadline.allOperational.text == allWell)
        #expect(StatusHeadline.partialOutage.text.de == "Teilweise Störung")
        #expect(StatusHeadline.majorOutage.text.de == "Schwerwiegende Störung")
        #expect(StatusHeadline.majorOutage.text.en == "Major service outage")
    }

    @Test func anOpenIncidentKeepsThePageFromSayingAllIsWell() {
        let quiet = StatusIncident(
            id: "i1", title: LocalizedText("Auffälligkeit"), createdAt: statusModelNow,
            updates: [
                StatusUpdate(id: "u1", phase: .investigating, body: LocalizedText("…"), at: statusModelNow, version: 1)
            ])
        #expect(statusSnapshot([statusComponent("a", .operational)], incidents: [quiet]).headline == .incidentOpen)
        var loud = quiet
        loud.impactOverride = .critical
        let snapshot = statusSnapshot([statusComponent("a", .operational)], incidents: [loud])
        #expect(snapshot.indicator == .critical)
        #expect(snapshot.headline == .majorOutage)
    }

    @Test func aReasonDoesNotChangeTheRollUp() {
        let snapshot = statusSnapshot([statusComponent("eau", .partialOutage, .securityPrecaution)])
        #expect(snapshot.indicator == .major)
    }

    @Test func componentsAreGroupedInPositionOrder() {
        let insured = LocalizedText("Versicherte")
        let operations = LocalizedText("Betrieb")
        let components = [
            StatusComponent(id: "mail", name: LocalizedText("Mail"), group: operations, position: 20),
            StatusComponent(id: "kim", name: LocalizedText("KIM"), group: insured, position: 3),
            StatusComponent(id: "eau", name: LocalizedText("eAU"), group: insured, position: 1),
            StatusComponent(id: "misc", name: LocalizedText("Misc"), position: 30),
        ]
        let groups = statusSnapshot(components).componentGroups
        #expect(groups.map(\.name) == [insured, operations, nil])
        #expect(groups.map { $0.components.map(\.id) } == [["eau", "kim"], ["mail"], ["misc"]])
    }

    @Test func theExampleIsARealisticBreach() {
        let snapshot = StatusPageSnapshot.example(now: statusModelNow)
        #expect(snapshot.indicator == .critical)
        #expect(snapshot.component(id: "eau")?.displayedState == .switchedOffAsPrecaution)
        #expect(snapshot.component(id: "epa")?.displayedState == .emergencyOperation)
        #expect(snapshot.component(id: "kim")?.displayedState == .majorOutage)
        #expect(snapshot.component(id: "statistics")?.displayedState == .maintenance)
        #expect(snapshot.activeIncidents.map(\.id) == ["2026-attack"])
        #expect(snapshot.currentMaintenances.map(\.id) == ["2026-statistics", "2026-eau-return"])
        #expect(snapshot.history(days: 15).map(\.id) == ["2026-datacentre", "2026-kim-delay"])
        #expect(snapshot.history(days: 4).map(\.id) == ["2026-datacentre"])
    }

    @Test func settingsDefaults() {
        let settings = StatusPageSettings(organisation: LocalizedText("Org"))
        #expect(settings.antiPhishing.de == "Wir fragen niemals per E-Mail oder Telefon nach Passwörtern oder Zugangsdaten.")
        #expect(settings.antiPhishing.en == "We will never ask for passwords or access credentials by e-mail or phone.")
        #expect(settings.historyDays == 15)
        #expect(settings.timeZoneID == "Europe/Berlin")
    }

    @Test func theSnapshotRoundTripsThroughJSON() throws {
        let snapshot = StatusPageSnapshot.example(now: statusModelNow)
        let data = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(StatusPageSnapshot.self, from: data) == snapshot)
    }
}
