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
    ///
    /// Each worker runs on a thread of its own, started per batch (tens of microseconds against milliseconds of
    /// matching), not on Dispatch's global queue: on Linux that queue and Swift's cooperative pool both draw on
    /// libdispatch's workers, and a loaded run can leave a block queued there with no thread to run it (nor does
    /// `DispatchQueue.concurrentPerform`, which queues its other iterations there). The last thread to finish
    /// merges the outcomes and resumes the caller.
    func match(_ events: [StoredEvent]) async -> MatchOutcome {
        let chunks = (events.count + Self.chunkSize - 1) / Self.chunkSize
        guard chunks > 0 else { return MatchOutcome() }
        let threads = min(workers.count, chunks)
        return await withCheckedContinuation { continuation in
            let run = BatchRun(chunks: chunks, threads: threads, continuation: continuation)
            for part in 0..<threads {
                Thread.detachNewThread {
                    while let chunk = run.claim() {
                        let lower = chunk * Self.chunkSize
                        let upper = min(events.count, lower + Self.chunkSize)
                        run.set(chunk, self.match(events[lower..<upper], offset: lower, worker: self.workers[part]))
                    }
                    run.finished()
                }
            }
        }
    }

    private func match(_ events: ArraySlice<StoredEvent>, offset: Int, worker: DetectionWorker) -> MatchOutcome {
        var outcome = MatchOutcome()
        var fired: [Int] = []
        for (position, event) in events.enumerated() {
            fired.removeAll(keepingCapacity: true)
            let valid: Bool = event.text.withBytes { bytes in
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

/// One batch's chunks, handed out one at a time, a slot for each chunk's outcome, and the continuation the last
/// thread to finish resumes with the merged outcome.
///
/// `@unchecked Sendable`: every field is only touched under `lock`.
private final class BatchRun: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var running: Int
    private var outcomes: [MatchOutcome?]
    private let continuation: CheckedContinuation<MatchOutcome, Never>

    init(chunks: Int, threads: Int, continuation: CheckedContinuation<MatchOutcome, Never>) {
        outcomes = Array(repeating: nil, count: chunks)
        running = threads
        self.continuation = continuation
    }

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

    /// Called once by each thread when no chunk is left; the last one merges and resumes.
    func finished() {
        lock.lock()
        running -= 1
        let last = running == 0
        lock.unlock()
        guard last else { return }
        var merged = MatchOutcome()
        for part in outcomes {
            guard let part else { continue }
            merged.matched += part.matched
            merged.malformed += part.malformed
        }
        continuation.resume(returning: merged)
    }
}
