import Foundation
import Synchronization
import Testing

@testable import TocsinStore

/// The timer that fails a PostgreSQL transaction whose pool hands out no connection. No server is needed: the
/// timer only watches the flag the hand-off sets.
@Suite("PostgreSQL: the wait for a pooled connection", .serialized)
struct LeaseTimerTests {
    let location = try! PostgresLocation(url: "postgres://tocsin@127.0.0.1:1/none")

    @Test("no connection handed out: unreachable, after the timeout and not before")
    func failsAfterTheTimeout() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: StoreError.self) {
            try await PostgresBackend.waitForLease(LeaseFlag(), timeout: .milliseconds(300), location: location)
        }
        #expect(clock.now - started >= .milliseconds(300))
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("within 0.3 seconds") == true, "\(String(describing: error?.message))")
        // No upper bound on the time here: other tests of this process may hold every cooperative thread for tens
        // of seconds (seen in CI), and then the timer itself wakes that late. The verdict is tested below.
    }

    @Test("a timer that woke on time fails at once; one that woke late waits again, at most 20 times")
    func putOffOnlyWhenLate() {
        #expect(!PostgresBackend.shouldPutOff(lateBy: .zero, putOff: 0))
        #expect(!PostgresBackend.shouldPutOff(lateBy: .milliseconds(249), putOff: 0))
        #expect(PostgresBackend.shouldPutOff(lateBy: .milliseconds(250), putOff: 0))
        #expect(PostgresBackend.shouldPutOff(lateBy: .seconds(37), putOff: 0))
        #expect(PostgresBackend.shouldPutOff(lateBy: .seconds(37), putOff: 19))
        #expect(!PostgresBackend.shouldPutOff(lateBy: .seconds(37), putOff: 20))
        #expect(PostgresBackend.maximumPutOff == 20)
    }

    @Test("a connection handed out in time: the timer returns")
    func returnsWhenHandedOut() async throws {
        let flag = LeaseFlag()
        flag.set()
        try await PostgresBackend.waitForLease(flag, timeout: .milliseconds(100), location: location)
    }

    /// The failure seen in CI: every cooperative thread was busy with CPU-bound work past the timeout, the
    /// hand-off was queued behind the timer, and the transaction failed as unreachable with a healthy server.
    @Test("the process starved of threads past the timeout: a hand-off queued behind the timer still counts")
    func starvedTimerDoesNotJudge() async throws {
        let flag = LeaseFlag()
        let timeout = Duration.milliseconds(300)
        let location = self.location
        let waiter = Task { try await PostgresBackend.waitForLease(flag, timeout: timeout, location: location) }
        try await Task.sleep(for: .milliseconds(50))  // the waiter is asleep on its timer

        // Hold every cooperative thread for 1.2 s with work that never yields.
        let width = ProcessInfo.processInfo.activeProcessorCount * 2
        let blockers = (0..<width).map { _ in Task { holdThread(seconds: 1.2) } }
        // The hand-off: queued on the cooperative pool at 0.6 s, after the timer fell due (0.3 s).
        let handOff = Thread {
            Thread.sleep(forTimeInterval: 0.6)
            Task { flag.set() }
        }
        handOff.start()

        try await waiter.value
        for blocker in blockers { await blocker.value }
        #expect(flag.isSet)
    }
}

/// Keeps the calling thread for `seconds` without yielding it (the way CPU-bound work holds a cooperative thread).
private func holdThread(seconds: Double) {
    usleep(useconds_t(seconds * 1_000_000))
}
