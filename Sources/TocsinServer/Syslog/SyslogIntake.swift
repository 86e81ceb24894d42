import Foundation
import Logging
import TocsinStore

/// The transport a syslog message came over: names its counters and its events' source.
public enum SyslogTransport: String, Sendable, Hashable {
    case tcp
    case udp
}

/// Turns frames off one transport into events to store, counting and logging what it refuses.
struct SyslogIntake: Sendable {
    let transport: SyslogTransport
    let maxMessageBytes: Int
    let metrics: ServerMetrics
    let logger: Logger
    let clock: @Sendable () -> Date

    private var received: ServerMetrics.Counter { transport == .tcp ? .syslogTCPReceived : .syslogUDPReceived }
    private var rejected: ServerMetrics.Counter { transport == .tcp ? .syslogTCPRejected : .syslogUDPRejected }

    /// The events in `frames`, numbered from `firstFrame` on the connection for the log of a refused one.
    func events(from frames: [SyslogFramer.Frame], source: String, firstFrame: Int) -> [StoredEventInput] {
        var events: [StoredEventInput] = []
        let now = clock()
        for (offset, frame) in frames.enumerated() {
            switch frame {
            case .message(let bytes):
                if let event = event(from: bytes, source: source, frame: firstFrame + offset, at: now) {
                    events.append(event)
                }
            case .tooLarge(let size):
                refuse(
                    source: source, frame: firstFrame + offset,
                    reason:
                        "the message is \(size) bytes long, over ingest.max_event_bytes (\(maxMessageBytes)); skipped")
            }
        }
        return events
    }

    /// The event for one message, or nil when it is refused (counted and logged).
    func event(from bytes: [UInt8], source: String, frame: Int, at now: Date) -> StoredEventInput? {
        guard bytes.count <= maxMessageBytes else {
            refuse(
                source: source, frame: frame,
                reason:
                    "the message is \(bytes.count) bytes long, over ingest.max_event_bytes (\(maxMessageBytes));"
                    + " skipped"
            )
            return nil
        }
        switch SyslogMessage.parse(bytes) {
        case .success(let message):
            metrics.count(received)
            return StoredEventInput(source: source, receivedAt: now, raw: message.eventJSON(receivedAt: now))
        case .failure(let error):
            refuse(source: source, frame: frame, reason: error.description)
            return nil
        }
    }

    private func refuse(source: String, frame: Int, reason: String) {
        metrics.count(rejected)
        logger.info(
            "syslog message refused",
            metadata: ["syslog.source": "\(source)", "syslog.frame": "\(frame)", "syslog.reason": "\(reason)"])
    }
}
