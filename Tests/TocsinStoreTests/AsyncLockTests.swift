import Testing

@testable import TocsinStore

@Suite("AsyncLock")
struct AsyncLockTests {
    @Test("waiters resume in order, urgent ones before the others")
    func urgentFirst() async throws {
        let lock = AsyncLock()
        let resumed = Recorder()
        let gate = Gate()
        // The first holder keeps the lock until every other caller is queued.
        let holder = Task { try await lock.withLock { await gate.wait() } }
        while !(await gate.isWaiting) { await Task.yield() }
        var waiters: [Task<Void, Error>] = []
        for (name, urgent) in [("a1", false), ("u1", true), ("a2", false), ("u2", true)] {
            waiters.append(Task { try await lock.withLock(urgent: urgent) { await resumed.add(name) } })
            // Each is queued before the next starts: a queued waiter shows as a longer queue.
            while lock.queued < waiters.count { await Task.yield() }
        }
        await gate.open()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(await resumed.names == ["u1", "u2", "a1", "a2"])
    }
}

/// The order in which the waiters ran.
private actor Recorder {
    private(set) var names: [String] = []
    func add(_ name: String) { names.append(name) }
}

/// Holds one caller until opened.
private actor Gate {
    private var continuation: CheckedContinuation<Void, Never>?
    private var opened = false
    var isWaiting: Bool { continuation != nil }

    func wait() async {
        guard !opened else { return }
        await withCheckedContinuation { continuation = $0 }
    }

    func open() {
        opened = true
        continuation?.resume()
        continuation = nil
    }
}
