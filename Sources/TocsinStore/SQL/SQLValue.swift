/// A value bound to or read from SQL, the common ground of SQLite and PostgreSQL as the store uses them.
enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ number: Int64?) { self = number.map { .int($0) } ?? .null }
}

/// One result row: values in the order the query selected them.
struct SQLRow: Sendable {
    var values: [SQLValue]

    private func unexpected(_ column: Int, _ type: String) -> StoreError {
        StoreError(
            .database, "column \(column) of a result is not \(type) (\(values[column]))",
            hint: "the database was changed outside Tocsin; restore it from a backup")
    }

    func int(_ column: Int) throws -> Int64 {
        guard case .int(let value) = values[column] else { throw unexpected(column, "an integer") }
        return value
    }

    func optionalInt(_ column: Int) throws -> Int64? {
        if case .null = values[column] { return nil }
        return try int(column)
    }

    func text(_ column: Int) throws -> String {
        guard case .text(let value) = values[column] else { throw unexpected(column, "text") }
        return value
    }

    func optionalText(_ column: Int) throws -> String? {
        if case .null = values[column] { return nil }
        return try text(column)
    }

    func blob(_ column: Int) throws -> [UInt8] {
        switch values[column] {
        case .blob(let bytes): return bytes
        case .null: return []
        default: throw unexpected(column, "bytes")
        }
    }
}
