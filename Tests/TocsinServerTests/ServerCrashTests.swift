import Foundation
import Testing
import TocsinStore

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The whole server under `kill -9`: `tocsin serve` (the binary built beside the tests) takes batches over HTTP and
/// is killed at random moments, startup included, many times over one data folder. Afterwards every batch it
/// acknowledged is stored, every stored event was matched, each alerting event has exactly one alert, every alert
/// is filed into an incident, and the audit chain holds.
@Suite("Server: crash safety (kill -9 of tocsin serve)")
struct ServerCrashTests {
    /// The pack rule "Shadow Copies Deleted" fires on `shadowEvent` and on nothing else the test sends.
    static let shadowRule = "6f1c0d5e-2b7a-4a51-9a43-1d2f0c7b9e01"

    static func binary(_ name: String) -> URL? {
        var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func event(marker: String, host: String, shadow: Bool) -> String {
        let image = shadow ? #"C:\\Windows\\System32\\vssadmin.exe"# : #"C:\\Windows\\System32\\notepad.exe"#
        let command = shadow ? "vssadmin.exe delete shadows /all /quiet" : "notepad.exe report.txt"
        return #"{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"\#(host)","#
            + #""Image":"\#(image)","CommandLine":"\#(command)","User":"PRAXIS\\svc","#
            + #""UtcTime":"2026-12-01 10:00:00.000","Marker":"\#(marker)"}"#
    }

    /// A port nobody listens on now (bound and released; the server binds it a moment later).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs blocking work (waiting for a process) on a thread of its own, not on the tests' small task pool.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Posts one batch; its markers when the server acknowledged all of it.
    static func post(_ lines: [String], markers: [String], port: Int, token: String) async -> [String]? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/api/v1/events") else { return nil }
        var request = URLRequest(url: url, timeoutInterval: 5)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(lines.joined(separator: "\n").utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            answer["accepted"] as? Int == lines.count
        else { return nil }
        return markers
    }

    static func health(port: Int) async -> Int? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/health"),
            let (data, response) = try? await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 2)),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return answer["events_pending"] as? Int
    }

    /// Sends batches until cancelled, adding the markers of every acknowledged batch to `acknowledged`.
    final class Sender: @unchecked Sendable {
        // `@unchecked Sendable`: fields are only touched under `lock`.
        private let lock = NSLock()
        private var markers: [String] = []
        private var batches = 0
        private var stopped = false

        /// Asks the sending loop to end after its request in flight. (Cancelling a task that awaits
        /// FoundationNetworking's URLSession can deadlock on Linux, so the loop is told, not cancelled.)
        func stop() {
            lock.lock()
            stopped = true
            lock.unlock()
        }

        /// Lets the next run's loop send.
        func restart() {
            lock.lock()
            stopped = false
            lock.unlock()
        }

        var isStopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stopped
        }

        func add(_ acknowledged: [String]) {
            lock.lock()
            markers += acknowledged
            batches += 1
            lock.unlock()
        }

        var acknowledged: (markers: [String], batches: Int) {
            lock.lock()
            defer { lock.unlock() }
            return (markers, batches)
        }
    }

    @Test("no acknowledged batch is lost and no alert doubled after kill -9 of the server at random moments")
    func killNine() async throws {
        let tocsin = try #require(
            Self.binary("tocsin"), "the tocsin binary is not built beside the tests: swift build --product tocsin")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-server-crash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let token = try await Self.blocking {
            try Self.run(tocsin, ["token", "add", "crash", "--role", "responder", "--data", data])
        }
        try #require(token.count > 20, "tocsin token add printed no secret")

        let sender = Sender()
        var sequence = 0
        let runs = 8
        for run in 0..<runs {
            let port = Self.freePort()
            let log = folder.appendingPathComponent("serve-\(run).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let server = Process()
            server.executableURL = tocsin
            server.arguments = ["serve", "--data", data, "--listen", "127.0.0.1:\(port)"]
            server.currentDirectoryURL = folder
            server.standardError = try FileHandle(forWritingTo: log)
            server.standardOutput = FileHandle.nullDevice
            try server.run()
            let first = sequence
            sequence += 100_000
            let client = Task {
                var batch = 0
                while !sender.isStopped {
                    var lines: [String] = []
                    var markers: [String] = []
                    for line in 0..<40 {
                        let marker = "r\(run)-b\(batch)-l\(line)-\(first)"
                        lines.append(Self.event(marker: marker, host: "ws-\(batch % 5)", shadow: line % 4 == 0))
                        markers.append(marker)
                    }
                    if let acknowledged = await Self.post(lines, markers: markers, port: port, token: token) {
                        sender.add(acknowledged)
                        batch += 1
                    } else {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            // The first runs die after some batches went in, however slow the machine; later ones at any moment,
            // startup, rule loading and the refiling of a previous crash included.
            let before = sender.acknowledged.batches
            if run < 2 {
                let deadline = ContinuousClock.now + .seconds(120)
                while sender.acknowledged.batches < before + 3, ContinuousClock.now < deadline, server.isRunning {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...1500)))
            #expect(server.isRunning, "run \(run): the server stopped by itself; see \(log.path)")
            kill(server.processIdentifier, SIGKILL)
            try await Self.blocking { server.waitUntilExit() }
            sender.stop()
            _ = await client.value
            sender.restart()
        }

        // A last, clean run: let detection finish, then stop with SIGTERM.
        let port = Self.freePort()
        let server = Process()
        server.executableURL = tocsin
        server.arguments = ["serve", "--data", data, "--listen", "127.0.0.1:\(port)"]
        server.currentDirectoryURL = folder
        server.standardError = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while await Self.health(port: port) != 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(500))
        server.terminate()
        try await Self.blocking { server.waitUntilExit() }
        #expect(server.terminationStatus == 0, "the final run did not stop cleanly on SIGTERM")

        let acknowledged = sender.acknowledged
        #expect(acknowledged.batches >= 6, "too few batches were acknowledged to test anything")
        let store = try await SQLStore.open(.dataFolder(data))
        var events: [StoredEvent] = []
        while true {
            let page = try await store.events(after: events.last?.id ?? 0, limit: 5000)
            if page.isEmpty { break }
            events += page
        }
        var stored: [String: Int] = [:]
        for event in events {
            guard let range = event.raw.range(of: #""Marker":""#) else { continue }
            let marker = event.raw[range.upperBound...].prefix { $0 != "\"" }
            stored[String(marker), default: 0] += 1
        }
        let lost = acknowledged.markers.filter { stored[$0] == nil }
        #expect(lost.isEmpty, "\(lost.count) acknowledged events are missing, first \(lost.prefix(3))")
        #expect(stored.values.allSatisfy { $0 == 1 }, "an event was stored twice")
        #expect(try await store.processingCursor() == events.last?.id, "detection did not reach the last event")

        var alerts: [StoredAlert] = []
        while true {
            let page = try await store.alerts(after: alerts.last?.id ?? 0, limit: 5000)
            if page.isEmpty { break }
            alerts += page
        }
        let shadowEvents = Set(events.filter { $0.raw.contains("vssadmin") }.map(\.id))
        var alertsPerEvent: [Int64: Int] = [:]
        for alert in alerts where alert.alert.ruleID == Self.shadowRule {
            alertsPerEvent[alert.alert.eventID ?? -1, default: 0] += 1
        }
        #expect(Set(alertsPerEvent.keys) == shadowEvents, "alerting events and alerts differ")
        #expect(alertsPerEvent.values.allSatisfy { $0 == 1 }, "an event has its alert twice")

        let incidents = try await store.incidents(state: nil, limit: 10_000)
        let filed = Set(incidents.flatMap(\.alertIDs))
        let unfiled = alerts.map(\.id).filter { !filed.contains($0) }
        #expect(unfiled.isEmpty, "\(unfiled.count) alerts are in no incident")
        #expect(try await store.filingCursor() == alerts.last?.id)
        guard case .intact = try await store.verifyAudit() else {
            Issue.record("the audit chain is broken after the crashes")
            return
        }
        try await store.close()
    }
}
