import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// PostgreSQL through postgres-nio's connection pool (`PostgresClient`), for several nodes sharing one database.
///
/// postgres-nio is the maintained asynchronous client of the Swift server ecosystem; it speaks the binary protocol,
/// SCRAM authentication and TLS. Ordering writers (event ids, the audit chain, migrations) take transaction-scoped
/// advisory locks whose keys include the schema, so stores in different schemas of one database don't contend.
final class PostgresBackend: Sendable {
    let location: PostgresLocation
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let lockBase: Int64
    private let closed = Mutex(false)

    private init(location: PostgresLocation, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.location = location
        self.client = client
        self.runner = runner
        self.logger = logger
        // FNV-1a of the schema name keeps different schemas' advisory locks apart.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (location.schema ?? "public").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.lockBase = Int64(bitPattern: hash & 0x7fff_ffff_ffff_ff00)
    }

    /// Connects, checks that the server answers (failing fast with a readable error), and starts the pool.
    static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresBackend {
        var configuration: PostgresClient.Configuration
        if let directory = location.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(directory)/.s.PGSQL.\(location.port)", username: location.user,
                password: location.password, database: location.database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch location.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            configuration = .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls)
        }
        // An acknowledged batch must survive a server crash: commit waits for the WAL flush whatever the
        // server's default says.
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on")]
        if let schema = location.schema {
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        try await probe(location, logger: logger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        return PostgresBackend(location: location, client: client, runner: runner, logger: logger)
    }

    /// Opens one connection of its own and runs `SELECT 1`: unlike the pool, which retries an unreachable server
    /// quietly, a single connection fails at once with the reason (refused, unknown host, wrong password).
    private static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        var configuration: PostgresConnection.Configuration
        if let directory = location.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(directory)/.s.PGSQL.\(location.port)", username: location.user,
                password: location.password, database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch location.tls {
                case .disable: tls = .disable
                case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw StoreError(.unreachable, "cannot set up TLS for \(location): \(error)")
            }
            configuration = .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                _ = try await send("SELECT 1", on: connection, logger, location)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw map(error, location)
                ?? StoreError(
                    .unreachable,
                    Redaction.scrub("cannot reach PostgreSQL at \(location): \(error)", secret: location.password))
        }
    }

    @discardableResult
    func transaction<R: Sendable>(_ kind: TransactionKind, _ body: (SQLConnection) async throws -> R) async throws -> R
    {
        let logger = self.logger
        let lockBase = self.lockBase
        let location = self.location
        return try await onConnection { connection in
            let sql = SQLConnection.postgres(connection, logger)
            let begin = kind == .read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
            _ = try await Self.send(PostgresQuery(unsafeSQL: begin), on: connection, logger, location)
            do {
                switch kind {
                case .read, .write: break
                case .appendEvents: try await sql.query("SELECT pg_advisory_xact_lock(?)", [.int(lockBase + 1)])
                case .audit: try await sql.query("SELECT pg_advisory_xact_lock(?)", [.int(lockBase + 2)])
                case .migrate: try await sql.query("SELECT pg_advisory_xact_lock(?)", [.int(lockBase + 3)])
                }
                let result = try await body(sql)
                _ = try await Self.send("COMMIT", on: connection, logger, location)
                return result
            } catch {
                _ = try? await Self.send("ROLLBACK", on: connection, logger, location)
                throw error
            }
        }
    }

    /// Runs `body` on a pooled connection of the open store, its errors mapped to ``StoreError``s where they say
    /// something the store names (unreachable, closed, a constraint).
    private func onConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        guard !closed.withLock({ $0 }) else { throw StoreError(.closed, "the store is closed") }
        do {
            return try await leased(body)
        } catch {
            throw Self.map(error, location) ?? error
        }
    }

    /// Appends a chunk of events in one round trip: `tocsin_append_chunk` (migration 11) takes the appends' lock,
    /// draws the ids after the newest stored and inserts the row, in a transaction of its own; returns the first id.
    ///
    /// With `beforeCommit`, the call runs inside an explicit transaction and `beforeCommit` runs between the call and
    /// COMMIT (the store's failpoint, for tests that hold an append open); without, the call is its own transaction.
    func appendChunk(
        count: Int, oldest: Int64, newest: Int64, codec: Int64, framedBytes: Int64, body: [UInt8],
        beforeCommit: (@Sendable () throws -> Void)?
    ) async throws -> Int64 {
        let call = "SELECT tocsin_append_chunk(?, ?, ?, ?, ?, ?, ?)"
        let binds: [SQLValue] = [
            .int(lockBase + 1), .int(Int64(count)), .int(oldest), .int(newest), .int(codec), .int(framedBytes),
            .blob(body),
        ]
        let rows: [SQLRow]
        if let beforeCommit {
            rows = try await transaction(.write) { connection in
                let rows = try await connection.query(call, binds)
                try beforeCommit()
                return rows
            }
        } else {
            let logger = self.logger
            rows = try await onConnection { connection in try await Self.query(connection, logger, call, binds) }
        }
        guard let first = try rows.first?.optionalInt(0) else {
            throw StoreError(.database, "tocsin_append_chunk returned no id")
        }
        return first
    }

    /// How long a transaction waits for a pooled connection before it fails as unreachable.
    ///
    /// While the server cannot be reached the pool retries connecting with backoff, and a waiting transaction would
    /// wait up to the pool's circuit breaker (60 s, not configurable) before failing: ingest's request hung that
    /// long instead of answering 503 at once. A transaction that got its connection is never cut short.
    static let leaseTimeout: Duration = .seconds(5)

    /// How late a lease timer may wake before its verdict is put off: a timer that woke this much after it was due
    /// says that this process had no thread to run it, not that the pool had no connection.
    static let starvedTimer: Duration = .milliseconds(250)

    /// How often a late timer waits again before it judges anyway (the process starved all along).
    static let maximumPutOff = 20

    /// Returns once `started` is set; throws ``StoreError/Kind/unreachable`` when it is still unset `timeout`
    /// (``leaseTimeout`` in use) after the call.
    ///
    /// The handed-out connection and this timer both resume on Swift's cooperative pool. When that pool is kept
    /// busy (a CPU-bound task that does not yield, seen in the test process), both wait for a thread, and the timer
    /// may run first although the pool handed a connection out long before: the transaction then failed as
    /// "unreachable" with a healthy server. So a timer that woke late does not judge; it waits a short while again,
    /// behind the hand-off that is already queued. A timer that woke on time judges at once, so an unreachable
    /// server still fails after `timeout`. A timer puts its verdict off at most ``maximumPutOff`` times.
    static func waitForLease(
        _ started: LeaseFlag, timeout: Duration = leaseTimeout, location: PostgresLocation
    ) async throws {
        let clock = ContinuousClock()
        var due = clock.now + timeout
        var putOff = 0
        while true {
            try await Task.sleep(until: due, clock: clock)
            if started.isSet { return }
            let woke = clock.now
            guard shouldPutOff(lateBy: woke - due, putOff: putOff) else {
                throw StoreError(
                    .unreachable, "no connection to PostgreSQL at \(location) within \(timeout)",
                    hint: "the server is down, unreachable or overloaded; the pool keeps reconnecting")
            }
            putOff += 1
            due = woke + starvedTimer
        }
    }

    /// Whether a lease timer that found no connection waits again rather than failing: only when it woke at least
    /// ``starvedTimer`` late, and at most ``maximumPutOff`` times.
    static func shouldPutOff(lateBy late: Duration, putOff: Int) -> Bool {
        late >= starvedTimer && putOff < maximumPutOff
    }

    /// Runs `body` on a pooled connection, failing with ``StoreError/Kind/unreachable`` when none is handed out
    /// within ``leaseTimeout``.
    private func leased<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        let client = self.client
        let location = self.location
        let started = LeaseFlag()
        return try await withoutActuallyEscaping(body) { body in
            // The task group below is awaited before this closure returns, so `body` never outlives the call.
            nonisolated(unsafe) let body = body
            return try await withThrowingTaskGroup(of: R?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        started.set()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Self.waitForLease(started, location: location)
                    return nil
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    func close() async {
        closed.withLock { $0 = true }
        runner.cancel()
        await runner.value
    }

    /// Runs one statement, numbering the `?` placeholders.
    @discardableResult
    static func query(
        _ connection: PostgresConnection, _ logger: Logger, _ sql: String, _ binds: [SQLValue]
    ) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return try await rows(PostgresQuery(unsafeSQL: numbered(sql), binds: bindings), on: connection, logger)
    }

    /// Runs `query` and reads its rows.
    static func rows(_ query: PostgresQuery, on connection: PostgresConnection, _ logger: Logger) async throws
        -> [SQLRow]
    {
        let rows = try await send(query, on: connection, logger, nil)
        var result: [SQLRow] = []
        for try await row in rows {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for cell in row { values.append(try value(of: cell)) }
            result.append(SQLRow(values: values))
        }
        return result
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bytea: return .blob(Array(bytes.readableBytesView))
        case .void: return .null
        default: return .text(try cell.decode(String.self))
        }
    }

    /// Sends `query` on `connection` from the connection's event loop, after checking there that the connection is
    /// still open; a closed one fails as unreachable.
    ///
    /// postgres-nio writes a query to its channel without a write promise. Once a channel has closed, NIO removes its
    /// handlers a moment later, and a query written after that is dropped with its promise: the caller would wait
    /// forever. The pool can hand out a connection in that moment (it learns of the close asynchronously); a run of
    /// the whole test suite hung so, on the first append after PostgreSQL's connections were cut. On the event loop,
    /// a channel that is still active still has its handlers, and the query's write happens in the same turn as the
    /// check (postgres-nio's handler fails queries on a connection that closes later).
    static func send(
        _ query: PostgresQuery, on connection: PostgresConnection, _ logger: Logger, _ location: PostgresLocation?
    ) async throws -> PostgresRowSequence {
        try await withTaskExecutorPreference(EventLoopExecutor(connection.eventLoop)) {
            guard !connection.isClosed else {
                throw StoreError(
                    .unreachable,
                    "the connection to PostgreSQL\(location.map { " at \($0)" } ?? "") closed before the query was sent",
                    hint: "the server or the network closed it; the pool reconnects")
            }
            return try await connection.query(query, logger: logger)
        }
    }

    /// `?` → `$1`, `$2`, …; the store's statements never hold a `?` inside a literal.
    static func numbered(_ sql: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count * 2)
        var number = 0
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "?") {
                number += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A postgres-nio error as a ``StoreError`` that names the server without its password; `nil` for errors
    /// that are not PostgreSQL's (a ``StoreError`` or a caller's own error thrown inside a transaction).
    static func map(_ error: any Error, _ location: PostgresLocation) -> StoreError? {
        guard let error = error as? PSQLError else { return nil }
        let scrub = { (text: String) in Redaction.scrub(text, secret: location.password) }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = scrub(info[.message] ?? "unknown server error")
            switch state {
            case "28P01", "28000":
                return StoreError(
                    .authenticationFailed, "PostgreSQL at \(location) refused the login: \(message)",
                    hint: "check the user and password in the URL")
            case "3D000":
                return StoreError(
                    .cannotOpen, "PostgreSQL at \(location) has no such database: \(message)",
                    hint: "create it first: createdb \(location.database)")
            case "23505", "23503", "23502":
                return StoreError(.conflict, "the change conflicts with stored data: \(message)")
            case "57P01", "57P02", "57P03", "53300":
                return StoreError(
                    .unreachable, "PostgreSQL at \(location) is not accepting work: \(message)",
                    hint: "the server is shutting down, starting or full; retry shortly")
            default:
                return StoreError(.database, "PostgreSQL failed (\(state)): \(message)")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
            .sslUnsupported, .failedToAddSSLHandler:
            let reason = error.underlying.map { scrub(String(describing: $0)) } ?? "\(error.code)"
            return StoreError(
                .unreachable, "cannot reach PostgreSQL at \(location): \(reason)",
                hint: "check that the server runs, the host and port are right, and sslmode fits the server")
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
            return StoreError(
                .authenticationFailed, "PostgreSQL at \(location) refused the login (\(error.code))",
                hint: "check the user and password in the URL")
        default:
            return StoreError(.database, "PostgreSQL failed: \(error.code)")
        }
    }
}

/// Runs the jobs of tasks that prefer it on a NIO event loop (see ``PostgresBackend/send(_:on:_:_:)``).
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Whether a transaction has its connection; set once, read by the lease timer.
final class LeaseFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
