// A child process for the store's crash test: appends batches to an SQLite store, prints `ack RUN BATCH FIRST LAST`
// once each batch is acknowledged (durable), and processes events into alerts, until the test kills it with SIGKILL.
import Foundation
import TocsinCore
import TocsinStore

let arguments = CommandLine.arguments
guard arguments.count == 3, let run = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: TocsinStoreCrashHelper DATABASE_FILE RUN\n".utf8))
    exit(64)
}

func say(_ line: String) {
    // FileHandle writes straight to the descriptor: a line is out of the process before the next batch starts.
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

do {
    let store = try await SQLStore.open(.sqlite(path: arguments[1]))
    say("ready \(run)")
    var batch = 0
    while true {
        let inputs = (0..<50).map { index in
            StoredEventInput(
                source: "crash-test", receivedAt: Date(), raw: #"{"run":\#(run),"batch":\#(batch),"index":\#(index)}"#)
        }
        let ids = try await store.appendEvents(inputs)
        guard let first = ids.first, let last = ids.last else { exit(70) }
        say("ack \(run) \(batch) \(first) \(last)")
        let cursor = try await store.processingCursor()
        let pending = try await store.events(after: cursor, limit: 120)
        if let end = pending.last {
            let alerts = pending.map { event in
                NewAlert(
                    dedupKey: "crash-rule:\(event.id)", ruleID: "crash-rule", title: "crash test", severity: .low,
                    eventID: event.id, createdAt: Date())
            }
            _ = try await store.commitProcessing(
                upTo: end.id, alerts: alerts,
                audit: [AuditDraft(actor: "crash-helper", action: "batch.processed", subject: "run:\(run)")])
        }
        batch += 1
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
