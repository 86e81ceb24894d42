import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

/// The SQLite store under `kill -9`: a child process (TocsinStoreCrashHelper) appends and processes batches and is
/// killed at random moments (the first three runs after their first acknowledgement); every batch it acknowledged
/// must be there after reopening, and alerts must match the processing cursor exactly (stored with it or not at
/// all).
@Suite("Store: crash safety (SQLite, kill -9)")
struct CrashTests {
    static func helper() -> URL? {
        var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("TocsinStoreCrashHelper")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Ack: Hashable {
        var run: Int
        var batch: Int
        var first: Int64
        var last: Int64
    }

    @Test("no acknowledged batch is lost and no alert doubled after kill -9 at random moments")
    func killNine() async throws {
        let helper = try #require(
            Self.helper(),
            "TocsinStoreCrashHelper is not built beside the tests: swift build --target TocsinStoreCrashHelper")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-crash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("tocsin.sqlite")

        var acks: [Ack] = []
        var delays: [Int] = []
        for run in 0..<10 {
            let output = folder.appendingPathComponent("run-\(run).out")
            let errors = folder.appendingPathComponent("run-\(run).err")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = helper
            process.arguments = [database.path, String(run)]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            // The first runs are killed after their first acknowledgement, however slow the machine; later ones
            // anywhere, startup and migrations included.
            if run < 3 {
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline, process.isRunning,
                    !(try String(contentsOf: output, encoding: .utf8)).contains("ack ")
                {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            let delay = run < 3 ? Int.random(in: 50...600) : Int.random(in: 20...900)
            delays.append(delay)
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            let stderr = try String(contentsOf: errors, encoding: .utf8)
            #expect(stderr.isEmpty, "run \(run) failed on its own: \(stderr)")
            #expect(process.terminationReason == .uncaughtSignal, "run \(run) ended before the kill")
            let text = try String(contentsOf: output, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }  // a line cut by the kill
            for line in lines {
                let fields = line.split(separator: " ")
                guard fields.first == "ack", fields.count == 5, let first = Int64(fields[3]),
                    let last = Int64(fields[4]),
                    let run = Int(fields[1]), let batch = Int(fields[2])
                else { continue }
                acks.append(Ack(run: run, batch: batch, first: first, last: last))
            }
        }
        #expect(acks.count > 3, "too few batches acknowledged to test anything (delays \(delays) ms)")

        let store = try await SQLStore.open(.sqlite(path: database.path))
        var stored: [Int64: StoredEvent] = [:]
        var after: Int64 = 0
        while true {
            let page = try await store.events(after: after, limit: 5_000)
            guard let last = page.last else { break }
            for event in page { stored[event.id] = event }
            after = last.id
        }
        for ack in acks {
            for (index, id) in (ack.first...ack.last).enumerated() {
                #expect(
                    stored[id]?.raw == #"{"run":\#(ack.run),"batch":\#(ack.batch),"index":\#(index)}"#,
                    "acknowledged event \(id) of run \(ack.run) batch \(ack.batch) is missing (delays \(delays) ms)")
            }
        }
        // Alerts were committed with the cursor: exactly one per event up to it, none beyond.
        let cursor = try await store.processingCursor()
        let alerts = try await store.alerts(after: 0, limit: 1_000_000)
        let alerted = alerts.compactMap(\.alert.eventID)
        #expect(Set(alerted).count == alerted.count)
        #expect(Set(alerted) == Set(stored.keys.filter { $0 <= cursor }))
        #expect(try await store.verifyAudit().isIntact)

        // Finishing the work after the last crash leaves one alert per event.
        let rest = stored.values.filter { $0.id > cursor }.sorted { $0.id < $1.id }
        if let end = rest.last {
            let commit = try await store.commitProcessing(
                upTo: end.id,
                alerts: rest.map {
                    NewAlert(
                        dedupKey: "crash-rule:\($0.id)", ruleID: "crash-rule", title: "crash test", severity: .low,
                        eventID: $0.id, createdAt: Date())
                }, audit: [])
            #expect(commit.duplicates == 0)
        }
        #expect(try await store.count("alerts") == Int64(stored.count))
        try await store.close()
        print("crash test: \(acks.count) acknowledged batches, kills after \(delays) ms, \(stored.count) events")
    }
}
