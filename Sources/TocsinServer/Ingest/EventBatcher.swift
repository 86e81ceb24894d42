import Foundation
import Logging
import TocsinStore

/// Gathers events from many small senders (syslog connections, datagrams) into store batches.
///
/// A batch goes to the store when it holds `batchSize` events or `delay` after its first event, whichever comes
/// first; batches are appended one at a time, in order, then reported to the pipeline. ``submit(_:)`` returns once
/// the events are queued, and waits first while detection is behind or a full batch is being written, so a reader
/// that awaits it stops reading and memory stays bounded.
actor EventBatcher<S: Store> {
    let store: S
    let pipeline: DetectionPipeline<S>
    let batchSize: Int
    let delay: Duration
    let queueLimit: Int64
    /// Seconds the oldest pending event may wait for detection before submitters wait too.
    let maxDelay: TimeInterval
    let metrics: ServerMetrics
    let logger: Logger

    private var pending: [StoredEventInput] = []
    /// The append under way; the next one waits for it so batches reach the store in order.
    private var inFlight: Task<Void, Never>?
    private var timer: Task<Void, Never>?

    init(
        store: S, pipeline: DetectionPipeline<S>, batchSize: Int = 512, delay: Duration = .milliseconds(50),
        queueLimit: Int64, maxDelay: TimeInterval = .infinity, metrics: ServerMetrics, logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.batchSize = batchSize
        self.delay = delay
        self.queueLimit = queueLimit
        self.maxDelay = maxDelay
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether detection is so far behind that ingest should stop taking events: more pending than the queue
    /// holds, or the oldest pending event waiting longer than `maxDelay`.
    func overLimit() async -> Bool {
        if await pipeline.lag > queueLimit { return true }
        return await pipeline.delay > maxDelay
    }

    /// Queues events, after waiting (polling every 20 ms) while detection is behind; throws only when cancelled.
    func submit(_ events: [StoredEventInput]) async throws {
        while await overLimit() { try await Task.sleep(for: .milliseconds(20)) }
        guard !events.isEmpty else { return }
        pending.append(contentsOf: events)
        if pending.count >= batchSize {
            await flush()
        } else if timer == nil {
            timer = Task { [delay] in
                try? await Task.sleep(for: delay)
                await self.timerFired()
            }
        }
    }

    private func timerFired() async {
        timer = nil
        await flush()
    }

    /// Appends what is pending and returns once it is durable (or refused: then it is logged and counted).
    func flush() async {
        timer?.cancel()
        timer = nil
        let previous = inFlight
        guard !pending.isEmpty else {
            await previous?.value
            return
        }
        let batch = pending
        pending = []
        let task = Task { [store, pipeline, metrics, logger] in
            await previous?.value
            do {
                let ids = try await store.appendEvents(batch)
                if let last = ids.last {
                    await pipeline.noteAppended(upTo: last, oldestReceivedAt: batch.map(\.receivedAt).min())
                }
            } catch {
                // Syslog has no acknowledgement to withhold: the batch is lost, and says so.
                metrics.count(.ingestAppendFailures)
                logger.error(
                    "ingest batch could not be stored",
                    metadata: [
                        "batch.events": "\(batch.count)", "batch.source": "\(batch[0].source)", "error": "\(error)",
                    ])
            }
        }
        inFlight = task
        await task.value
        if inFlight == task { inFlight = nil }
    }
}
