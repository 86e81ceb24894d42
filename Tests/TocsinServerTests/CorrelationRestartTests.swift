import Foundation
import Testing
import TocsinDetection
import TocsinResponse
import TocsinStore

@testable import TocsinServer

/// A correlation under way when the server stops completes after the restart: the windows are refilled from the
/// events before the cursor, and nothing is raised twice.
@Suite("Server: correlation windows survive a restart")
struct CorrelationRestartTests {
    static let rules = ServerFixture.rules + """

        ---
        title: Shadow Copies Deleted Three Times on a Host
        id: 0c0c0c0c-1111-4222-8333-444444444444
        name: repeated_shadow_deletion
        correlation:
            type: event_count
            rules: [shadow_copy_deletion]
            group-by: [Computer]
            timespan: 10m
            condition: {gte: 3}
        level: critical
        """

    static func pipeline(_ store: SQLStore) throws -> DetectionPipeline<SQLStore> {
        let parsed = RuleParser.parse(rules, path: "rules.yml")
        let correlations = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        let engine = DetectionEngine(
            rules: parsed.rules, pipeline: try Pipeline.builtinWindows(), captureFields: correlations.captureFields)
        #expect(correlations.correlations.count == 1)
        return DetectionPipeline(
            store: store, engine: engine, correlations: correlations, grouping: GroupingPolicy(),
            correlationLimits: CorrelationLimits())
    }

    /// One shadow-copy deletion on fs01 at 09:MM:SS (the correlator releases inputs once the event time has moved
    /// past them by its tolerance, 60 s).
    static func append(
        _ store: SQLStore, _ pipeline: DetectionPipeline<SQLStore>, minute: Int = 0, second: Int, host: String = "fs01"
    ) async throws {
        let raw = ServerFixture.process(host: host, "vssadmin delete shadows /all /quiet", second: second)
            .replacingOccurrences(of: "T09:00:", with: String(format: "T09:%02d:", minute))
        let ids = try await store.appendEvents([StoredEventInput(source: "test", receivedAt: Date(), raw: raw)])
        await pipeline.noteAppended(upTo: ids.last ?? 0)
        _ = try await pipeline.step()
    }

    static func correlationAlerts(_ store: SQLStore) async throws -> Int {
        try await store.alerts(after: 0, limit: 100).filter { $0.alert.ruleID == "0c0c0c0c-1111-4222-8333-444444444444" }
            .count
    }

    @Test("two events before the restart and one after raise the correlation once")
    func correlationAcrossARestart() async throws {
        let fixture = try await ServerFixture.make()
        do {
            let before = try Self.pipeline(fixture.store)
            try await before.start()
            try await Self.append(fixture.store, before, second: 1)
            try await Self.append(fixture.store, before, second: 2)
            #expect(try await Self.correlationAlerts(fixture.store) == 0)
            // The restart: a new pipeline over the same store, its correlator empty until start refills it.
            let after = try Self.pipeline(fixture.store)
            try await after.start()
            try await Self.append(fixture.store, after, second: 3)
            // Another host's event five minutes later moves event time on, so the three are released in order.
            try await Self.append(fixture.store, after, minute: 5, second: 0, host: "ws07")
            #expect(try await Self.correlationAlerts(fixture.store) == 1)
            // Another restart refills the windows again; what it raises on the way is not stored twice.
            let again = try Self.pipeline(fixture.store)
            try await again.start()
            try await Self.append(fixture.store, again, minute: 9, second: 0, host: "ws08")
            let alerts = try await fixture.store.alerts(after: 0, limit: 100)
            let keys = alerts.map(\.alert.dedupKey)
            #expect(Set(keys).count == keys.count)
            try await fixture.close()
        } catch {
            try? await fixture.close()
            throw error
        }
    }
}
