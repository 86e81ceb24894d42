import Foundation
import Synchronization
import Testing

@testable import TocsinStore

/// A pooled PostgreSQL connection that is cut just as a transaction takes it: the transaction must fail (or, on a
/// connection that is still good, succeed), never wait forever.
///
/// postgres-nio 1.33 writes a query to the channel without a write promise; when the channel has closed and its
/// handlers are gone by then, the query's promise is dropped and its caller waits forever. A run of the whole suite
/// hung in ``PostgresOutageTests`` that way (the first append after the proxy cut every connection). The cut here is
/// repeated many times, each time right after a transaction warmed the pool; without the guard in
/// ``PostgresBackend/send(_:on:_:_:)`` a transaction hangs within the first rounds.
@Suite("Store: a PostgreSQL connection cut as it is handed out", .serialized)
struct PostgresCutConnectionTests {
    @Test(
        "transactions on a pool whose connections were just cut fail or succeed, and none hangs",
        .enabled(if: PostgresOutageTests.url != nil || PostgresOutageTests.inCI, "TOCSIN_TEST_POSTGRES_URL is not set"))
    func cutAsHandedOut() async throws {
        guard let url = PostgresOutageTests.url else {
            Issue.record("TOCSIN_TEST_POSTGRES_URL is not set, and CI=true never skips the PostgreSQL tests")
            return
        }
        let direct = try PostgresLocation(url: url)
        let proxy = try TCPProxy(upstreamPort: direct.port)
        defer { proxy.stop() }
        let location = direct.through(proxy)
        let store = try await SQLStore.open(.postgres(location))

        let rounds = 150
        var failed = 0
        var hung = 0
        for round in 0..<rounds {
            // Warm: every connection this round may hand out is open and idle in the pool.
            // (The pool may still hold connections it has not yet seen closed: a warm-up may fail a few times.)
            var warm = Outcome.failed
            for _ in 0..<10 where warm == .failed { warm = await Self.bounded(store, seconds: 30) }
            #expect(warm == .succeeded, "round \(round): the warm-up transaction did not succeed: \(warm)")
            if warm == .hung { hung += 1 }
            if warm != .succeeded { break }
            proxy.cutOpenConnections()
            // Several at once, so that more than one idle connection is taken while they close.
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for _ in 0..<3 { group.addTask { await Self.bounded(store, seconds: 20) } }
                var all: [Outcome] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            failed += outcomes.filter { $0 == .failed }.count
            hung += outcomes.filter { $0 == .hung }.count
            if hung > 0 { break }
        }
        #expect(hung == 0, "\(hung) transactions waited 20 s on a cut connection")
        #expect(failed > 0, "no transaction met a cut connection, so the test did not test the cut")
        // A hung transaction holds its pooled connection forever, and closing the store would wait for it.
        if hung == 0 { try await store.close() }
    }

    enum Outcome: Equatable, Sendable {
        case succeeded, failed, hung
    }

    /// Runs a one-statement transaction; `.hung` when it has not finished after `seconds` (its task is left
    /// behind: a query whose promise was dropped cannot be cancelled).
    static func bounded(_ store: SQLStore, seconds: Double) async -> Outcome {
        let result = Mutex<Outcome?>(nil)
        let work = Task {
            do {
                _ = try await store.backend.transaction(.write) { try await $0.query("SELECT 1") }
                result.withLock { $0 = $0 ?? .succeeded }
            } catch {
                result.withLock { $0 = $0 ?? .failed }
            }
        }
        _ = work
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let outcome = result.withLock({ $0 }) { return outcome }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return result.withLock { $0 } ?? .hung
    }
}
