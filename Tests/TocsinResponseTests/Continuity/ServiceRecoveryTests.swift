import TocsinCore
import Testing

@testable import TocsinResponse

@Suite struct ServiceRecoveryTests {
    let note = LocalizedText(de: "eAU-Meldungen werden zwischengespeichert", en: "eAU messages are queued")
    let reason = LocalizedText(de: "Umstellung auf Regelbetrieb", en: "Switch to regular operation")

    @Test func downThroughEmergencyToRegularOverAPlannedOutage() throws {
        var recovery = ServiceRecovery(service: "eau", since: at(0))
        #expect(try recovery.handle(.startRestoring, at: at(1)).get() == [.changedPhase(from: .down, to: .restoring)])
        #expect(
            try recovery.handle(.startEmergencyOperation(note: note), at: at(2)).get() == [
                .changedPhase(from: .restoring, to: .emergencyOperation)
            ])
        #expect(recovery.note == note)
        let outage = PlannedOutage(service: "eau", start: at(60), end: at(75), reason: reason)
        let scheduled = recovery.handle(
            .schedulePlannedOutage(start: at(60), end: at(75), reason: reason), at: at(3))
        #expect(try scheduled.get() == [.announceOutage(outage)])
        #expect(outage.duration == 900)
        let moved = PlannedOutage(service: "eau", start: at(70), end: at(80), reason: reason)
        let rescheduled = recovery.handle(
            .schedulePlannedOutage(start: at(70), end: at(80), reason: reason), at: at(4))
        #expect(try rescheduled.get() == [.withdrawOutage(outage), .announceOutage(moved)])
        #expect(
            try recovery.handle(.returnToRegular, at: at(80)).get() == [
                .changedPhase(from: .emergencyOperation, to: .regularOperation), .completeOutage(moved),
            ])
        #expect(recovery.plannedOutage == nil)
        #expect(recovery.phase == .regularOperation)
        #expect(recovery.since == at(80))
        #expect(recovery.history.map(\.to) == [.restoring, .emergencyOperation, .regularOperation])
    }

    /// Each row: the phase, the event, and the rejection's message (nil: accepted).
    static let table: [(RecoveryPhase, String, String?)] = [
        (.down, "restore", nil), (.down, "emergency", nil), (.down, "regular", "return to regular operation"),
        (.down, "takeDown", "take down"), (.restoring, "restore", "start restoring"), (.restoring, "emergency", nil),
        (.restoring, "regular", nil), (.restoring, "takeDown", nil), (.emergencyOperation, "restore", "start restoring"),
        (.emergencyOperation, "emergency", "start emergency operation for"), (.emergencyOperation, "regular", nil),
        (.emergencyOperation, "takeDown", nil), (.regularOperation, "restore", "start restoring"),
        (.regularOperation, "emergency", "start emergency operation for"),
        (.regularOperation, "regular", "return to regular operation"), (.regularOperation, "takeDown", nil),
        (.restoring, "outage", "plan an outage for"),
    ]

    @Test(arguments: table) func transitions(_ phase: RecoveryPhase, _ name: String, _ refused: String?) {
        let events: [String: RecoveryEvent] = [
            "restore": .startRestoring, "emergency": .startEmergencyOperation(note: note), "regular": .returnToRegular,
            "takeDown": .takeDown(reason: reason),
            "outage": .schedulePlannedOutage(start: at(10), end: at(20), reason: reason),
        ]
        var recovery = ServiceRecovery(service: "kim", phase: phase, since: at(0))
        let before = recovery
        switch recovery.handle(events[name] ?? .startRestoring, at: at(5)) {
        case .success(let actions):
            #expect(refused == nil)
            #expect(actions.first == .changedPhase(from: phase, to: recovery.phase))
        case .failure(let rejection):
            #expect(rejection.message == "cannot \(refused ?? "?") a service in phase \(phase.rawValue)")
            #expect(rejection.code == "T845")
            #expect(recovery == before)
        }
    }

    @Test func badOutagesAndTakingDownWithdrawsTheOutage() throws {
        var recovery = ServiceRecovery(service: "eau", phase: .emergencyOperation, since: at(0))
        let backwards = recovery.handle(.schedulePlannedOutage(start: at(20), end: at(10), reason: reason), at: at(1))
        #expect(backwards == .failure(RecoveryRejection(code: "T846", "a planned outage must end after it starts")))
        let over = recovery.handle(.schedulePlannedOutage(start: at(2), end: at(3), reason: reason), at: at(5))
        #expect(over == .failure(RecoveryRejection(code: "T846", "a planned outage must not be over already")))
        #expect(recovery.handle(.cancelPlannedOutage, at: at(5)).map { _ in true } == .failure(
            RecoveryRejection(code: "T846", "there is no planned outage to cancel")))
        _ = recovery.handle(.schedulePlannedOutage(start: at(10), end: at(20), reason: reason), at: at(5))
        let outage = try #require(recovery.plannedOutage)
        #expect(
            try recovery.handle(.takeDown(reason: reason), at: at(6)).get() == [
                .changedPhase(from: .emergencyOperation, to: .down), .withdrawOutage(outage),
            ])
        #expect(recovery.note == reason)
        #expect(RecoveryPhase.emergencyOperation.rawValue == "emergency_operation")
        #expect(RecoveryPhase.regularOperation.rawValue == "regular_operation")
    }
}
