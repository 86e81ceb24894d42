import Foundation
import TocsinCore

/// One service's way back after a containment, as a state machine value.
///
/// The phases go `down → restoring → regular_operation`, or through a workaround: `down` or `restoring` →
/// `emergency_operation` → `regular_operation`, usually over a planned outage for the switch. Any phase but `down`
/// can go down again. Refused, because they skip a step or repeat one:
/// - `regular_operation → restoring`: a running service has nothing to restore; take it down first.
/// - `emergency_operation → restoring`: the workaround keeps serving while the regular system is rebuilt, so the
///   phase stays `emergency_operation` until `returnToRegular`.
/// - `down → regular_operation`: restoring has to start first, so the timeline shows it.
/// An event that is refused leaves the value unchanged.
public struct ServiceRecovery: Sendable, Hashable, Codable {
    /// The id of the service.
    public let service: String
    /// The phase now.
    public private(set) var phase: RecoveryPhase
    /// When the service entered the phase.
    public private(set) var since: Date
    /// The workaround's note in emergency operation, the reason when taken down; nil otherwise.
    public private(set) var note: LocalizedText?
    /// The outage announced for the switch back, if any.
    public private(set) var plannedOutage: PlannedOutage?
    /// Every phase change, oldest first.
    public private(set) var history: [RecoveryTransition] = []

    /// Creates the recovery of a service in a phase (down unless said otherwise) since a time.
    public init(service: String, phase: RecoveryPhase = .down, since: Date, note: LocalizedText? = nil) {
        self.service = service
        self.phase = phase
        self.since = since
        self.note = note
    }

    /// Applies an event at a time: the actions to carry out, or why it was refused.
    public mutating func handle(_ event: RecoveryEvent, at time: Date) -> Result<[RecoveryAction], RecoveryRejection> {
        switch event {
        case .startRestoring:
            guard phase == .down else {
                let hint =
                    switch phase {
                    case .emergencyOperation: "the workaround serves until the switch back; return to regular"
                    case .regularOperation: "the service runs; take it down first"
                    default: nil as String?
                    }
                return .failure(.illegal("start restoring", in: phase, hint: hint))
            }
            return .success(enter(.restoring, at: time, note: nil))
        case .startEmergencyOperation(let text):
            guard phase == .down || phase == .restoring else {
                return .failure(.illegal("start emergency operation for", in: phase, hint: nil))
            }
            return .success(enter(.emergencyOperation, at: time, note: text))
        case .returnToRegular:
            guard phase == .restoring || phase == .emergencyOperation else {
                let hint = phase == .down ? "start restoring first" : nil
                return .failure(.illegal("return to regular operation", in: phase, hint: hint))
            }
            var actions = enter(.regularOperation, at: time, note: nil)
            if let outage = plannedOutage { actions.append(.completeOutage(outage)) }
            plannedOutage = nil
            return .success(actions)
        case .takeDown(let reason):
            guard phase != .down else { return .failure(.illegal("take down", in: phase, hint: nil)) }
            var actions = enter(.down, at: time, note: reason)
            if let outage = plannedOutage { actions.append(.withdrawOutage(outage)) }
            plannedOutage = nil
            return .success(actions)
        case .schedulePlannedOutage(let start, let end, let reason):
            return schedule(PlannedOutage(service: service, start: start, end: end, reason: reason), at: time)
        case .cancelPlannedOutage:
            guard let outage = plannedOutage else {
                return .failure(RecoveryRejection(code: "T846", "there is no planned outage to cancel"))
            }
            plannedOutage = nil
            return .success([.withdrawOutage(outage)])
        }
    }

    private mutating func schedule(
        _ outage: PlannedOutage, at time: Date
    ) -> Result<[RecoveryAction], RecoveryRejection> {
        guard phase == .emergencyOperation else {
            return .failure(
                .illegal(
                    "plan an outage for", in: phase,
                    hint: "a planned outage is for the switch from emergency to regular operation"))
        }
        guard outage.end > outage.start else {
            return .failure(RecoveryRejection(code: "T846", "a planned outage must end after it starts"))
        }
        guard outage.end > time else {
            return .failure(RecoveryRejection(code: "T846", "a planned outage must not be over already"))
        }
        var actions: [RecoveryAction] = []
        if let previous = plannedOutage { actions.append(.withdrawOutage(previous)) }
        plannedOutage = outage
        actions.append(.announceOutage(outage))
        return .success(actions)
    }

    private mutating func enter(_ next: RecoveryPhase, at time: Date, note: LocalizedText?) -> [RecoveryAction] {
        history.append(RecoveryTransition(from: phase, to: next, at: time))
        let previous = phase
        phase = next
        since = time
        self.note = note
        return [.changedPhase(from: previous, to: next)]
    }
}
