import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

/// A transaction cut short must never leave SQLite's connection inside it for the next one (seen in CI as
/// "cannot start a transaction within a transaction", after a service was cancelled mid-transaction).
@Suite("Store: transactions cut short leave the connection clean")
struct TransactionRecoveryTests {
    @Test("a task cancelled inside a write transaction: the next transaction starts and commits")
    func cancelledInsideATransaction() async throws {
        try await withFreshStore(.sqlite) { store, _ in
            for round in 0..<5 {
                let task = Task {
                    try await store.backend.transaction(.write) { connection in
                        try await connection.query(
                            "INSERT INTO processing_cursor (name, position) VALUES ('cut', 1) "
                                + "ON CONFLICT (name) DO UPDATE SET position = excluded.position", [])
                        try await Task.sleep(for: .seconds(30))
                    }
                }
                try await Task.sleep(for: .milliseconds(50))
                task.cancel()
                _ = await task.result
                // The cut transaction wrote nothing, and the next one works.
                #expect(try await store.statusRevision() == Int64(round))
                _ = try await store.writeStatus([StatusDocumentWrite(kind: "k", id: "a", body: "{}")], audit: [])
            }
            #expect(try await store.statusRevision() == 5)
            let rows = try await store.backend.transaction(.read) { connection in
                try await connection.query("SELECT COUNT(*) FROM processing_cursor WHERE name = 'cut'", [])
            }
            #expect(try rows.first?.int(0) == 0)
        }
    }

    @Test("a transaction left open on the connection is rolled back before the next one begins")
    func leftOpen() async throws {
        try await withFreshStore(.sqlite) { store, _ in
            guard case .sqlite(let sqlite) = store.backend else {
                Issue.record("not an SQLite store")
                return
            }
            try await SQLiteBackend.query(sqlite.connection, "BEGIN", [])
            _ = try await store.writeStatus([StatusDocumentWrite(kind: "k", id: "a", body: "{}")], audit: [])
            #expect(try await store.statusRevision() == 1)
        }
    }
}
