import Foundation
import Logging

/// The store over SQLite or PostgreSQL: the same SQL, the same audit chain, the same tests, two databases.
///
/// The repositories are written once against a small connection abstraction (``SQLBackend``); the backends differ
/// only in how they connect, open transactions, serialise writers and spell a few column types. Sharing the SQL is
/// what makes the two stores behave alike (duplicate alerts, chain serialisation, cursor semantics) rather than
/// merely pass the same tests.
public struct SQLStore: Store {
    let backend: SQLBackend
    let clock: @Sendable () -> Date
    let failpoint: Failpoint?
    /// Whether the schema has `tocsin_append_chunk` (PostgreSQL from migration 11): appends then take one round trip.
    /// Only a store that tests open at an older version lacks it.
    let appendsInOneCall: Bool
    /// Where the store lives, printable (passwords as `***`).
    public let location: StoreLocation

    /// A logger that drops everything, the default: the caller (the server) passes its own.
    public static let silentLogger = Logger(label: "tocsin.store", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The processing cursor's name; one pipeline today, named so that more can follow.
    static let detectionCursor = "detection"
    /// The processing_cursor row of the last alert filed into incidents.
    static let filingCursor = "filing"

    /// Opens the store at `location`, creating and migrating the database as needed.
    ///
    /// - Parameters:
    ///   - location: An SQLite file or a PostgreSQL URL (see ``StoreLocation/parse(_:)``).
    ///   - clock: The time stamped on audit entries, incidents and positions; tests pass a fixed one.
    ///   - logger: Where the PostgreSQL client logs (connection failures at info); silent by default.
    public static func open(
        _ location: StoreLocation, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = SQLStore.silentLogger
    ) async throws -> SQLStore {
        try await open(location, clock: clock, logger: logger, failpoint: nil, migrations: Migration.all)
    }

    static func open(
        _ location: StoreLocation, clock: @escaping @Sendable () -> Date, logger: Logger, failpoint: Failpoint?,
        migrations: [Migration]
    ) async throws -> SQLStore {
        let backend: SQLBackend
        var schema: String?
        switch location {
        case .sqlite(let path):
            backend = .sqlite(try await SQLiteBackend.open(path: path))
        case .postgres(let postgres):
            backend = .postgres(try await PostgresBackend.open(postgres, logger: logger))
            schema = postgres.schema
        }
        do {
            try await Migrator.migrate(
                backend, migrations: migrations, now: Timestamp.microseconds(clock()), schema: schema)
        } catch {
            try? await backend.close()
            throw error
        }
        return SQLStore(
            backend: backend, clock: clock, failpoint: failpoint,
            appendsInOneCall: backend.dialect == .postgres && migrations.contains { $0.version == 11 },
            location: location)
    }

    /// Closes the database.
    public func close() async throws {
        try await backend.close()
    }

    /// The schema versions applied to this database, ascending.
    public func schemaVersions() async throws -> [Int64] {
        try await Migrator.appliedVersions(backend)
    }

    var now: Int64 { Timestamp.microseconds(clock()) }

    func hit(_ point: String) throws {
        try failpoint?.hit(point)
    }

    /// Inserts rows in as few statements as the databases' parameter limits allow; returns the new ids in row order.
    static func insertReturningIDs(
        _ connection: SQLConnection, table: String, columns: [String], rows: [[SQLValue]]
    ) async throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let perStatement = max(1, 30_000 / columns.count)
        var ids: [Int64] = []
        ids.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let sql =
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: end - start).joined(separator: ", ") + " RETURNING id"
            let binds = rows[start..<end].flatMap { $0 }
            let result = try await connection.query(sql, binds)
            guard result.count == end - start else {
                throw StoreError(
                    .database, "inserting into \(table) returned \(result.count) ids for \(end - start) rows")
            }
            // Ids are drawn in VALUES order inside one serialised statement, but RETURNING's order is unspecified.
            ids += try result.map { try $0.int(0) }.sorted()
            start = end
        }
        return ids
    }
}

/// A test hook: called at named points inside transactions, it throws to simulate a failure there.
struct Failpoint: Sendable {
    let hit: @Sendable (String) throws -> Void
}
