import Logging
import NIOCore
import PostgresNIO

/// The type of a column a bulk insert fills: PostgreSQL receives each column as one typed array.
enum SQLColumnType: Sendable {
    case int
    case double
    case text
    case blob
}

/// A column of a bulk insert: its name and type.
struct SQLColumn: Sendable {
    var name: String
    var type: SQLColumnType

    init(_ name: String, _ type: SQLColumnType) {
        self.name = name
        self.type = type
    }
}

extension SQLConnection {
    /// Inserts rows into `table`: `values` holds them one after another, `columns.count` values each; `tail`
    /// (`ON CONFLICT …`, `RETURNING …`) follows the statement. Returns the rows `tail` returns (both databases
    /// return them in row order, but neither promises it: callers match them by key).
    ///
    /// SQLite runs multi-row `VALUES` statements. PostgreSQL receives one statement per up to
    /// ``postgresRowsPerStatement`` rows, each column bound as one array and spread out by `unnest`: a statement
    /// with thousands of scalar placeholders cost more to parse, bind and plan than the rows cost to insert.
    @discardableResult
    func insert(
        into table: String, _ columns: [SQLColumn], values: [SQLValue], tail: String = ""
    ) async throws -> [SQLRow] {
        let width = columns.count
        precondition(width > 0 && values.count % width == 0, "values must fill whole rows")
        guard !values.isEmpty else { return [] }
        // Checked here for both databases: SQLite would store a value of any type without complaint.
        for (index, value) in values.enumerated() {
            let column = index % width
            guard value.fits(columns[column].type) else {
                throw StoreError.invalid(
                    "row \(index / width + 1) of an insert into \(table) holds \(value) in column \(column + 1) "
                        + "(\(columns[column].name)), which takes \(PostgresColumnArray.sqlType(columns[column].type))")
            }
        }
        let names = columns.map(\.name).joined(separator: ", ")
        switch self {
        case .sqlite(let connection):
            // Multi-row statements, as before: one prepared single-row statement stepped per row was slower in four
            // alternating pairs of loadbench runs (within this machine's spread, so no more than "not faster").
            let perStatement = max(1, Self.sqliteValuesPerStatement / width)
            let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            var rows: [SQLRow] = []
            var start = 0
            let rowCount = values.count / width
            while start < rowCount {
                let end = min(start + perStatement, rowCount)
                let sql =
                    "INSERT INTO \(table) (\(names)) VALUES "
                    + Array(repeating: row, count: end - start).joined(separator: ", ")
                    + (tail.isEmpty ? "" : " " + tail)
                rows += try SQLiteBackend.query(connection, sql, Array(values[(start * width)..<(end * width)]))
                start = end
            }
            return rows
        case .postgres(let connection, let logger):
            let arrays = columns.enumerated().map { index, column in
                "$\(index + 1)::\(PostgresColumnArray.sqlType(column.type))[]"
            }
            let sql =
                "INSERT INTO \(table) (\(names)) SELECT * FROM unnest(" + arrays.joined(separator: ", ") + ")"
                + (tail.isEmpty ? "" : " " + tail)
            var rows: [SQLRow] = []
            let rowCount = values.count / width
            var start = 0
            while start < rowCount {
                let end = min(start + Self.postgresRowsPerStatement, rowCount)
                var bindings = PostgresBindings(capacity: width)
                for (index, column) in columns.enumerated() {
                    try bindings.append(
                        PostgresColumnArray(
                            type: column.type, values: values, column: index, width: width, rows: start..<end))
                }
                rows += try await PostgresBackend.rows(
                    PostgresQuery(unsafeSQL: sql, binds: bindings), on: connection, logger)
                start = end
            }
            return rows
        }
    }

    /// Values per SQLite statement of a bulk insert (SQLite takes at most 32,766 parameters).
    static var sqliteValuesPerStatement: Int { 24_000 }

    /// Rows per PostgreSQL statement of a bulk insert (bounds one message's size).
    static var postgresRowsPerStatement: Int { 10_000 }
}

extension SQLValue {
    /// Whether the value may go into a column of `type` (NULL goes anywhere).
    func fits(_ type: SQLColumnType) -> Bool {
        switch (self, type) {
        case (.null, _), (.int, .int), (.double, .double), (.text, .text), (.blob, .blob): true
        default: false
        }
    }
}

/// One column of a bulk insert as a PostgreSQL array in binary form (one dimension, NULLs allowed).
struct PostgresColumnArray: PostgresThrowingDynamicTypeEncodable {
    let type: SQLColumnType
    let values: [SQLValue]
    let column: Int
    let width: Int
    let rows: Range<Int>

    static func sqlType(_ type: SQLColumnType) -> String {
        switch type {
        case .int: "bigint"
        case .double: "float8"
        case .text: "text"
        case .blob: "bytea"
        }
    }

    private var elementType: PostgresDataType {
        switch type {
        case .int: .int8
        case .double: .float8
        case .text: .text
        case .blob: .bytea
        }
    }

    var psqlType: PostgresDataType {
        switch type {
        case .int: .int8Array
        case .double: .float8Array
        case .text: .textArray
        case .blob: .byteaArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        let hasNull = rows.contains { values[$0 * width + column] == .null }
        buffer.writeInteger(Int32(1))  // dimensions
        buffer.writeInteger(Int32(hasNull ? 1 : 0))
        buffer.writeInteger(elementType.rawValue)
        buffer.writeInteger(Int32(rows.count))
        buffer.writeInteger(Int32(1))  // lower bound
        for row in rows {
            switch (type, values[row * width + column]) {
            case (_, .null):
                buffer.writeInteger(Int32(-1))
            case (.int, .int(let number)):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number)
            case (.double, .double(let number)):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number.bitPattern)
            case (.text, .text(let text)):
                let lengthAt = buffer.writerIndex
                buffer.writeInteger(Int32(0))
                let length = buffer.writeString(text)
                buffer.setInteger(Int32(length), at: lengthAt)
            case (.blob, .blob(let bytes)):
                buffer.writeInteger(Int32(bytes.count))
                buffer.writeBytes(bytes)
            case (_, let value):
                throw StoreError.invalid(
                    "a bulk insert's column \(column + 1) is \(Self.sqlType(type)), and a row holds \(value)")
            }
        }
    }
}
