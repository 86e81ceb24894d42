import Foundation
import Testing

@testable import TocsinStore

/// The direct SQLite binding: values round-trip exactly, mistakes are named, and a transaction runs on the
/// connection's own thread.
@Suite("SQLite connection")
struct SQLiteHandleTests {
    private func withHandle(_ body: (SQLiteHandle) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-handle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let handle = try SQLiteHandle.open(path: folder.appendingPathComponent("t.sqlite").path, name: "sqlite-test")
        do {
            try await body(handle)
        } catch {
            handle.close()
            throw error
        }
        handle.close()
    }

    @Test("text, blobs, integers and reals come back exactly as bound; empty text and blobs are not NULL")
    func valuesRoundTrip() async throws {
        try await withHandle { handle in
            _ = try handle.query("CREATE TABLE t (a, b, c, d, e)", [])
            let text = "Ärztin \u{0}mit Null, 東京, 🩺"
            let blob: [UInt8] = [0, 255, 1, 254]
            let rows: [(SQLValue, SQLValue, SQLValue, SQLValue, SQLValue)] = [
                (.text(text), .blob(blob), .int(.max), .double(-0.25), .null),
                (.text(""), .blob([]), .int(.min), .double(1e300), .int(0)),
            ]
            for row in rows {
                _ = try handle.query("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [row.0, row.1, row.2, row.3, row.4])
            }
            let back = try handle.query("SELECT a, b, c, d, e, typeof(a), typeof(b) FROM t ORDER BY rowid", [])
            #expect(back.count == 2)
            #expect(back[0].values == [.text(text), .blob(blob), .int(.max), .double(-0.25), .null, .text("text"), .text("blob")])
            #expect(back[1].values == [.text(""), .blob([]), .int(.min), .double(1e300), .int(0), .text("text"), .text("blob")])
        }
    }

    @Test("several statements run in order with their values; a wrong number of values is named")
    func statementsAndValues() async throws {
        try await withHandle { handle in
            let rows = try handle.query(
                "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (?); INSERT INTO t VALUES (?); SELECT SUM(x) FROM t;",
                [.int(40), .int(2)])
            #expect(rows.first?.values == [.int(42)])
            #expect {
                try handle.query("INSERT INTO t VALUES (?)", [.int(1), .int(2)])
            } throws: { error in
                (error as? SQLiteFailure)?.message == "2 values were given, and the statement takes 1"
            }
            #expect {
                try handle.query("INSERT INTO t VALUES (?), (?)", [.int(1)])
            } throws: { error in
                (error as? SQLiteFailure)?.message.contains("2 parameters but 1 values are left") == true
            }
            #expect {
                try handle.query("SELEC 1", [])
            } throws: { error in
                (error as? SQLiteFailure)?.message.contains("syntax error") == true
            }
        }
    }

    @Test("a unique key broken is a conflict of the store, with SQLite's words")
    func constraintIsConflict() async throws {
        try await withHandle { handle in
            _ = try SQLiteBackend.query(handle, "CREATE TABLE t (k TEXT UNIQUE)", [])
            _ = try SQLiteBackend.query(handle, "INSERT INTO t VALUES ('a')", [])
            #expect {
                try SQLiteBackend.query(handle, "INSERT INTO t VALUES ('a')", [])
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.kind == .conflict && error.message.contains("UNIQUE constraint failed: t.k")
            }
        }
    }

    @Test("work run on the connection runs on its own thread, awaits included")
    func runsOnItsThread() async throws {
        try await withHandle { handle in
            let names = try await handle.run { () async throws -> [String] in
                var names = [Self.threadName()]
                try await Task.sleep(for: .milliseconds(5))
                names.append(Self.threadName())
                return names
            }
            #expect(names == ["sqlite-test", "sqlite-test"])
            #expect(Self.threadName() != "sqlite-test")
        }
    }

    /// The kernel's name for the calling thread.
    private static func threadName() -> String {
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return name.trimmingCharacters(in: .newlines)
    }
}
