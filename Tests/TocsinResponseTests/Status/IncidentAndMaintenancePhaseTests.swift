import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Status page: incident and maintenance phases")
struct IncidentAndMaintenancePhaseTests {
    static let start = statusModelNow

    static func update(
        _ version: Int, _ phase: IncidentPhase, minute: Double, _ affected: [ComponentImpact] = []
    ) -> StatusUpdate {
        StatusUpdate(
            id: "u\(version)", phase: phase, body: LocalizedText("v\(version)"),
            at: start.addingTimeInterval(minute * 60), version: version, affectedComponents: affected)
    }

    @Test func phaseIsTheNewestUpdatesWhateverTheStoredOrder() {
        let incident = StatusIncident(
            id: "i", title: LocalizedText("t"), createdAt: Self.start,
            updates: [Self.update(2, .identified, minute: 30), Self.update(3, .monitoring, minute: 60),
                Self.update(1, .investigating, minute: 0)])
        #expect(incident.phase == .monitoring)
        #expect(incident.updatesNewestFirst.map(\.version) == [3, 2, 1])
        #expect(incident.resolvedAt == nil)
        #expect(incident.updatedAt == Self.start.addingTimeInterval(3_600))
    }

    @Test func anIncidentWithoutUpdatesIsBeingInvestigated() {
        #expect(StatusIncident(id: "i", title: LocalizedText("t"), createdAt: Self.start).phase == .investigating)
    }

    @Test func resolvedAtIsTheFirstOfTheClosingResolvedUpdates() {
        let incident = StatusIncident(
            id: "i", title: LocalizedText("t"), createdAt: Self.start,
            updates: [Self.update(1, .investigating, minute: 0), Self.update(2, .resolved, minute: 90),
                Self.update(3, .resolved, minute: 600)])
        #expect(incident.resolvedAt == Self.start.addingTimeInterval(90 * 60))
    }

    @Test func impactIsTheWorstOverTheWholeIncidentUnlessOverridden() {
        var incident = StatusIncident(
            id: "i", title: LocalizedText("t"), createdAt: Self.start,
            updates: [
                Self.update(1, .investigating, minute: 0, [ComponentImpact(componentID: "kim", status: .majorOutage)]),
                Self.update(2, .resolved, minute: 60, [ComponentImpact(componentID: "kim", status: .operational)]),
            ])
        #expect(incident.impact == .critical)
        incident.impactOverride = .minor
        #expect(incident.impact == .minor)
        incident.updates = [Self.update(1, .investigating, minute: 0)]
        incident.impactOverride = nil
        #expect(incident.impact == .none)
    }

    static func maintenance(_ updates: [(MaintenancePhase, Double)] = []) -> ScheduledMaintenance {
        ScheduledMaintenance(
            id: "m", title: LocalizedText("t"), body: LocalizedText("b"), components: ["statistics"],
            scheduledFor: start.addingTimeInterval(3_600), scheduledUntil: start.addingTimeInterval(7_200),
            updates: updates.enumerated().map { index, item in
                MaintenanceUpdate(
                    id: "m\(index)", phase: item.0, body: LocalizedText("x"), at: start.addingTimeInterval(item.1 * 60))
            })
    }

    @Test(arguments: [
        (0.0, MaintenancePhase.scheduled), (59.0, .scheduled), (60.0, .inProgress), (119.0, .inProgress),
        (120.0, .completed), (600.0, .completed),
    ])
    func maintenanceMovesWithTheClock(minute: Double, expected: MaintenancePhase) {
        #expect(Self.maintenance().phase(at: Self.start.addingTimeInterval(minute * 60)) == expected)
    }

    @Test func anUpdateCanStartWorkEarlyButTheClockStillCompletesIt() {
        let early = Self.maintenance([(.scheduled, 0), (.inProgress, 30)])
        #expect(early.phase(at: Self.start.addingTimeInterval(40 * 60)) == .inProgress)
        #expect(early.phase(at: Self.start.addingTimeInterval(130 * 60)) == .completed)
    }

    @Test func verifyingHoldsPastTheWindowAndCompletedMayComeEarly() {
        let verifying = Self.maintenance([(.inProgress, 60), (.verifying, 110)])
        #expect(verifying.phase(at: Self.start.addingTimeInterval(300 * 60)) == .verifying)
        #expect(verifying.completedAt(at: Self.start.addingTimeInterval(300 * 60)) == nil)
        let done = Self.maintenance([(.inProgress, 60), (.completed, 80)])
        #expect(done.phase(at: Self.start.addingTimeInterval(90 * 60)) == .completed)
        #expect(done.completedAt(at: Self.start.addingTimeInterval(90 * 60)) == Self.start.addingTimeInterval(80 * 60))
        #expect(Self.maintenance().completedAt(at: Self.start.addingTimeInterval(300 * 60))
            == Self.start.addingTimeInterval(7_200))
    }
}
