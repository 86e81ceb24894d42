/// What the caller does after a recovery event: publish a phase, announce or withdraw an outage.
public enum RecoveryAction: Sendable, Hashable {
    /// The service moved from one phase to another; the status page shows the new one.
    case changedPhase(from: RecoveryPhase, to: RecoveryPhase)
    /// Announce this outage to the service's customers.
    case announceOutage(PlannedOutage)
    /// Withdraw this announced outage; it will not happen.
    case withdrawOutage(PlannedOutage)
    /// This announced outage is over: the switch it was for is done.
    case completeOutage(PlannedOutage)
}
