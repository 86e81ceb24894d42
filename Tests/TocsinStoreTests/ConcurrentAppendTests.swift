import Foundation
import Testing

@testable import TocsinStore

/// Appends from many tasks at once: each caller's ids name exactly its own events.
@Suite("Store: concurrent appends")
struct ConcurrentAppendTests {
    /// As many appends as the PostgreSQL pool has connections (8): more would wait for a connection behind the
    /// appends' advisory lock, and past 5 s the store reports it unreachable (seen once in a loaded CI run).
    static let appends = 8

    @Test(
        "appends from many tasks at once each get ids for exactly their own events", arguments: StoreKind.available)
    func concurrentAppends(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                for append in 0..<Self.appends {
                    group.addTask { (append, try await store.appendEvents(events(append + 1, tag: "a\(append)"))) }
                }
                var results: [Int: [Int64]] = [:]
                for try await (append, ids) in group { results[append] = ids }
                return results
            }
            let stored = try await store.events(after: 0, limit: 1_000)
            #expect(stored.count == (1...Self.appends).reduce(0, +))
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.raw) })
            for append in 0..<Self.appends {
                let ids = try #require(results[append])
                #expect(ids == ids.sorted())
                #expect(ids.compactMap { byID[$0] } == events(append + 1, tag: "a\(append)").map(\.raw))
            }
        }
    }
}
