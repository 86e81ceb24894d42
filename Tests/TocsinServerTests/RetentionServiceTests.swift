import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinStore

@testable import TocsinServer

@Suite("Server: retention")
struct RetentionServiceTests {
    static let day: TimeInterval = 86_400

    static func event(_ tag: String, at date: Date) -> StoredEventInput {
        StoredEventInput(source: "http:test", receivedAt: date, raw: #"{"tag":"\#(tag)"}"#)
    }

    /// The value of one counter in `/metrics`' text.
    static func counter(_ name: String, in text: String) -> Int? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
    }

    @Test("buildApplication purges at start and then every interval, by the injected clock, and counts it")
    func service() async throws {
        let fixture = try await ServerFixture.make()
        let clock = ManualClock()
        let start = clock.now
        // Two processed events of day 0 and one of day 39; retention keeps 30 days and the clock says day 40. Each
        // append is one stored chunk, the unit retention deletes.
        var ids = try await fixture.store.appendEvents([Self.event("a", at: start), Self.event("b", at: start)])
        ids += try await fixture.store.appendEvents([Self.event("c", at: start.addingTimeInterval(39 * Self.day))])
        _ = try await fixture.store.commitProcessing(upTo: ids[2], alerts: [], audit: [])
        clock.advance(40 * Self.day)
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false, clock: clock.function,
            retentionInterval: .milliseconds(50))
        try await application.test(.router) { client in
            let first = try await eventually {
                try await fixture.store.events(after: 0, limit: 10).count == 1 ? 1 : nil
            }
            #expect(first == 1)
            // Day 45: one more event, processed; by day 80 "c" is old and the next run purges it ("d", the newest
            // event, stays whatever its age).
            let more = try await fixture.store.appendEvents([
                Self.event("d", at: start.addingTimeInterval(45 * Self.day))
            ])
            _ = try await fixture.store.commitProcessing(upTo: more[0], alerts: [], audit: [])
            clock.advance(40 * Self.day)
            let left = try await eventually { () async throws -> [Int64]? in
                let ids = try await fixture.store.events(after: 0, limit: 10).map(\.id)
                return ids == more ? ids : nil
            }
            #expect(left == more)
            // The service counts a run after its sessions are purged too: wait for the counter, not the rows.
            let metrics = { () async throws -> String in
                try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) {
                    String(buffer: $0.body)
                }
            }
            let settled = try await eventually { () async throws -> String? in
                let text = try await metrics()
                return Self.counter("tocsin_retention_events_purged_total", in: text) == 3 ? text : nil
            }
            var text = try await metrics()
            if let settled { text = settled }
            #expect((Self.counter("tocsin_retention_runs_total", in: text) ?? 0) >= 2)
            #expect(Self.counter("tocsin_retention_events_purged_total", in: text) == 3)
            #expect(Self.counter("tocsin_retention_alerts_purged_total", in: text) == 0)
            #expect(Self.counter("tocsin_retention_failures_total", in: text) == 0)
        }
        let purged = try await fixture.store.auditEntries(after: 0, limit: 100).filter {
            $0.action == "retention.purged"
        }
        #expect(purged.map(\.details["events"]) == [.int(2), .int(1)])
        #expect(try await fixture.store.verifyAudit().isIntact)
        try await fixture.close()
    }
}
