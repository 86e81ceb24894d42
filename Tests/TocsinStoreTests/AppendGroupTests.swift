import Foundation
import Synchronization
import Testing

@testable import TocsinStore

/// Group commit: appends that wait while another is written commit together, each with its own ids.
@Suite("Store: appends committed in groups")
struct AppendGroupTests {
    /// A stand-in for the transaction: hands out increasing ids, records each group's sizes, can hold the first
    /// group until released, and fails the groups it is told to.
    private final class Writer: Sendable {
        struct State {
            var next: Int64 = 1
            var groups: [[Int]] = []
            var gate: CheckedContinuation<Void, Never>?
            var holdFirst = true
            var failing: Set<Int> = []
        }
        let state = Mutex(State())

        func write(_ take: @Sendable () -> [[SQLValue]]) async throws -> [Int64] {
            let rows = take()
            let number = state.withLock { state -> Int in
                state.groups.append(rows.map { row in if case .int(let size) = row[0] { Int(size) } else { -1 } })
                return state.groups.count
            }
            if number == 1 {
                await withCheckedContinuation { continuation in
                    let hold = state.withLock { state -> Bool in
                        guard state.holdFirst else { return false }
                        state.gate = continuation
                        return true
                    }
                    if !hold { continuation.resume() }
                }
            }
            return try state.withLock { state in
                if state.failing.contains(number) { throw StoreError(.database, "group \(number) fails") }
                let ids = (0..<Int64(rows.count)).map { state.next + $0 }
                state.next += Int64(rows.count)
                return ids
            }
        }

        func release() {
            let gate = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.holdFirst = false
                defer { state.gate = nil }
                return state.gate
            }
            gate?.resume()
        }
    }

    /// `count` rows whose first value names the append (so a group's make-up can be read back).
    private static func rows(_ append: Int, _ count: Int) -> [[SQLValue]] {
        Array(repeating: [.int(Int64(append))], count: count)
    }

    /// Returns once the writer has taken its first group (and holds it until released).
    private static func waitForFirstGroup(_ writer: Writer) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while writer.state.withLock({ $0.groups.isEmpty }) {
            guard ContinuousClock.now < deadline else { throw StoreError(.database, "the first group never started") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private static func waitUntil(_ groups: AppendGroups, holds count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while groups.waiting < count {
            guard ContinuousClock.now < deadline else { throw StoreError(.database, "appends never queued") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test("appends that queue behind a transaction go in the next one together, each with its own ids in order")
    func grouped() async throws {
        let writer = Writer()
        let groups = AppendGroups(maxRows: 1_000) { try await writer.write($0) }
        async let first = groups.append(Self.rows(100, 3))
        try await Self.waitForFirstGroup(writer)
        let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
            for append in 0..<20 {
                group.addTask { (append, try await groups.append(Self.rows(append, append + 1))) }
            }
            try await Self.waitUntil(groups, holds: 20)
            writer.release()
            var results: [Int: [Int64]] = [:]
            for try await (append, ids) in group { results[append] = ids }
            return results
        }
        #expect(try await first == [1, 2, 3])
        let made = writer.state.withLock { $0.groups }
        // The first alone, then the 20 that waited, in one group (210 rows, under the limit).
        #expect(made.count == 2)
        #expect(made.first == [100, 100, 100])
        #expect(made.last?.count == 210)
        // Each append's ids are the rows it owns in its group, consecutive and ascending.
        var owner: [Int64: Int] = [:]
        for (offset, append) in (made.last ?? []).enumerated() { owner[Int64(4 + offset)] = append }
        for append in 0..<20 {
            let ids = try #require(results[append])
            #expect(ids.count == append + 1)
            #expect(ids == Array(ids[0]..<ids[0] + Int64(ids.count)))
            #expect(ids.allSatisfy { owner[$0] == append })
        }
    }

    @Test("a group holds at most maxRows, never splits an append, and takes one larger append alone")
    func limit() async throws {
        let writer = Writer()
        let groups = AppendGroups(maxRows: 10) { try await writer.write($0) }
        async let first = groups.append(Self.rows(0, 1))
        try await Self.waitForFirstGroup(writer)
        async let appends = withThrowingTaskGroup(of: Void.self) { group in
            // Queued in this order: 6, 6, 25, 4 and 3 rows.
            for (append, size) in [(1, 6), (2, 6), (3, 25), (4, 4), (5, 3)] {
                try await Self.waitUntil(groups, holds: append - 1)
                group.addTask { _ = try await groups.append(Self.rows(append, size)) }
            }
            try await group.waitForAll()
        }
        try await Self.waitUntil(groups, holds: 5)
        writer.release()
        _ = try await first
        try await appends
        // 6 + 6 is over 10, 25 goes alone, 4 + 3 fit together.
        let made = writer.state.withLock { $0.groups }.map { Set($0).sorted() }
        #expect(made == [[0], [1], [2], [3], [4, 5]])
    }

    @Test("a failed group fails every append in it; the appends after it go in")
    func failedGroup() async throws {
        let writer = Writer()
        writer.state.withLock { $0.failing = [2] }
        let groups = AppendGroups(maxRows: 1_000) { try await writer.write($0) }
        async let first = groups.append(Self.rows(0, 2))
        try await Self.waitForFirstGroup(writer)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for append in 1...5 {
                group.addTask { (try? await groups.append(Self.rows(append, 4))) != nil }
            }
            try await Self.waitUntil(groups, holds: 5)
            writer.release()
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(try await first == [1, 2])
        #expect(outcomes == [false, false, false, false, false])
        #expect(try await groups.append(Self.rows(9, 1)) == [3])
        #expect(writer.state.withLock { $0.groups }.count == 3)
    }

    @Test(
        "appends from many tasks at once each get ids for exactly their own events", arguments: StoreKind.available)
    func concurrentAppends(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                for append in 0..<30 {
                    group.addTask { (append, try await store.appendEvents(events(append + 1, tag: "a\(append)"))) }
                }
                var results: [Int: [Int64]] = [:]
                for try await (append, ids) in group { results[append] = ids }
                return results
            }
            let stored = try await store.events(after: 0, limit: 1_000)
            #expect(stored.count == (1...30).reduce(0, +))
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.raw) })
            for append in 0..<30 {
                let ids = try #require(results[append])
                #expect(ids == ids.sorted())
                #expect(ids.compactMap { byID[$0] } == events(append + 1, tag: "a\(append)").map(\.raw))
            }
        }
    }
}
