import Foundation
import Synchronization
import Testing
import TocsinCore

@testable import TocsinStore

/// The two stores every store test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when `TOCSIN_TEST_POSTGRES_URL` is set, and in CI even when it is not (then the
    /// tests fail: CI never skips the PostgreSQL half).
    static let available: [StoreKind] = {
        if TestEnvironment.postgresURL != nil || TestEnvironment.inCI { return [.sqlite, .postgres] }
        print("note: TOCSIN_TEST_POSTGRES_URL is not set, so the PostgreSQL half of the store tests is skipped")
        return [.sqlite]
    }()
}

enum TestEnvironment {
    static let postgresURL = ProcessInfo.processInfo.environment["TOCSIN_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
}

/// A fixed clock that tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_764_614_400)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { self.now } }
}

/// A fresh database of one kind: a new SQLite file, or a new schema in the test PostgreSQL database.
struct FreshDatabase: Sendable {
    let kind: StoreKind
    let location: StoreLocation
    let folder: URL?

    static func make(_ kind: StoreKind) throws -> FreshDatabase {
        let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-\(tag)")
            return FreshDatabase(kind: kind, location: .dataFolder(folder.path), folder: folder)
        case .postgres:
            guard let url = TestEnvironment.postgresURL else {
                throw StoreError(
                    .unreachable, "TOCSIN_TEST_POSTGRES_URL is not set, and CI=true never skips the PostgreSQL tests",
                    hint: ".ci/run starts a throwaway server and sets it")
            }
            var postgres = try PostgresLocation(url: url)
            postgres.schema = "t_\(tag)"
            return FreshDatabase(kind: kind, location: .postgres(postgres), folder: nil)
        }
    }

    func open(clock: TestClock = TestClock(), failpoint: Failpoint? = nil) async throws -> SQLStore {
        try await SQLStore.open(
            location, clock: clock.function, logger: SQLStore.silentLogger, failpoint: failpoint,
            migrations: Migration.all)
    }

    /// Opens the database migrated only up to `version`, as an older Tocsin left it.
    func open(migratedUpTo version: Int64) async throws -> SQLStore {
        try await SQLStore.open(
            location, clock: { Date() }, logger: SQLStore.silentLogger, failpoint: nil,
            migrations: Array(Migration.all.prefix { $0.version <= version }))
    }

    /// Drops the schema or deletes the folder.
    func remove() async {
        switch location {
        case .sqlite:
            if let folder { try? FileManager.default.removeItem(at: folder) }
        case .postgres(let postgres):
            guard let schema = postgres.schema, let store = try? await open() else { return }
            _ = try? await store.raw("DROP SCHEMA \(schema) CASCADE")
            try? await store.close()
        }
    }
}

/// Runs `body` on a fresh store of `kind`, then closes and removes it.
func withFreshStore(
    _ kind: StoreKind, clock: TestClock = TestClock(), failpoint: Failpoint? = nil,
    _ body: (SQLStore, FreshDatabase) async throws -> Void
) async throws {
    let database = try FreshDatabase.make(kind)
    let store = try await database.open(clock: clock, failpoint: failpoint)
    do {
        try await body(store, database)
    } catch {
        try? await store.close()
        await database.remove()
        throw error
    }
    try? await store.close()
    await database.remove()
}

extension SQLStore {
    /// Raw SQL for tests that tamper with rows behind the store's back.
    @discardableResult
    func raw(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await backend.transaction(.write) { connection in try await connection.query(sql, binds) }
    }

    func count(_ table: String) async throws -> Int64 {
        try await raw("SELECT COUNT(*) FROM \(table)").first?.int(0) ?? -1
    }
}

/// Whole-microsecond dates, so what is stored reads back equal.
func time(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(1_764_614_400 + seconds)) }

func events(_ count: Int, source: String = "http:test", tag: String = "e") -> [StoredEventInput] {
    (0..<count).map { index in
        StoredEventInput(
            source: source, receivedAt: time(Int64(index)),
            raw: #"{"EventID":4688,"tag":"\#(tag)","index":\#(index),"text":"ümlaut \"quoted\""}"#)
    }
}

func alert(_ key: String, eventID: Int64? = nil, host: String? = "ws-17") -> NewAlert {
    NewAlert(
        dedupKey: key, ruleID: "rule-\(key)", title: "Suspicious \(key)", severity: .high, eventID: eventID,
        host: host, createdAt: time(100), details: ["matched": ["CommandLine": "vssadmin delete shadows"], "n": 2])
}
