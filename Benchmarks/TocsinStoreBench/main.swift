// tocsin-store-bench: how fast the store takes durable event batches and processing commits.
//
//     swift run -c release TocsinStoreBench [LOCATION] [BATCHES]
//
// LOCATION is a data folder, an SQLite file or a postgres:// URL (default: a new temporary folder); BATCHES (default
// 200) batches of 1,000 events are appended one after the other, each acknowledged (committed and synced) before the
// next; then the pipeline reads them back and commits a cursor with 10 alerts per 1,000 events.
import Foundation
import TocsinCore
import TocsinStore

let arguments = CommandLine.arguments
let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-bench-\(UUID())")
let locationText = arguments.count > 1 ? arguments[1] : temporary.path
let batches = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let batchSize = 1_000

do {
    let location = try StoreLocation.parse(locationText)
    let store = try await SQLStore.open(location)
    let sample =
        #"{"EventID":4688,"Channel":"Security","Computer":"ws-17.praxis.local","#
        + #""CommandLine":"C:\\Windows\\System32\\vssadmin.exe delete shadows /all /quiet","User":"PRAXIS\\svc"}"#
    let batch = (0..<batchSize).map { _ in StoredEventInput(source: "http:bench", receivedAt: Date(), raw: sample) }

    let clock = ContinuousClock()
    var lastID: Int64 = 0
    let appendTime = try await clock.measure {
        for _ in 0..<batches { lastID = try await store.appendEvents(batch).last ?? lastID }
    }
    var cursor = try await store.processingCursor()
    var alertCount = 0
    let processTime = try await clock.measure {
        while cursor < lastID {
            let page = try await store.events(after: cursor, limit: batchSize)
            guard let end = page.last else { break }
            let alerts = page.prefix(10).map { event in
                NewAlert(
                    dedupKey: "bench:\(event.id)", ruleID: "bench", title: "bench", severity: .medium,
                    eventID: event.id, createdAt: Date())
            }
            alertCount += alerts.count
            cursor = try await store.commitProcessing(upTo: end.id, alerts: alerts, audit: []).cursor
        }
    }
    let verification = try await store.verifyAudit()
    try await store.close()
    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    let events = Double(batches * batchSize)
    print("store:    \(location)")
    print(
        String(
            format: "append:   %d batches of %d events in %.2f s: %.1f batches/s, %.0f events/s",
            batches, batchSize, seconds(appendTime), Double(batches) / seconds(appendTime), events / seconds(appendTime)
        ))
    print(
        String(
            format: "process:  read %.0f events and committed %d alerts in %.2f s: %.0f events/s",
            events, alertCount, seconds(processTime), events / seconds(processTime)))
    print("audit:    \(verification.isIntact ? "intact" : "BROKEN")")
    try? FileManager.default.removeItem(at: temporary)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
