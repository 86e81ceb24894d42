import Dispatch
import Foundation
import TocsinDetection
import TocsinStore

/// What matching found in one event of a batch: the rules it fired and what the pipeline needs of it afterwards.
struct MatchedEvent: Sendable {
    /// The event's position in the batch.
    var index: Int
    var rules: [Int]
    var host: String?
    var timestamp: String?
    /// Captured group-by values, for the fired rules a correlation reads (others `nil`), in `rules` order.
    var captured: [[String?]?]
}

/// A batch's matching results in event order, and how many events were not valid JSON.
struct MatchOutcome: Sendable {
    var matched: [MatchedEvent] = []
    var malformed = 0
}

/// Matches a batch of stored events on one worker per core, off the caller's thread.
///
/// The batch is cut into chunks that the workers take in turn (a worker that meets heavy events holds nobody up);
/// results are merged in event order, so correlations and incidents see events in the order they were stored.
///
/// `@unchecked Sendable`: the workers are mutable per-event state, but ``match(_:)`` is only called by the
/// pipeline actor, one batch at a time, and within a batch each worker is used by exactly one thread.
final class ParallelMatcher: @unchecked Sendable {
    private let workers: [DetectionWorker]
    private let capturedFor: [Bool]
    static let chunkSize = 256

    /// A matcher with `threads` workers of `engine`; `captures` says per rule whether to keep its captured values.
    init(engine: DetectionEngine, threads: Int, captures: [Bool]) {
        workers = (0..<max(1, threads)).map { _ in engine.makeWorker() }
        capturedFor = captures
    }

    /// Matches `events` and returns what fired, in event order.
    func match(_ events: [StoredEvent]) async -> MatchOutcome {
        // A thread of its own per batch (tens of microseconds against milliseconds of matching), not Dispatch's
        // global queue: on Linux that queue and Swift's cooperative pool both draw on libdispatch's workers, and a
        // loaded run can leave a block queued there with no thread to run it.
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: self.matchNow(events))
            }
        }
    }

    private func matchNow(_ events: [StoredEvent]) -> MatchOutcome {
        let chunks = (events.count + Self.chunkSize - 1) / Self.chunkSize
        guard chunks > 1, workers.count > 1 else { return match(events[...], offset: 0, worker: workers[0]) }
        let slots = ChunkSlots(count: chunks)
        DispatchQueue.concurrentPerform(iterations: min(workers.count, chunks)) { part in
            while let chunk = slots.claim() {
                let lower = chunk * Self.chunkSize
                let upper = min(events.count, lower + Self.chunkSize)
                slots.set(chunk, match(events[lower..<upper], offset: lower, worker: workers[part]))
            }
        }
        var outcome = MatchOutcome()
        for part in slots.all() {
            outcome.matched += part.matched
            outcome.malformed += part.malformed
        }
        return outcome
    }

    private func match(_ events: ArraySlice<StoredEvent>, offset: Int, worker: DetectionWorker) -> MatchOutcome {
        var outcome = MatchOutcome()
        var fired: [Int] = []
        for (position, event) in events.enumerated() {
            var text = event.raw
            fired.removeAll(keepingCapacity: true)
            let valid: Bool = text.withUTF8 { bytes in
                do {
                    try worker.match(bytes, into: &fired)
                    return true
                } catch {
                    return false
                }
            }
            guard valid else {
                outcome.malformed += 1
                continue
            }
            guard !fired.isEmpty else { continue }
            outcome.matched.append(
                MatchedEvent(
                    index: offset + position, rules: fired, host: worker.host(), timestamp: worker.timestamp(),
                    captured: fired.map { capturedFor[$0] ? worker.captured(rule: $0) : nil }))
        }
        return outcome
    }
}

/// Chunks handed out one at a time, and a slot for each chunk's outcome.
///
/// `@unchecked Sendable`: every field is only touched under `lock`.
private final class ChunkSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var outcomes: [MatchOutcome?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < outcomes.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ chunk: Int, _ outcome: MatchOutcome) {
        lock.lock()
        outcomes[chunk] = outcome
        lock.unlock()
    }

    func all() -> [MatchOutcome] {
        lock.lock()
        defer { lock.unlock() }
        return outcomes.compactMap { $0 }
    }
}
