import Logging
import PostgresNIO

/// Which SQL the store speaks; the schema and a few statements differ, everything else is shared.
enum SQLDialect: Sendable, Hashable {
    case sqlite
    case postgres
}

/// The connection a transaction's body runs its statements on, SQLite's or PostgreSQL's.
///
/// Statements are written once with `?` placeholders; the PostgreSQL side numbers them (`$1`, `$2`, …).
enum SQLConnection {
    case sqlite(SQLiteHandle)
    case postgres(PostgresConnection, Logger)

    var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        switch self {
        case .sqlite(let connection):
            return try SQLiteBackend.query(connection, sql, binds)
        case .postgres(let connection, let logger):
            return try await PostgresBackend.query(connection, logger, sql, binds)
        }
    }

    /// Runs `sql` with a membership test for `ids` appended: `leading` binds come before the ids. Returns the rows.
    ///
    /// On SQLite, once per slice of at most 500 ids with ` IN (?, ?, …)`, the rows of every slice in order. On
    /// PostgreSQL, once with ` = ANY(CAST(? AS BIGINT[]))` and the ids as one array: a statement per 500 ids was a
    /// round trip each, which under load cost the pipeline milliseconds per batch.
    @discardableResult
    func query(_ sql: String, in ids: [Int64], after leading: [SQLValue] = []) async throws -> [SQLRow] {
        if dialect == .postgres {
            guard !ids.isEmpty else { return [] }
            let array = "{" + ids.map(String.init).joined(separator: ",") + "}"
            return try await query(sql + " = ANY(CAST(? AS BIGINT[]))", leading + [.text(array)])
        }
        var rows: [SQLRow] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = ids[start..<min(start + 500, ids.count)]
            rows += try await query(
                sql + " IN (" + Array(repeating: "?", count: slice.count).joined(separator: ", ") + ")",
                leading + slice.map { .int($0) })
        }
        return rows
    }
}

/// What a transaction does, so each backend can serialise what must be serial.
enum TransactionKind: Sendable, Hashable {
    /// Reads only (PostgreSQL: a read-only snapshot).
    case read
    /// Writes that need no ordering with other writers.
    case write
    /// Appends events: writers take turns, so ids become visible in increasing order (a reader following
    /// `events(after:)` never skips an event that commits late with a lower id).
    case appendEvents
    /// Appends to the audit chain: writers take turns, so the chain never forks.
    case audit
    /// Applies migrations: one node at a time.
    case migrate
}
