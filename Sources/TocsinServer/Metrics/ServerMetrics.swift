import Foundation
import Synchronization

/// Counters the server keeps for `/metrics`, in the Prometheus text format.
final class ServerMetrics: Sendable {
    enum Counter: String, CaseIterable {
        case eventsIn = "tocsin_events_received_total"
        case rejectedLines = "tocsin_ingest_lines_rejected_total"
        case unauthenticated = "tocsin_requests_unauthenticated_total"
        case forbidden = "tocsin_requests_forbidden_total"
        case unsupportedMediaType = "tocsin_requests_unsupported_media_type_total"
        case tooLarge = "tocsin_requests_too_large_total"
        case badRequest = "tocsin_requests_bad_total"
        /// Requests for a path, method or id that does not exist.
        case notFound = "tocsin_requests_not_found_total"
        /// Requests the server failed to answer (500), whatever the cause.
        case failed = "tocsin_requests_failed_total"
        /// State changes an incident's state does not allow.
        case conflict = "tocsin_requests_conflict_total"
        case rateLimited = "tocsin_requests_rate_limited_total"
        case backPressure = "tocsin_requests_back_pressure_total"
        /// Ingest requests held until detection caught up (see `ingest.max_detection_delay`).
        case ingestHeld = "tocsin_ingest_requests_held_total"
        case storeUnavailable = "tocsin_requests_store_unavailable_total"
        case syslogTCPReceived = "tocsin_syslog_tcp_messages_received_total"
        case syslogTCPRejected = "tocsin_syslog_tcp_messages_rejected_total"
        case syslogUDPReceived = "tocsin_syslog_udp_messages_received_total"
        case syslogUDPRejected = "tocsin_syslog_udp_messages_rejected_total"
        /// Datagrams dropped because detection was behind: UDP cannot push back.
        case syslogUDPDropped = "tocsin_syslog_udp_messages_dropped_total"
        case fileEventsReceived = "tocsin_file_events_received_total"
        case fileLinesRejected = "tocsin_file_lines_rejected_total"
        /// Batches from syslog or followed files that the store refused (their events are lost or re-read).
        case ingestAppendFailures = "tocsin_ingest_append_failures_total"
        case logins = "tocsin_logins_total"
        case loginFailures = "tocsin_login_failures_total"
        case loginThrottled = "tocsin_login_throttled_total"
        /// Retention runs that finished, and what they deleted.
        case retentionRuns = "tocsin_retention_runs_total"
        case retentionEventsPurged = "tocsin_retention_events_purged_total"
        case retentionAlertsPurged = "tocsin_retention_alerts_purged_total"
        case retentionSessionsPurged = "tocsin_retention_sessions_purged_total"
        /// Retention runs the store failed (retried at the next interval).
        case retentionFailures = "tocsin_retention_failures_total"
        /// Messages the alarm chain wrote to the outbox, and what became of their attempts.
        case messagesQueued = "tocsin_messages_queued_total"
        case messagesDelivered = "tocsin_messages_delivered_total"
        case messageAttemptsFailed = "tocsin_message_attempts_failed_total"
        case messagesDead = "tocsin_messages_dead_total"
        /// Escalations that paged every tier and loop without anyone acknowledging.
        case escalationsExhausted = "tocsin_escalations_exhausted_total"
        /// Alarm decisions or deliveries the store or a template failed (retried: replayed at start, or next tick).
        case alarmFailures = "tocsin_alarm_failures_total"
        /// Requests of the public status page, its feed and its JSON, answered from the cache.
        case statusRequests = "tocsin_status_page_requests_total"
        /// Renderings of the public page.
        case statusRenders = "tocsin_status_page_renders_total"
        /// Refreshes that failed (the store slow or away): the last good rendering was kept.
        case statusRenderFailures = "tocsin_status_page_render_failures_total"
        /// Sign-ups, confirmations and departures of the page's subscribers.
        case statusSubscriptions = "tocsin_status_subscription_changes_total"
    }

    private let counts = Mutex<[Counter: Int]>([:])
    private let ingestLatency = Mutex(LatencyHistogram())
    private let deliveryLatency = Mutex(LatencyHistogram())

    /// Records how long a delivered message took from being queued to being delivered.
    func observeDelivery(seconds: Double) {
        deliveryLatency.withLock { $0.observe(seconds) }
    }

    /// Records how long an accepted ingest request took, from its arrival to its acknowledgement.
    func observeIngest(seconds: Double) {
        ingestLatency.withLock { $0.observe(seconds) }
    }

    func count(_ counter: Counter, by amount: Int = 1) {
        counts.withLock { $0[counter, default: 0] += amount }
    }

    func value(_ counter: Counter) -> Int { counts.withLock { $0[counter, default: 0] } }

    /// The text `/metrics` answers with.
    func render(statistics: PipelineStatistics, pending: Int64) -> String {
        var text = ""
        for counter in Counter.allCases {
            text += "# TYPE \(counter.rawValue) counter\n\(counter.rawValue) \(value(counter))\n"
        }
        text += "# TYPE tocsin_events_matched_total counter\ntocsin_events_matched_total \(statistics.events)\n"
        text += "# TYPE tocsin_alerts_total counter\ntocsin_alerts_total \(statistics.alerts)\n"
        text += "# TYPE tocsin_events_malformed_total counter\ntocsin_events_malformed_total \(statistics.malformed)\n"
        text += "# TYPE tocsin_alerts_suppressed_total counter\ntocsin_alerts_suppressed_total \(statistics.suppressed)\n"
        text += "# TYPE tocsin_pipeline_failures_total counter\ntocsin_pipeline_failures_total \(statistics.failures)\n"
        text += "# TYPE tocsin_events_pending gauge\ntocsin_events_pending \(pending)\n"
        text += statistics.alertLatency.render(
            name: "tocsin_alert_latency_seconds", help: "From an event's receipt to its alert being stored.")
        text += ingestLatency.withLock { $0 }.render(
            name: "tocsin_ingest_request_seconds", help: "From an ingest request's arrival to its acknowledgement.")
        text += deliveryLatency.withLock { $0 }.render(
            name: "tocsin_message_delivery_seconds", help: "From a message being queued to its delivery.")
        return text
    }
}
