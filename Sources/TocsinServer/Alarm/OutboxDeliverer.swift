import Foundation
import Logging
import ServiceLifecycle
import TocsinDelivery
import TocsinStore

/// Delivers what the outbox holds: due messages, several at once, each attempt recorded with its outcome; a
/// transient failure is tried again with back-off, a permanent one (or the last attempt) goes to the dead letters.
///
/// On a graceful shutdown it takes no new messages and lets the attempts under way finish and be recorded, so a
/// restart sends nothing twice. After a crash between an attempt and its record, the message is sent again with
/// the same idempotency key (`Idempotency-Key` header, and in mail `Message-ID` and `X-Tocsin-Idempotency-Key`),
/// by which a receiver recognises it.
actor OutboxDeliverer<S: Store> {
    let store: S
    let channels: [String: any OutboxChannel]
    let retry: RetryPolicy
    let concurrency: Int
    let metrics: ServerMetrics
    let clock: @Sendable () -> Date
    let logger: Logger
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var poked = false

    init(
        store: S, channels: [String: any OutboxChannel], retry: RetryPolicy, concurrency: Int, metrics: ServerMetrics,
        clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        self.channels = channels
        self.retry = retry
        self.concurrency = max(1, concurrency)
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// New messages were queued: look now.
    func poke() {
        poked = true
        wakeUp?.resume()
        wakeUp = nil
    }

    /// Delivers until `stop()` says so (a graceful shutdown: what is under way finishes first) or the task is
    /// cancelled (the service group is torn down: the store may be closing, so nothing more is tried).
    func run(stop: @escaping @Sendable () -> Bool) async {
        while !stop() && !Task.isCancelled {
            poked = false
            var delivered = 0
            var unrecorded = false
            do {
                // One round of `concurrency` at a time: a graceful shutdown waits for at most one round.
                let due = try await store.dueMessages(at: clock(), limit: concurrency)
                delivered = due.count
                unrecorded = await !deliver(due)
            } catch is CancellationError {
                return
            } catch {
                metrics.count(.alarmFailures)
                logger.error("reading the outbox failed", metadata: ["error": "\(error)"])
            }
            // An attempt the store could not record leaves its message due: pause, or it would be sent in a loop.
            if unrecorded { try? await Task.sleep(for: .seconds(1)) }
            guard delivered == 0, !stop() else { continue }
            var pause: Duration = .seconds(1)
            if let next = try? await store.nextMessageAttempt() {
                let seconds = max(0, min(1, next.timeIntervalSince(clock())))
                pause = .milliseconds(Int(seconds * 1000))
            }
            if pause > .zero { await sleep(pause) }
        }
    }

    /// Delivers a batch, at most `concurrency` at a time; `false` when an attempt could not be recorded.
    func deliver(_ messages: [OutboxMessage]) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            var running = 0
            var recorded = true
            for message in messages {
                if running == concurrency {
                    recorded = await group.next() != false && recorded
                    running -= 1
                }
                group.addTask { await self.attempt(message) }
                running += 1
            }
            for await result in group { recorded = result && recorded }
            return recorded
        }
    }

    /// One attempt, recorded; `false` when the record failed.
    nonisolated func attempt(_ message: OutboxMessage) async -> Bool {
        let result: DeliveryResult
        let attempt = message.attempts + 1
        if let channel = channels[message.draft.channel] {
            do {
                let receipt = try await channel.deliver(message)
                result = .delivered(detail: receipt)
            } catch let error as DeliveryError {
                result = .failed(
                    error: error.message,
                    retryAt: retry.retryTime(after: attempt, kind: error.kind, at: clock(), random: { Double.random(in: 0..<1) }))
            } catch {
                result = .failed(
                    error: "\(error)",
                    retryAt: retry.retryTime(after: attempt, kind: .transient, at: clock(), random: { Double.random(in: 0..<1) }))
            }
        } else {
            result = .failed(error: "no channel '\(message.draft.channel)' is configured", retryAt: nil)
        }
        do {
            let stored = try await store.recordDelivery(id: message.id, result: result, actor: "tocsin")
            switch stored.status {
            case .delivered:
                metrics.count(.messagesDelivered)
                if let delivered = stored.deliveredAt {
                    metrics.observeDelivery(seconds: delivered.timeIntervalSince(message.createdAt))
                }
            case .dead:
                metrics.count(.messagesDead)
                logger.error(
                    "message given up", metadata: ["message.id": "\(message.id)", "error": "\(stored.lastError ?? "")"])
            case .retrying:
                metrics.count(.messageAttemptsFailed)
                logger.warning(
                    "delivery failed, will retry",
                    metadata: ["message.id": "\(message.id)", "error": "\(stored.lastError ?? "")"])
            default: break
            }
            return true
        } catch {
            // The attempt is not on record: the message stays due and is sent again (same idempotency key).
            metrics.count(.alarmFailures)
            logger.error("recording a delivery failed", metadata: ["message.id": "\(message.id)", "error": "\(error)"])
            return false
        }
    }

    private func sleep(_ duration: Duration) async {
        guard !poked, !Task.isCancelled else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: duration)
            await self?.poke()
        }
        await withCheckedContinuation { continuation in wakeUp = continuation }
        timer.cancel()
    }
}

/// One configured channel as the deliverer uses it.
protocol OutboxChannel: Sendable {
    /// Delivers the message; returns the receiver's receipt; throws ``DeliveryError``.
    func deliver(_ message: OutboxMessage) async throws -> String
}

/// A webhook or PagerDuty channel.
struct WebhookChannel: OutboxChannel {
    let transport: WebhookTransport

    func deliver(_ message: OutboxMessage) async throws -> String {
        try await transport.send(body: message.draft.payload, idempotencyKey: message.draft.idempotencyKey)
    }
}
