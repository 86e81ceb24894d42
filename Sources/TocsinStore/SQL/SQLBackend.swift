import Logging

/// The two databases behind one ``SQLStore``: a closed set, so calls switch on a value instead of going through an
/// existential.
enum SQLBackend: Sendable {
    case sqlite(SQLiteBackend)
    case postgres(PostgresBackend)

    var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    func transaction<R: Sendable>(_ kind: TransactionKind, _ body: (SQLConnection) async throws -> R) async throws -> R
    {
        switch self {
        case .sqlite(let backend): try await backend.transaction(kind, body)
        case .postgres(let backend): try await backend.transaction(kind, body)
        }
    }

    func close() async throws {
        switch self {
        case .sqlite(let backend): try await backend.close()
        case .postgres(let backend): await backend.close()
        }
    }
}
