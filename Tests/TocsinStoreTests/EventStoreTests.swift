import Foundation
import Synchronization
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: events, cursor, positions")
struct EventStoreTests {
    @Test("events are appended in one batch and read back in order", arguments: StoreKind.available)
    func appendAndRead(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let first = try await store.appendEvents(events(3, tag: "a"))
            let second = try await store.appendEvents(events(1_500, tag: "b"))
            #expect(first.count == 3)
            #expect(second.count == 1_500)
            let all = first + second
            #expect(all == all.sorted() && Set(all).count == all.count)
            #expect(try await store.appendEvents([]) == [])

            let page = try await store.events(after: 0, limit: 2)
            #expect(page.map(\.id) == Array(first.prefix(2)))
            #expect(
                page[0]
                    == StoredEvent(
                        id: first[0], source: "http:test", receivedAt: time(0), raw: events(1, tag: "a")[0].raw))
            var read: [StoredEvent] = []
            var after: Int64 = 0
            while true {
                let next = try await store.events(after: after, limit: 400)
                guard let last = next.last else { break }
                read += next
                after = last.id
            }
            #expect(read.map(\.id) == all)
            #expect(read.last?.raw == events(1_500, tag: "b")[1_499].raw)
        }
    }

    @Test(
        "a reader following events(after:) during concurrent appends never skips an event",
        arguments: StoreKind.available)
    func followWhileAppending(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let writers = 4
            let batches = 15
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var ids: [Int64] = []
                        for _ in 0..<batches { ids += try await store.appendEvents(events(20, tag: "w\(writer)")) }
                        return ids
                    }
                }
                var appended: [Int64] = []
                for try await ids in group { appended += ids }
                return appended
            }
            // The reader ran after the fact here; the live check follows: read while two more writers append.
            // Big batches from several writers keep transactions open long enough to overlap.
            async let more = withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { for _ in 0..<8 { _ = try await store.appendEvents(events(400)) } }
                }
                try await group.waitForAll()
            }
            var followed: [Int64] = []
            var after: Int64 = 0
            var quietRounds = 0
            while quietRounds < 20 {
                let page = try await store.events(after: after, limit: 500)
                if let last = page.last {
                    followed += page.map(\.id)
                    after = last.id
                    quietRounds = 0
                } else {
                    quietRounds += 1
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await more
            let tail = try await store.events(after: after, limit: 100_000).map(\.id)
            let all = try await store.events(after: 0, limit: 100_000).map(\.id)
            #expect(all.count == writers * batches * 20 + 4 * 8 * 400)
            #expect(Set(seen).isSubset(of: Set(all)))
            // What the reader saw plus what was left is every event, each once, in order: nothing was skipped.
            #expect(followed + tail == all)
        }
    }

    @Test(
        "an append that commits late is never skipped by a reader: ids follow commit order",
        arguments: StoreKind.available)
    func lateCommit(kind: StoreKind) async throws {
        // The first append sleeps inside its transaction, just before COMMIT, while a second append runs.
        let slowFirst = Mutex(true)
        let failpoint = Failpoint { point in
            guard point == "appendEvents.beforeCommit",
                slowFirst.withLock({
                    let first = $0
                    $0 = false
                    return first
                })
            else { return }
            Thread.sleep(forTimeInterval: 0.4)
        }
        try await withFreshStore(kind, failpoint: failpoint) { store, _ in
            async let slow = store.appendEvents(events(5, tag: "slow"))
            try await Task.sleep(for: .milliseconds(100))
            let fast = try await store.appendEvents(events(5, tag: "fast"))
            // A reader that reads the moment the second batch is acknowledged, then goes on from where it was.
            let seen = try await store.events(after: 0, limit: 100)
            let slowIDs = try await slow
            let rest = try await store.events(after: seen.last?.id ?? 0, limit: 100)
            #expect((seen + rest).map(\.id) == (slowIDs + fast).sorted())
            #expect(fast.min() ?? 0 > slowIDs.max() ?? 0)
        }
    }

    @Test(
        "closing and reopening keeps every event, and migrations are not applied twice", arguments: StoreKind.available)
    func reopen(kind: StoreKind) async throws {
        let database = try FreshDatabase.make(kind)
        let store = try await database.open()
        let ids = try await store.appendEvents(events(250))
        _ = try await store.commitProcessing(upTo: ids[9], alerts: [alert("a", eventID: ids[0])], audit: [])
        try await store.close()
        await #expect(throws: StoreError.self) { try await store.events(after: 0, limit: 1) }

        let again = try await database.open()
        #expect(try await again.events(after: 0, limit: 1_000).map(\.id) == ids)
        #expect(try await again.processingCursor() == ids[9])
        #expect(try await again.schemaVersions() == Migration.all.map(\.version))
        #expect(try await again.count("schema_migrations") == Int64(Migration.all.count))
        #expect(
            try await again.verifyAudit()
                == .intact(entries: 1, head: try await again.auditEntries(after: 0, limit: 9)[0].hash))
        try await again.close()
        await database.remove()
    }

    @Test(
        "commits wait for the disk: SQLite in WAL with synchronous=FULL, PostgreSQL with synchronous_commit=on",
        arguments: StoreKind.available)
    func durabilitySettings(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            func setting(_ sql: String) async throws -> SQLValue? { try await store.raw(sql).first?.values.first }
            switch kind {
            case .sqlite:
                let mode = try await setting("PRAGMA journal_mode")
                let synchronous = try await setting("PRAGMA synchronous")
                #expect(mode == .text("wal"))
                #expect(synchronous == .int(2))  // 2 = FULL
            case .postgres:
                let commit = try await setting("SHOW synchronous_commit")
                let fsync = try await setting("SHOW fsync")
                #expect(commit == .text("on"))
                #expect(fsync == .text("on"))
                // Chunk bodies are compressed by Tocsin, so PostgreSQL stores them as they are (EXTERNAL).
                let storage = try await setting(
                    "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'event_chunks'::regclass "
                        + "AND attname = 'body'")
                #expect(storage == .text("e"))
                // Audit details are compressed with lz4 where the server has it (migration 12).
                let lz4 = try await setting(
                    "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
                let compression = try await setting(
                    "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'audit_log'::regclass "
                        + "AND attname = 'details'")
                #expect(compression == (lz4 == .int(1) ? .text("l") : .text("")))
                // Alert keys compare byte by byte (migration 13).
                let collation = try await setting(
                    "SELECT collname::text FROM pg_attribute JOIN pg_collation ON pg_collation.oid = attcollation "
                        + "WHERE attrelid = 'alerts'::regclass AND attname = 'dedup_key'")
                #expect(collation == .text("C"))
            }
        }
    }

    @Test(
        "events stored a row each before chunks are moved into chunks, ids and texts kept", arguments: StoreKind.available)
    func migrateToChunks(kind: StoreKind) async throws {
        let database = try FreshDatabase.make(kind)
        let old = try await database.open(migratedUpTo: 7)
        let texts = [#"{"a":1}"#, #"{"b":"ümlaut \"quoted\"\n"}"#, "{\n  \"pretty\": true\n}"]
        for (index, text) in texts.enumerated() {
            try await old.raw(
                "INSERT INTO events (source, received_at_us, raw) VALUES (?, ?, ?)",
                [.text("http:old"), .int(Timestamp.microseconds(time(Int64(index)))), .text(text)])
        }
        let oldIDs = try await old.raw("SELECT id FROM events ORDER BY id").map { try $0.int(0) }
        try await old.raw("DELETE FROM events WHERE id = ?", [.int(oldIDs[1])])
        try await old.close()

        let store = try await database.open()
        let read = try await store.events(after: 0, limit: 10)
        #expect(read.map(\.id) == [oldIDs[0], oldIDs[2]])
        #expect(read.map(\.raw) == [texts[0], texts[2]])
        #expect(read.map(\.source) == ["http:old", "http:old"])
        #expect(read.map(\.receivedAt) == [time(0), time(2)])
        #expect(try await store.lastEventID() == oldIDs[2])
        #expect(try await store.events(after: oldIDs[0], limit: 10).map(\.id) == [oldIDs[2]])
        let next = try await store.appendEvents(events(3))
        #expect(next == [oldIDs[2] + 1, oldIDs[2] + 2, oldIDs[2] + 3])
        try await store.close()
        await database.remove()
    }

    @Test(
        "appends before and after migration 11 (PostgreSQL: an append in one call) draw ids without gap or overlap",
        arguments: StoreKind.available)
    func appendAcrossMigration11(kind: StoreKind) async throws {
        let database = try FreshDatabase.make(kind)
        let old = try await database.open(migratedUpTo: 10)
        #expect(!old.appendsInOneCall)
        let before = try await old.appendEvents(events(4, tag: "before"))
        try await old.close()

        let store = try await database.open()
        #expect(store.appendsInOneCall == (kind == .postgres))
        if kind == .postgres {
            let functions = try await store.raw("SELECT COUNT(*) FROM pg_proc WHERE proname = 'tocsin_append_chunk'")
            #expect(try functions.first?.int(0) ?? 0 >= 1)
        }
        // Concurrent appends through the new path: each gets its own run of ids, after the old ones.
        let after = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for writer in 0..<6 {
                group.addTask { try await store.appendEvents(events(3 + writer, tag: "after-\(writer)")) }
            }
            var all: [[Int64]] = []
            for try await ids in group { all.append(ids) }
            return all
        }
        for ids in after { #expect(ids == Array(ids[0]...(ids[0] + Int64(ids.count) - 1))) }
        let drawn = (before + after.flatMap { $0 }).sorted()
        #expect(drawn == Array(1...Int64(drawn.count)))
        let read = try await store.events(after: 0, limit: 100)
        #expect(read.map(\.id) == drawn)
        #expect(read.prefix(4).map(\.raw) == events(4, tag: "before").map(\.raw))
        try await store.close()
        await database.remove()
    }

    @Test(
        "one append of mixed sources and times reads back event by event, as one stored chunk",
        arguments: StoreKind.available)
    func mixedChunk(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let batch = [
                StoredEventInput(source: "syslog-tcp:10.0.0.1", receivedAt: time(5), raw: #"{"a":1}"#),
                StoredEventInput(source: "syslog-tcp:10.0.0.2", receivedAt: time(3), raw: ""),
                StoredEventInput(source: "syslog-tcp:10.0.0.1", receivedAt: time(9), raw: "{\n\"ü\": \"\\u00fc\"\n}"),
            ]
            let ids = try await store.appendEvents(batch)
            #expect(try await store.count("event_chunks") == 1)
            let read = try await store.events(after: 0, limit: 10)
            #expect(read.map(\.id) == ids)
            #expect(read.map(\.source) == batch.map(\.source))
            #expect(read.map(\.receivedAt) == batch.map(\.receivedAt))
            #expect(read.map(\.raw) == batch.map(\.raw))
            #expect(try await store.events(after: ids[0], limit: 1).map(\.id) == [ids[1]])
            #expect(try await store.firstEventID(receivedSince: time(8)) == ids[0])
            #expect(try await store.firstEventID(receivedSince: time(10)) == nil)
        }
    }

    @Test("a damaged stored chunk is named, not crashed on or skipped", arguments: StoreKind.available)
    func damagedChunk(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let batch = (0..<50).map {
                StoredEventInput(source: "http:test", receivedAt: time(0), raw: #"{"EventID":4688,"index":\#($0)}"#)
            }
            let ids = try await store.appendEvents(batch)
            #expect(try await store.count("event_chunks") == 1)
            #expect(try await store.events(after: 0, limit: 100).map(\.raw) == batch.map(\.raw))
            try await store.raw("UPDATE event_chunks SET body = ?", [.blob([0xFF, 0x00, 0x01])])
            do {
                _ = try await store.events(after: 0, limit: 100)
                Issue.record("a damaged chunk was read")
            } catch let error as StoreError {
                #expect(error.kind == .database)
                #expect(error.message.hasPrefix("the stored events \(ids[0])...\(ids[49]) cannot be read: "))
            }
        }
    }

    @Test("a database migrated by a newer Tocsin is refused with a clear error", arguments: StoreKind.available)
    func newerSchema(kind: StoreKind) async throws {
        let database = try FreshDatabase.make(kind)
        let store = try await database.open()
        try await store.raw("INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (99, 'future', 0)")
        try await store.close()
        do {
            _ = try await database.open()
            Issue.record("opening a newer schema succeeded")
        } catch let error as StoreError {
            #expect(error.kind == .schemaTooNew)
            #expect(error.message == "the database schema is at version 99, newer than this Tocsin knows (\(Migration.all.last?.version ?? 0))")
            #expect(error.code == "T405")
        }
        if case .postgres = database.location {
            // Drop the schema with a store that knows version 99, since the normal open refuses it.
            let future = Migration(version: 99, name: "future", statements: [])
            let cleaner = try await SQLStore.open(
                database.location, clock: { Date() }, logger: SQLStore.silentLogger, failpoint: nil,
                migrations: Migration.all + [future])
            if case .postgres(let postgres) = database.location, let schema = postgres.schema {
                try await cleaner.raw("DROP SCHEMA \(schema) CASCADE")
            }
            try await cleaner.close()
        } else {
            await database.remove()
        }
    }

    @Test("the processing cursor moves forward only, and never past the last event", arguments: StoreKind.available)
    func cursor(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            #expect(try await store.processingCursor() == 0)
            let ids = try await store.appendEvents(events(10))
            #expect(try await store.commitProcessing(upTo: ids[5], alerts: [], audit: []).cursor == ids[5])
            #expect(try await store.commitProcessing(upTo: ids[2], alerts: [], audit: []).cursor == ids[5])
            #expect(try await store.processingCursor() == ids[5])
            await #expect(throws: StoreError.self) {
                try await store.commitProcessing(upTo: ids[9] + 1, alerts: [], audit: [])
            }
            #expect(try await store.processingCursor() == ids[5])
        }
    }

    @Test("ingest positions are stored per path and replaced", arguments: StoreKind.available)
    func positions(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            #expect(try await store.position(for: "/var/log/a.json") == nil)
            try await store.setPosition(path: "/var/log/a.json", inode: 42, offset: 1_000)
            try await store.setPosition(path: "/var/log/b.json", inode: UInt64.max, offset: 7)
            clock.advance(5)
            try await store.setPosition(path: "/var/log/a.json", inode: 43, offset: 0)
            #expect(
                try await store.position(for: "/var/log/a.json")
                    == IngestPosition(path: "/var/log/a.json", inode: 43, offset: 0, updatedAt: clock.now))
            #expect(try await store.position(for: "/var/log/b.json")?.inode == UInt64.max)
        }
    }
}
