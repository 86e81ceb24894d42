import Foundation
import Synchronization
import VaporCSQLite

/// One SQLite connection (sqlite-nio's vendored SQLite, called directly) with a thread of its own.
///
/// A transaction runs on that thread from `BEGIN` to `COMMIT` (``run(_:)`` makes the thread the task's executor),
/// and each statement is a plain synchronous call there. sqlite-nio's connection sent every statement to NIO's
/// shared thread pool (two threads on two cores, shared by the writer, the reader and the checkpointer) and every
/// row of its answer back to an event loop one task at a time: under sustained ingest, detection's transactions
/// spent about a third of their time in those hops. Blocking calls (a commit's sync, a busy wait) stay off
/// Swift's cooperative pool.
final class SQLiteHandle: @unchecked Sendable {
    /// Set at open, cleared at close; only the connection's own thread uses it once the handle is shared.
    private var database: OpaquePointer?
    private let thread: SQLiteThread

    private init(database: OpaquePointer, name: String) {
        self.database = database
        self.thread = SQLiteThread(name: name)
    }

    /// Opens (creating when missing) the database file; `name` names the connection's thread.
    static func open(path: String, name: String) throws -> SQLiteHandle {
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let code = sqlite_nio_sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let database { sqlite_nio_sqlite3_close(database) }
            throw SQLiteFailure(code: code, message: message)
        }
        sqlite_nio_sqlite3_extended_result_codes(database, 1)
        return SQLiteHandle(database: database, name: name)
    }

    /// Runs `body` on the connection's thread: the statements it runs there are direct calls.
    func run<R: Sendable, Failure: Error>(_ body: () async throws(Failure) -> R) async throws(Failure) -> R {
        try await withTaskExecutorPreference(thread, operation: body)
    }

    /// Runs one statement (or several, separated by semicolons) and returns the rows of the last.
    ///
    /// Call it inside ``run(_:)``; called from elsewhere it still works (the SQLite library serialises the calls),
    /// but blocks the caller's thread.
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        guard let database else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        var rows: [SQLRow] = []
        var bindIndex = 0
        try sql.utf8CString.withUnsafeBufferPointer { text in
            guard var cursor = text.baseAddress else { return }
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let prepared = sqlite_nio_sqlite3_prepare_v3(database, cursor, -1, 0, &statement, &tail)
                guard prepared == SQLITE_OK else { throw failure(prepared) }
                guard let statement else {  // only whitespace or a comment was left
                    break
                }
                defer { sqlite_nio_sqlite3_finalize(statement) }
                let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
                guard bindIndex + parameters <= binds.count else {
                    throw SQLiteFailure(
                        code: SQLITE_RANGE,
                        message: "the statement has \(parameters) parameters but \(binds.count - bindIndex) values are left")
                }
                for parameter in 0..<parameters {
                    try bind(binds[bindIndex + parameter], at: Int32(parameter + 1), to: statement)
                }
                bindIndex += parameters
                rows = try step(statement)
                guard let tail else { break }
                cursor = tail
            }
        }
        guard bindIndex == binds.count else {
            throw SQLiteFailure(
                code: SQLITE_RANGE, message: "\(binds.count) values were given, and the statement takes \(bindIndex)")
        }
        return rows
    }

    /// Closes the connection and stops its thread.
    func close() {
        if let database {
            sqlite_nio_sqlite3_close_v2(database)
            self.database = nil
        }
        thread.stop()
    }

    private func bind(_ value: SQLValue, at index: Int32, to statement: OpaquePointer) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite_nio_sqlite3_bind_null(statement, index)
        case .int(let number):
            code = sqlite_nio_sqlite3_bind_int64(statement, index, number)
        case .double(let number):
            code = sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(var text):
            code = text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    // A null pointer would bind SQL NULL.
                    return sqlite_nio_sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
                }
                return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite_nio_sqlite3_bind_text64(
                        statement, index, $0, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress, !buffer.isEmpty else {
                    return sqlite_nio_sqlite3_bind_zeroblob(statement, index, 0)
                }
                return sqlite_nio_sqlite3_bind_blob64(statement, index, base, UInt64(buffer.count), sqliteTransient)
            }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func step(_ statement: OpaquePointer) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        let columns = sqlite_nio_sqlite3_column_count(statement)
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw failure(code) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER:
                    values.append(.int(sqlite_nio_sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT:
                    values.append(.double(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    let pointer = sqlite_nio_sqlite3_column_text(statement, column)
                    let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    values.append(
                        .text(pointer.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""))
                case SQLITE_BLOB:
                    let pointer = sqlite_nio_sqlite3_column_blob(statement, column)
                    let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    values.append(
                        .blob(pointer.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                default:
                    values.append(.null)
                }
            }
            rows.append(SQLRow(values: values))
        }
    }

    private func failure(_ code: Int32) -> SQLiteFailure {
        let message = database.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "the connection is closed"
        return SQLiteFailure(code: code, message: message)
    }
}

/// What SQLite answered when a call failed: its (extended) result code and message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    /// The primary result code (the low byte of an extended one).
    var primary: Int32 { code & 0xFF }

    var description: String { message }
}

/// SQLite copies a value bound with this destructor before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A serial executor on a thread of its own: the jobs of tasks that prefer it run there, one after another.
final class SQLiteThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    init(name: String) {
        let thread = Thread { [self] in
            // The kernel's name for the thread (what top and perf show; 15 bytes at most).
            try? Data(name.utf8.prefix(15)).write(to: URL(fileURLWithPath: "/proc/thread-self/comm"))
            loop()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        guard !stopped else {
            // A task that still prefers a closed connection's executor: its jobs run where they are enqueued.
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs queued so far have run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
    }
}
