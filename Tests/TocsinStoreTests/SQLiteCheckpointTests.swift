import Foundation
import Testing

@testable import TocsinStore

/// The SQLite writer does not checkpoint when it commits; a connection beside it does.
@Suite("SQLite checkpoints")
struct SQLiteCheckpointTests {
    @Test("a new database has 16 KB pages; appends reach the database file while it is open, and the log is emptied at close")
    func checkpointsBesideTheWriter() async throws {
        let database = try FreshDatabase.make(.sqlite)
        defer { if let folder = database.folder { try? FileManager.default.removeItem(at: folder) } }
        let file = database.folder!.appendingPathComponent(StoreLocation.sqliteFileName).path
        let store = try await database.open()
        #expect(try await store.raw("PRAGMA page_size").first?.values.first == .int(16_384))
        // The writer's automatic checkpoint is off: without the checkpointer, every page would stay in the log
        // until close, and the database file would keep its size from the migrations.
        #expect(try await store.raw("PRAGMA wal_autocheckpoint").first?.values.first == .int(0))
        #expect(try await store.raw("PRAGMA journal_size_limit").first?.values.first == .int(67_108_864))
        #expect(try await store.raw("PRAGMA temp_store").first?.values.first == .int(2))  // MEMORY
        let emptySize = try Self.size(file)
        // Random letters: the store compresses events, and this test needs the bytes to reach the file.
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var ids: [Int64] = []
        for batch in 0..<20 {
            let inputs = (0..<200).map { index in
                let padding = String((0..<1_400).map { _ in letters[Int.random(in: 0..<letters.count)] })
                return StoredEventInput(
                    source: "http:test", receivedAt: time(Int64(index)),
                    raw: #"{"batch":\#(batch),"index":\#(index),"pad":"\#(padding)"}"#)
            }
            ids += try await store.appendEvents(inputs)
        }
        // 4,000 events of about 1.4 KB: at least 5 MB must be in the file itself within a few seconds.
        let deadline = ContinuousClock.now + .seconds(10)
        while try Self.size(file) < emptySize + 5_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try Self.size(file) >= emptySize + 5_000_000, "the database file did not grow while open")
        try await store.close()
        let log = file + "-wal"
        let logSize = FileManager.default.fileExists(atPath: log) ? try Self.size(log) : 0
        #expect(logSize == 0)

        let again = try await database.open()
        #expect(try await again.events(after: 0, limit: 10_000).map(\.id) == ids)
        try await again.close()
    }

    @Test("a database made with 4 KB pages keeps them and works as before")
    func existingPageSize() async throws {
        let database = try FreshDatabase.make(.sqlite)
        defer { if let folder = database.folder { try? FileManager.default.removeItem(at: folder) } }
        let folder = database.folder!
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(StoreLocation.sqliteFileName).path
        // An empty SQLite database in WAL mode with 4 KB pages, as Tocsin made them before.
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA page_size=4096');"
                + " c.execute('PRAGMA journal_mode=WAL'); c.execute('CREATE TABLE t(x)'); c.execute('DROP TABLE t');"
                + " c.commit(); c.close()",
            file,
        ]
        try make.run()
        // Polled, not waitUntilExit(): a test must not block a thread of Swift's cooperative pool.
        while make.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        try #require(make.terminationStatus == 0, "python3's sqlite3 module is needed to make the old database")
        let store = try await database.open()
        #expect(try await store.raw("PRAGMA page_size").first?.values.first == .int(4_096))
        let ids = try await store.appendEvents(events(300))
        #expect(try await store.events(after: 0, limit: 1_000).map(\.id) == ids)
        try await store.close()
    }

    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
