import Foundation
import Logging
import ServiceLifecycle
import TocsinStore

/// Deletes what the configuration no longer keeps: at start, then every `interval`.
///
/// Events older than `retention.events` that detection has processed, alerts older than `retention.alerts` outside
/// open incidents (``RetentionStore/purge(_:chunkSize:)``), and login sessions that ended by time. The audit log is
/// never purged. A failed run (the database away, say) is logged and counted; the next run tries again.
struct RetentionService<S: Store>: Service {
    let store: S
    let retainEvents: Double
    let retainAlerts: Double
    let sessions: ServerConfiguration.Sessions
    let interval: Duration
    let chunkSize: Int
    let metrics: ServerMetrics
    let clock: @Sendable () -> Date
    let logger: Logger

    init(
        store: S, configuration: ServerConfiguration, interval: Duration, chunkSize: Int = 5_000,
        metrics: ServerMetrics, clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        retainEvents = configuration.retainEvents
        retainAlerts = configuration.retainAlerts
        sessions = configuration.sessions
        self.interval = interval
        self.chunkSize = chunkSize
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await purgeOnce()
                // Cancelled on shutdown: the sleep throws and the loop ends.
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }

    /// One run: what it deleted, or `nil` when the store failed (logged and counted).
    func purgeOnce() async -> (purge: RetentionPurge, sessions: Int)? {
        let now = clock()
        let cutoffs = RetentionCutoffs(
            eventsReceivedBefore: now.addingTimeInterval(-retainEvents),
            alertsCreatedBefore: now.addingTimeInterval(-retainAlerts))
        do {
            let purge = try await store.purge(cutoffs, chunkSize: chunkSize)
            let ended = try await store.deleteExpiredSessions(
                expiredAt: now, idleSince: now.addingTimeInterval(-sessions.idleTimeout))
            metrics.count(.retentionRuns)
            metrics.count(.retentionEventsPurged, by: purge.events)
            metrics.count(.retentionAlertsPurged, by: purge.alerts)
            metrics.count(.retentionSessionsPurged, by: ended)
            logger.info(
                "retention run finished",
                metadata: [
                    "retention.events": "\(purge.events)", "retention.alerts": "\(purge.alerts)",
                    "retention.incident_links": "\(purge.incidentLinks)", "retention.sessions": "\(ended)",
                    "retention.chunks": "\(purge.chunks)",
                ])
            return (purge, ended)
        } catch {
            metrics.count(.retentionFailures)
            logger.info("retention run failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
