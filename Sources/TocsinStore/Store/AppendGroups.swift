import Synchronization

/// Group commit for event appends: appends that arrive while another is being written wait together, and the next
/// transaction stores all of them (up to ``maxRows``) with one commit and one sync of the log.
///
/// Each caller still gets its own ids and returns only once its events are durable; when the transaction fails,
/// every append in it fails (none was acknowledged). Order is kept: appends go in by arrival, so ids ascend in
/// the order the appends arrived, and a later group commits after an earlier one.
///
/// Under sustained ingest from several connections, a commit per request cost a begin, a commit and a sync per
/// request; grouped, those are paid once per group.
final class AppendGroups: Sendable {
    /// The rows of one transaction, at most (one append larger than this goes alone).
    let maxRows: Int

    private struct Waiting {
        let rows: [[SQLValue]]
        let continuation: CheckedContinuation<[Int64], any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var head = 0
        /// Whether a task is writing groups (it goes on until the queue is empty).
        var draining = false
    }

    private let state = Mutex(State())
    /// Stores the rows of one group in one transaction; returns their ids in row order. `take` is called once the
    /// transaction holds the writer, and names the rows to store.
    private let write: @Sendable (_ take: @Sendable () -> [[SQLValue]]) async throws -> [Int64]

    init(maxRows: Int, write: @escaping @Sendable (_ take: @Sendable () -> [[SQLValue]]) async throws -> [Int64]) {
        self.maxRows = maxRows
        self.write = write
    }

    /// How many appends wait for a transaction to take them (for tests).
    var waiting: Int { state.withLock { $0.queue.count - $0.head } }

    /// Appends `rows` with whatever else is waiting; returns their ids once committed.
    func append(_ rows: [[SQLValue]]) async throws -> [Int64] {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.queue.append(Waiting(rows: rows, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Writes groups until nobody waits.
    private func drain() async {
        while true {
            let taken = Mutex<[Waiting]>([])
            var failure: (any Error)?
            var ids: [Int64] = []
            do {
                // The group is taken once the transaction holds the writer, so that appends arriving while it
                // waited for its turn go in too.
                ids = try await write {
                    let group = self.takeGroup()
                    taken.withLock { $0 = group }
                    return group.flatMap(\.rows)
                }
            } catch {
                failure = error
            }
            var group = taken.withLock { $0 }
            if group.isEmpty, failure != nil {
                // The transaction failed before it took anything: the first group waiting fails with it, so a
                // store that cannot write does not keep the appends waiting forever.
                group = takeGroup()
            }
            var start = 0
            for waiting in group {
                if let failure {
                    waiting.continuation.resume(throwing: failure)
                } else if start + waiting.rows.count <= ids.count {
                    waiting.continuation.resume(returning: Array(ids[start..<start + waiting.rows.count]))
                } else {
                    waiting.continuation.resume(
                        throwing: StoreError(.database, "the append returned \(ids.count) ids for more rows"))
                }
                start += waiting.rows.count
            }
            let more = state.withLock { state -> Bool in
                guard state.head == state.queue.count else { return true }
                state.queue.removeAll(keepingCapacity: true)
                state.head = 0
                state.draining = false
                return false
            }
            guard more else { return }
        }
    }

    /// The appends of the next group, oldest first: as many as fit ``maxRows`` (at least one).
    private func takeGroup() -> [Waiting] {
        state.withLock { state in
            var end = state.head
            var rows = 0
            while end < state.queue.count {
                let count = state.queue[end].rows.count
                if end > state.head && rows + count > maxRows { break }
                rows += count
                end += 1
            }
            let group = Array(state.queue[state.head..<end])
            state.head = end
            if state.head > 1_024 && state.head * 2 > state.queue.count {
                state.queue.removeFirst(state.head)
                state.head = 0
            }
            return group
        }
    }
}
