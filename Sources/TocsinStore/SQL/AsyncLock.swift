import Synchronization

/// A first-come-first-served lock for async code: one holder at a time, waiters resume in order; urgent waiters
/// resume before the others (in order among themselves).
///
/// The SQLite backend holds it around each transaction, because a transaction spans several awaits on one
/// connection and an actor would let other calls in at every await.
final class AsyncLock: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
        var urgent: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` while holding the lock; an `urgent` caller goes ahead of those waiting that are not.
    func withLock<R: Sendable>(urgent: Bool = false, _ body: () async throws -> R) async throws -> R {
        await acquire(urgent: urgent)
        defer { release() }
        return try await body()
    }

    /// How many callers wait for the lock (for tests).
    var queued: Int { state.withLock { $0.waiters.count - $0.head + $0.urgent.count } }

    private func acquire(urgent: Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.held {
                    if urgent { state.urgent.append(continuation) } else { state.waiters.append(continuation) }
                    return false
                }
                state.held = true
                return true
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if !state.urgent.isEmpty { return state.urgent.removeFirst() }
            guard state.head < state.waiters.count else {
                state.held = false
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                return nil
            }
            let next = state.waiters[state.head]
            state.head += 1
            return next
        }
        next?.resume()
    }
}
