import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: locations and errors a person reads")
struct StoreErrorTests {
    @Test("locations parse")
    func locations() throws {
        #expect(try StoreLocation.parse("data") == .sqlite(path: "data/tocsin.sqlite"))
        #expect(try StoreLocation.parse("/srv/tocsin/events.db") == .sqlite(path: "/srv/tocsin/events.db"))
        #expect(try StoreLocation.parse("sqlite:x") == .sqlite(path: "x"))
        let url = "postgres://tocsin:p%40ss%2Fw0rd@db.internal:6543/tocsin?sslmode=require&schema=node_a"
        guard case .postgres(let postgres) = try StoreLocation.parse(url) else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(postgres.host == "db.internal" && postgres.port == 6543 && postgres.database == "tocsin")
        #expect(postgres.user == "tocsin" && postgres.password == "p@ss/w0rd" && postgres.tls == .require)
        #expect(postgres.schema == "node_a")
        #expect(postgres.description == "postgres://tocsin:***@db.internal:6543/tocsin (schema node_a)")
        let socket = try PostgresLocation(url: "postgresql://tocsin@/tocsin?host=/run/postgresql")
        #expect(socket.socketDirectory == "/run/postgresql" && socket.port == 5432 && socket.password == nil)
    }

    @Test(
        "bad locations are refused without showing the password",
        arguments: [
            ("postgres://tocsin:hunter2@db/", "the URL names no database (…/DATABASE at the end)"),
            ("postgres://:hunter2@db/x", "the URL names no user"),
            ("postgres://tocsin:hunter2@db/x?sslmode=maybe", "sslmode must be disable, prefer or require"),
            ("postgres://tocsin:hunter2@db/x?schema=Robert');DROP", "schema must be lower-case letters, digits and _"),
            ("postgres://tocsin:hunter2@db/x?user=x", "unknown query item 'user'"),
            ("mysql://tocsin:hunter2@db/x", "unknown scheme (postgres:// is the only URL form)"),
            ("postgres://tocsin:hunter2@db:port/x", "not a postgres:// URL (percent-encode special characters)"),
        ])
    func badLocations(text: String, reason: String) {
        do {
            _ = try StoreLocation.parse(text)
            Issue.record("\(text) parsed")
        } catch let error as StoreError {
            #expect(error.kind == .badLocation && error.code == "T400")
            #expect(error.message.hasSuffix(": \(reason)"))
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains(":***@"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an unreachable PostgreSQL is a clear error without the password")
    func unreachable() async throws {
        // Port 9 (discard) on loopback: nothing listens there.
        let location = try StoreLocation.parse("postgres://tocsin:s3cret-pw@127.0.0.1:9/tocsin?sslmode=disable")
        do {
            _ = try await SQLStore.open(location)
            Issue.record("opened a store on a closed port")
        } catch let error as StoreError {
            #expect(error.kind == .unreachable)
            #expect(error.message.hasPrefix("cannot reach PostgreSQL at postgres://tocsin:***@127.0.0.1:9/tocsin"))
            #expect(error.hint != nil)
            #expect(!error.description.contains("s3cret-pw"))
        }
    }

    @Test("a wrong password is reported as a refused login, without the password")
    func wrongPassword() async throws {
        guard let url = TestEnvironment.postgresURL else { return }
        var postgres = try PostgresLocation(url: url)
        postgres.password = "wrong-pw-\(UUID().uuidString)"
        do {
            _ = try await SQLStore.open(.postgres(postgres))
            Issue.record("logged in with a wrong password")
        } catch let error as StoreError {
            #expect(error.kind == .authenticationFailed)
            #expect(!error.description.contains(postgres.password ?? "?"))
        }
    }

    @Test("a second process (or store) on the same SQLite file is refused")
    func locked() async throws {
        let database = try FreshDatabase.make(.sqlite)
        let first = try await database.open()
        do {
            _ = try await database.open()
            Issue.record("opened one SQLite file twice")
        } catch let error as StoreError {
            #expect(error.kind == .locked && error.code == "T403")
            #expect(error.message.contains("is in use by another process (pid \(getpid()))"))
            #expect(error.hint == "stop the other tocsin process, or give this one its own data folder")
        }
        try await first.close()
        let again = try await database.open()
        try await again.close()
        await database.remove()
    }

    @Test("a file that is not SQLite is a clear error")
    func notADatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-notdb-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tocsin.sqlite")
        try Data(repeating: 0x41, count: 4_096).write(to: file)
        do {
            _ = try await SQLStore.open(.sqlite(path: file.path))
            Issue.record("opened a file of A's")
        } catch let error as StoreError {
            #expect(error.kind == .cannotOpen)
            #expect(error.message.hasPrefix("\(file.path) is not a usable SQLite database"))
        }
    }
}
