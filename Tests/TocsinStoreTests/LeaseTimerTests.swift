import Foundation
import Synchronization
import Testing

@testable import TocsinStore

/// The timer that fails a PostgreSQL transaction whose pool hands out no connection. No server is needed: the
/// timer only watches the flag the hand-off sets.
@Suite("PostgreSQL: the wait for a pooled connection", .serialized)
struct LeaseTimerTests {
    let location = try! PostgresLocation(url: "postgres://tocsin@127.0.0.1:1/none")

    @Test("no connection handed out: unreachable after the timeout, not before and not much after")
    func failsOnTime() async throws {
        // The timer runs on a thread of its own: other tests of this process may hold the cooperative pool for
        // tens of seconds, and a timer starved that way rightly waits longer (the next test).
        let thread = SQLiteThread(name: "lease-test")
        defer { thread.stop() }
        let location = self.location
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: Result<Void, StoreError> = await withTaskExecutorPreference(thread) {
            do {
                try await PostgresBackend.waitForLease(LeaseFlag(), timeout: .milliseconds(300), location: location)
                return .success(())
            } catch let error as StoreError {
                return .failure(error)
            } catch {
                return .failure(StoreError(.database, "unexpected \(error)"))
            }
        }
        let waited = clock.now - started
        guard case .failure(let error) = outcome else {
            Issue.record("waitForLease returned although no connection was handed out")
            return
        }
        #expect(error.kind == .unreachable)
        #expect(error.message.contains("within 0.3 seconds"), "\(error.message)")
        #expect(waited >= .milliseconds(300))
        #expect(waited < .seconds(2), "waited \(waited)")
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
