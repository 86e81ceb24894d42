import Foundation
import Synchronization
import VaporCSQLite

/// SQLite: one file, WAL, `synchronous=FULL`; one connection that writing transactions take turns on, and a
/// second, read-only one for reads, which WAL lets run beside a write (a read never waits for a commit's sync, and
/// sees every transaction committed before it began). Each connection has a thread of its own (``SQLiteHandle``).
///
/// The SQLite library is the one sqlite-nio vendors (the same engine on every machine, nothing to install), called
/// directly. With `synchronous=FULL` in WAL mode every commit syncs the log, so a batch that `appendEvents`
/// acknowledged survives a crash or power loss.
final class SQLiteBackend: Sendable {
    let connection: SQLiteHandle
    private let reader: SQLiteHandle
    /// Copies committed log frames into the database file beside the writer (see ``checkpointSoon()``).
    private let checkpointer: SQLiteHandle
    private let checkpointState = Mutex(CheckpointState())
    let path: String
    private let turn = AsyncLock()
    private let readTurn = AsyncLock()
    private let lockFile: LockFile
    private let closed = Mutex(false)

    private init(
        connection: SQLiteHandle, reader: SQLiteHandle, checkpointer: SQLiteHandle, path: String,
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
        let connection: SQLiteHandle
        do {
            connection = try SQLiteHandle.open(path: path, name: "sqlite-writer")
        } catch {
            lockFile.release()
            throw StoreError(
                .cannotOpen, "cannot open the SQLite database \(path): \(error)",
                hint: "check the path and its permissions")
        }
        do {
            // A new database gets 16 KB pages (an existing one keeps its own): events of about 1.4 KB packed 11
            // to a page instead of 2 to a 4 KB page, and a quarter of the log frames and write calls per batch.
            try query(connection, "PRAGMA page_size=16384", [])
            // journal_mode answers with the mode in force; a file that is not SQLite fails here.
            let mode = try query(connection, "PRAGMA journal_mode=WAL", [])
            guard case .text(let name)? = mode.first?.values.first, name.lowercased() == "wal" else {
                throw StoreError(.cannotOpen, "the SQLite database \(path) cannot use write-ahead logging")
            }
            // busy_timeout: wait up to 5 s for another process's lock, then report.
            // The writer does not checkpoint when it commits (the checkpointer connection does, beside it), keeps
            // a batch's pages in memory (64 MB of cache instead of 2 MB), and cuts the log file back to 64 MB when
            // it starts the log over (after a burst held it long, the file would otherwise keep its largest size).
            // temp_store=MEMORY keeps each multi-row statement's journal (kept so that a failing statement can be
            // undone alone) in memory: past 64 KB SQLite wrote it to a temporary file, a write call per page.
            for pragma in [
                "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000",
                "PRAGMA wal_autocheckpoint=0", "PRAGMA cache_size=-65536", "PRAGMA journal_size_limit=67108864",
                "PRAGMA temp_store=MEMORY",
            ] {
                try query(connection, pragma, [])
            }
        } catch {
            connection.close()
            lockFile.release()
            if let error = error as? StoreError, error.kind != .database { throw error }
            throw StoreError(
                .cannotOpen, "\(path) is not a usable SQLite database: \(error)",
                hint: "point --database at a new folder, or restore the file from a backup")
        }
        let reader: SQLiteHandle
        do {
            reader = try SQLiteHandle.open(path: path, name: "sqlite-reader")
            for pragma in ["PRAGMA query_only=ON", "PRAGMA busy_timeout=5000"] { try query(reader, pragma, []) }
        } catch {
            connection.close()
            lockFile.release()
            throw StoreError(.cannotOpen, "cannot open a reading connection to \(path): \(error)")
        }
        let checkpointer: SQLiteHandle
        do {
            checkpointer = try SQLiteHandle.open(path: path, name: "sqlite-checkpoint")
            for pragma in ["PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000"] {
                try query(checkpointer, pragma, [])
            }
        } catch {
            reader.close()
            connection.close()
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
                return try await reader.run {
                    // One snapshot for all the statements of the read.
                    try Self.begin(reader, "BEGIN")
                    do {
                        let result = try await body(SQLConnection.sqlite(reader))
                        try Self.query(reader, "COMMIT", [])
                        return result
                    } catch {
                        Self.rollBack(reader)
                        throw error
                    }
                }
            }
        }
        // Everything but ingest's bulk appends goes ahead of appends waiting for the writer: detection's commits
        // (an alert's latency), responders' changes. Appends only slow down, and back-pressure holds ingest.
        return try await turn.withLock(urgent: kind != .appendEvents) {
            guard !closed.withLock({ $0 }) else { throw StoreError(.closed, "the store is closed") }
            let result = try await connection.run {
                let sql = SQLConnection.sqlite(connection)
                // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on a busy database.
                try Self.begin(connection, "BEGIN IMMEDIATE")
                do {
                    let result = try await body(sql)
                    try Self.query(connection, "COMMIT", [])
                    return result
                } catch {
                    Self.rollBack(connection)
                    throw error
                }
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
            let rows = try await checkpointer.run { () throws -> [SQLRow] in try Self.query(checkpointer, "PRAGMA wal_checkpoint(\(mode))", []) }
            guard let values = rows.first?.values, values.count == 3, case .int(let frames) = values[1] else {
                return 0
            }
            return Int(frames)
        } catch {
            return 0
        }
    }

    /// Rolls back; a direct call, so a cancelled caller's rollback runs all the same (the connection must not stay
    /// inside the transaction for whoever comes next: "cannot start a transaction within a transaction").
    static func rollBack(_ connection: SQLiteHandle) {
        _ = try? query(connection, "ROLLBACK", [])
    }

    /// Begins a transaction; should an earlier one have been left open all the same, it is rolled back first (its
    /// caller saw an error, so nothing acknowledged is lost) and the begin tried once more.
    static func begin(_ connection: SQLiteHandle, _ statement: String) throws {
        do {
            try query(connection, statement, [])
        } catch let error as StoreError where error.message.contains("within a transaction") {
            rollBack(connection)
            try query(connection, statement, [])
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
            await checkpointer.run { checkpointer.close() }
            try await readTurn.withLock { await reader.run { reader.close() } }
            await connection.run { connection.close() }
            lockFile.release()
        }
    }

    /// Runs one statement; errors become ``StoreError``s a person reads.
    @discardableResult
    static func query(_ connection: SQLiteHandle, _ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        do {
            return try connection.query(sql, binds)
        } catch let error as SQLiteFailure {
            throw map(error)
        }
    }

    private static func map(_ error: SQLiteFailure) -> StoreError {
        switch error.primary {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(
                .locked, "the SQLite database is locked by another connection: \(error.message)",
                hint: "stop the other process that uses this file")
        case SQLITE_CONSTRAINT:
            return StoreError(.conflict, "the change conflicts with stored data: \(error.message)")
        case SQLITE_FULL:
            return StoreError(
                .database, "the disk is full: \(error.message)", hint: "free space on the data folder's disk")
        default:
            return StoreError(.database, "SQLite failed: \(error.message)")
        }
    }
}

