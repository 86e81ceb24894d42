import Foundation
import NIOCore
import SQLiteNIO
import Synchronization

/// SQLite through sqlite-nio: one file, WAL, `synchronous=FULL`; one connection that writing transactions take
/// turns on, and a second, read-only one for reads, which WAL lets run beside a write (a read never waits for a
/// commit's sync, and sees every transaction committed before it began).
///
/// sqlite-nio over GRDB because it vendors SQLite (the same engine on every machine, nothing to install) and runs it
/// on NIO's thread pool, which the PostgreSQL client brings anyway. With `synchronous=FULL` in WAL mode every commit
/// syncs the log, so a batch that `appendEvents` acknowledged survives a crash or power loss.
final class SQLiteBackend: Sendable {
    let connection: SQLiteConnection
    private let reader: SQLiteConnection
    /// Copies committed log frames into the database file beside the writer (see ``checkpointSoon()``).
    private let checkpointer: SQLiteConnection
    private let checkpointState = Mutex(CheckpointState())
    let path: String
    private let turn = AsyncLock()
    private let readTurn = AsyncLock()
    private let lockFile: LockFile
    private let closed = Mutex(false)

    private init(
        connection: SQLiteConnection, reader: SQLiteConnection, checkpointer: SQLiteConnection, path: String,
        lockFile: LockFile
    ) {
        self.connection = connection
        self.reader = reader
        self.checkpointer = checkpointer
        self.path = path
        self.lockFile = lockFile
    }

    static func open(path: String) async throws -> SQLiteBackend {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(
                    .cannotOpen, "cannot create the data folder \(folder)",
                    hint: "check the path and that this user may write there")
            }
        }
        let lockFile = try LockFile.acquire(path: path + ".lock", database: path)
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path))
        } catch {
            lockFile.release()
            throw StoreError(
                .cannotOpen, "cannot open the SQLite database \(path): \(error)",
                hint: "check the path and its permissions")
        }
        do {
            // A new database gets 16 KB pages (an existing one keeps its own): events of about 1.4 KB packed 11
            // to a page instead of 2 to a 4 KB page, and a quarter of the log frames and write calls per batch.
            try await query(connection, "PRAGMA page_size=16384", [])
            // journal_mode answers with the mode in force; a file that is not SQLite fails here.
            let mode = try await query(connection, "PRAGMA journal_mode=WAL", [])
            guard case .text(let name)? = mode.first?.values.first, name.lowercased() == "wal" else {
                throw StoreError(.cannotOpen, "the SQLite database \(path) cannot use write-ahead logging")
            }
            // busy_timeout replaces sqlite-nio's retry-forever busy handler: wait up to 5 s, then report.
            // The writer does not checkpoint when it commits (the checkpointer connection does, beside it), keeps
            // a batch's pages in memory (64 MB of cache instead of 2 MB), and cuts the log file back to 64 MB when
            // it starts the log over (after a burst held it long, the file would otherwise keep its largest size).
            for pragma in [
                "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000",
                "PRAGMA wal_autocheckpoint=0", "PRAGMA cache_size=-65536", "PRAGMA journal_size_limit=67108864",
            ] {
                try await query(connection, pragma, [])
            }
        } catch {
            try? await connection.close()
            lockFile.release()
            if let error = error as? StoreError, error.kind != .database { throw error }
            throw StoreError(
                .cannotOpen, "\(path) is not a usable SQLite database: \(error)",
                hint: "point --database at a new folder, or restore the file from a backup")
        }
        let reader: SQLiteConnection
        do {
            reader = try await SQLiteConnection.open(storage: .file(path: path))
            for pragma in ["PRAGMA query_only=ON", "PRAGMA busy_timeout=5000"] { try await query(reader, pragma, []) }
        } catch {
            try? await connection.close()
            lockFile.release()
            throw StoreError(.cannotOpen, "cannot open a reading connection to \(path): \(error)")
        }
        let checkpointer: SQLiteConnection
        do {
            checkpointer = try await SQLiteConnection.open(storage: .file(path: path))
            for pragma in ["PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000"] {
                try await query(checkpointer, pragma, [])
            }
        } catch {
            try? await reader.close()
            try? await connection.close()
            lockFile.release()
            throw StoreError(.cannotOpen, "cannot open a checkpointing connection to \(path): \(error)")
        }
        return SQLiteBackend(
            connection: connection, reader: reader, checkpointer: checkpointer, path: path, lockFile: lockFile)
    }

    @discardableResult
    func transaction<R: Sendable>(_ kind: TransactionKind, _ body: (SQLConnection) async throws -> R) async throws -> R
    {
        if kind == .read {
            return try await readTurn.withLock {
                guard !closed.withLock({ $0 }) else { throw StoreError(.closed, "the store is closed") }
                // One snapshot for all the statements of the read.
                try await Self.begin(reader, "BEGIN")
                do {
                    let result = try await body(SQLConnection.sqlite(reader))
                    try await Self.query(reader, "COMMIT", [])
                    return result
                } catch {
                    await Self.rollBack(reader)
                    throw error
                }
            }
        }
        // Everything but ingest's bulk appends goes ahead of appends waiting for the writer: detection's commits
        // (an alert's latency), responders' changes. Appends only slow down, and back-pressure holds ingest.
        return try await turn.withLock(urgent: kind != .appendEvents) {
            guard !closed.withLock({ $0 }) else { throw StoreError(.closed, "the store is closed") }
            let sql = SQLConnection.sqlite(connection)
            // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on a busy database.
            try await Self.begin(connection, "BEGIN IMMEDIATE")
            let result: R
            do {
                result = try await body(sql)
                try await Self.query(connection, "COMMIT", [])
            } catch {
                await Self.rollBack(connection)
                throw error
            }
            checkpointSoon()
            return result
        }
    }

    /// Whether a checkpoint runs, and whether another commit came since it started.
    private struct CheckpointState {
        var running: Task<Void, Never>?
        var again = false
        /// Set by ``close()``: no checkpoint starts any more.
        var stopped = false
    }

    /// The log is restarted under the writer's turn once it holds this many frames (of a page each) all the same.
    static let restartFrames = 16_384

    /// Starts a passive checkpoint on the checkpointer connection unless one runs (then it runs once more after).
    ///
    /// A commit in WAL mode only appends to the log; a checkpoint copies the frames into the database file and
    /// syncs it. Run by the committing connection (SQLite's default), the copy and the second sync sat on every
    /// few commits' critical path: a quarter of the writer's time under sustained ingest. Run beside it, a
    /// checkpoint never blocks the writer, and the writer starts the log over whenever a checkpoint has caught
    /// up. Should the log keep growing anyway (a reader holding an old snapshot), a RESTART checkpoint under the
    /// writer's turn waits for readers and resets it.
    private func checkpointSoon() {
        checkpointState.withLock { state in
            guard !state.stopped else { return }
            guard state.running == nil else {
                state.again = true
                return
            }
            state.running = Task.detached { [self] in await checkpointLoop() }
        }
    }

    private func checkpointLoop() async {
        while true {
            let frames = await checkpoint("PASSIVE")
            if frames > Self.restartFrames {
                _ = try? await turn.withLock {
                    guard !closed.withLock({ $0 }) else { return }
                    _ = await checkpoint("RESTART")
                }
            }
            let more = checkpointState.withLock { state -> Bool in
                if state.again && !state.stopped {
                    state.again = false
                    return true
                }
                state.running = nil
                return false
            }
            guard more else { return }
        }
    }

    /// Runs one checkpoint; returns the log's size in frames (0 when it failed: the next commit tries again).
    private func checkpoint(_ mode: String) async -> Int {
        do {
            let rows = try await Self.query(checkpointer, "PRAGMA wal_checkpoint(\(mode))", [])
            guard let values = rows.first?.values, values.count == 3, case .int(let frames) = values[1] else {
                return 0
            }
            return Int(frames)
        } catch {
            return 0
        }
    }

    /// Rolls back in a task of its own: when the caller was cancelled mid-transaction, a ROLLBACK run on its behalf
    /// could be refused as cancelled too, and the connection would stay inside the transaction for whoever comes
    /// next ("cannot start a transaction within a transaction").
    static func rollBack(_ connection: SQLiteConnection) async {
        await Task.detached { _ = try? await query(connection, "ROLLBACK", []) }.value
    }

    /// Begins a transaction; should an earlier one have been left open all the same, it is rolled back first (its
    /// caller saw an error, so nothing acknowledged is lost) and the begin tried once more.
    static func begin(_ connection: SQLiteConnection, _ statement: String) async throws {
        do {
            try await query(connection, statement, [])
        } catch let error as StoreError where error.message.contains("within a transaction") {
            await rollBack(connection)
            try await query(connection, statement, [])
        }
    }

    func close() async throws {
        // The checkpointer first, outside the writer's turn: a RESTART checkpoint waits for that turn.
        let running = checkpointState.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            return state.running
        }
        await running?.value
        try await turn.withLock {
            guard
                !closed.withLock({
                    let was = $0
                    $0 = true
                    return was
                })
            else { return }
            // The last checkpoint: the file holds everything, and the log is emptied.
            _ = await checkpoint("TRUNCATE")
            try? await checkpointer.close()
            try await readTurn.withLock { try await reader.close() }
            try await connection.close()
            lockFile.release()
        }
    }

    /// Runs one statement; errors become ``StoreError``s a person reads.
    @discardableResult
    static func query(_ connection: SQLiteConnection, _ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data: [SQLiteData] = binds.map { value in
            switch value {
            case .null: .null
            case .int(let number): .integer(SQLiteInt64(number))
            case .double(let number): .float(number)
            case .text(let text): .text(text)
            case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
            }
        }
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, data)
        } catch let error as SQLiteError {
            throw map(error)
        }
        return rows.map { row in
            SQLRow(
                values: row.columns.map { column in
                    switch column.data {
                    case .null: .null
                    case .integer(let number): .int(Int64(number))
                    case .float(let number): .double(number)
                    case .text(let text): .text(text)
                    case .blob(let buffer): .blob(Array(buffer.readableBytesView))
                    }
                })
        }
    }

    private static func map(_ error: SQLiteError) -> StoreError {
        switch error.reason {
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot:
            return StoreError(
                .locked, "the SQLite database is locked by another connection: \(error.message)",
                hint: "stop the other process that uses this file")
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintForeignKeyFailed,
            .constraintNotNullFailed, .constraintCheckFailed:
            return StoreError(.conflict, "the change conflicts with stored data: \(error.message)")
        case .full:
            return StoreError(
                .database, "the disk is full: \(error.message)", hint: "free space on the data folder's disk")
        default:
            return StoreError(.database, "SQLite failed: \(error.message)")
        }
    }
}
