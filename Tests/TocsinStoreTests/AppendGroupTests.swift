import Foundation
import Synchronization
import Testing

@testable import TocsinStore

/// Group commit: appends that wait while another is written commit together, each with its own ids.
@Suite("Store: appends committed in groups")
struct AppendGroupTests {
    /// Holds the first transaction open for a while, so that the appends behind it queue up; counts transactions.
    private final class SlowFirst: Sendable {
        let transactions = Mutex(0)
        let failing = Mutex<Set<Int>>([])

        var failpoint: Failpoint {
            Failpoint { [self] point in
                guard point == "appendEvents.beforeCommit" else { return }
                let number = transactions.withLock {
                    $0 += 1
                    return $0
                }
                if number == 1 { Thread.sleep(forTimeInterval: 0.6) }
                if failing.withLock({ $0.contains(number) }) {
                    throw StoreError(.database, "failpoint: transaction \(number) fails")
                }
            }
        }
    }

    @Test(
        "appends waiting together commit in fewer transactions; each gets its own ids, in order, for its own events",
        arguments: StoreKind.available)
    func grouped(kind: StoreKind) async throws {
        let slow = SlowFirst()
        try await withFreshStore(kind, failpoint: slow.failpoint) { store, _ in
            async let first = store.appendEvents(events(3, tag: "first"))
            try await Task.sleep(for: .milliseconds(100))
            let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                for append in 0..<20 {
                    group.addTask { (append, try await store.appendEvents(events(append + 1, tag: "a\(append)"))) }
                }
                var results: [Int: [Int64]] = [:]
                for try await (append, ids) in group { results[append] = ids }
                return results
            }
            let firstIDs = try await first
            // 21 appends; the 20 that queued behind the slow first went in far fewer transactions.
            let transactions = slow.transactions.withLock { $0 }
            #expect(transactions >= 2 && transactions <= 5, "transactions: \(transactions)")
            // Every append got ids for exactly its events, ascending, and reads back its own events.
            let stored = try await store.events(after: 0, limit: 1_000)
            #expect(stored.count == 3 + (1...20).reduce(0, +))
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            #expect(firstIDs.compactMap { byID[$0]?.raw } == events(3, tag: "first").map(\.raw))
            for append in 0..<20 {
                let ids = try #require(results[append])
                #expect(ids == ids.sorted())
                #expect(ids.compactMap { byID[$0]?.raw } == events(append + 1, tag: "a\(append)").map(\.raw))
            }
            #expect(firstIDs.max()! < results.values.flatMap { $0 }.min()!)
        }
    }

    @Test(
        "a failed group fails every append in it and stores none of them; the appends after it go in",
        arguments: StoreKind.available)
    func failedGroup(kind: StoreKind) async throws {
        let slow = SlowFirst()
        slow.failing.withLock { $0 = [2] }
        try await withFreshStore(kind, failpoint: slow.failpoint) { store, _ in
            async let first = store.appendEvents(events(2, tag: "first"))
            try await Task.sleep(for: .milliseconds(100))
            // These queue behind the slow first transaction and go into the second, which fails.
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for append in 0..<5 {
                    group.addTask { (try? await store.appendEvents(events(4, tag: "b\(append)"))) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            _ = try await first
            #expect(outcomes == [false, false, false, false, false])
            let after = try await store.appendEvents(events(1, tag: "after"))
            let stored = try await store.events(after: 0, limit: 100)
            #expect(stored.map(\.raw) == events(2, tag: "first").map(\.raw) + events(1, tag: "after").map(\.raw))
            #expect(stored.last?.id == after.first)
        }
    }
}
