import Foundation
import TocsinCore

/// Something responders report about a service on its way back.
public enum RecoveryEvent: Sendable, Hashable {
    /// Work on bringing the service back starts (from down).
    case startRestoring
    /// A workaround now serves customers (from down or restoring); the note says what it is.
    case startEmergencyOperation(note: LocalizedText)
    /// The service runs regularly again (from restoring or emergency operation); a planned outage ends with it.
    case returnToRegular
    /// The service goes down (from any other phase); a planned outage is withdrawn.
    case takeDown(reason: LocalizedText)
    /// Announces the outage for the switch from the workaround back to regular operation (in emergency operation
    /// only); it replaces one announced before.
    case schedulePlannedOutage(start: Date, end: Date, reason: LocalizedText)
    /// Withdraws the announced outage.
    case cancelPlannedOutage
}
