import Foundation

/// What one retention run may delete: events received and alerts created before these times.
public struct RetentionCutoffs: Sendable, Hashable {
    /// Events received before this go, once the detection pipeline has processed them.
    public var eventsReceivedBefore: Date
    /// Alerts created before this go, unless an incident that is still open holds them.
    public var alertsCreatedBefore: Date

    /// Cutoffs for one run.
    public init(eventsReceivedBefore: Date, alertsCreatedBefore: Date) {
        self.eventsReceivedBefore = eventsReceivedBefore
        self.alertsCreatedBefore = alertsCreatedBefore
    }
}

/// What one retention run deleted.
public struct RetentionPurge: Sendable, Hashable {
    /// Events deleted.
    public var events: Int
    /// Alerts deleted.
    public var alerts: Int
    /// Links between deleted alerts and (closed or resolved) incidents, deleted with them.
    public var incidentLinks: Int
    /// Transactions the run took (each with its own `retention.purged` audit entry when it deleted anything).
    public var chunks: Int

    /// Counts of one run.
    public init(events: Int = 0, alerts: Int = 0, incidentLinks: Int = 0, chunks: Int = 0) {
        self.events = events
        self.alerts = alerts
        self.incidentLinks = incidentLinks
        self.chunks = chunks
    }
}
