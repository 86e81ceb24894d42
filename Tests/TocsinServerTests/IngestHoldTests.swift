import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinStore

@testable import TocsinServer

@Suite("Server: ingest held while detection is behind")
struct IngestHoldTests {
    /// A server that holds ingest once an event has waited 50 ms, whose pipeline only the test steps.
    static func server(holdSeconds: Double) async throws -> (
        ServerFixture, some ApplicationProtocol, DetectionPipeline<SQLStore>
    ) {
        var made = try await ServerFixture.make()
        made.configuration.ingest.maxDetectionDelay = 0.05
        made.configuration.ingest.holdSeconds = holdSeconds
        let fixture = made
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        return (fixture, application, pipeline)
    }

    @Test("a request waits while the oldest pending event is older than the delay, and goes through once matched")
    func heldUntilDetectionCatchesUp() async throws {
        let (fixture, application, pipeline) = try await Self.server(holdSeconds: 30)
        try await application.test(.router) { client in
            let first = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "WS1", "notepad.exe")))
            #expect(first.status == .ok)
            // Nobody matches the first event: once it has waited past the delay, the next request is held.
            try await Task.sleep(for: .milliseconds(100))
            #expect(await pipeline.delay > 0.05)
            let started = ContinuousClock.now
            async let second = client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "WS1", "calc.exe", second: 1)))
            try await Task.sleep(for: .milliseconds(400))
            // Still held: nothing of it is stored yet.
            #expect(try await fixture.store.lastEventID() == 1)
            #expect(try await pipeline.step() == 1)
            let answer = try await second
            #expect(answer.status == .ok)
            #expect(object(answer)["accepted"] as? Int == 1)
            #expect(ContinuousClock.now - started >= .milliseconds(400))
            #expect(try await fixture.store.lastEventID() == 2)
            let metrics = try await client.execute(
                uri: "/metrics", method: .get, headers: fixture.headers(.viewer))
            #expect(String(buffer: metrics.body).contains("tocsin_ingest_requests_held_total 1\n"))
        }
        try await fixture.close()
    }

    @Test("a request held past the hold limit is answered 429 with Retry-After, and nothing of it is stored")
    func refusedPastTheHoldLimit() async throws {
        let (fixture, application, pipeline) = try await Self.server(holdSeconds: 0.3)
        try await application.test(.router) { client in
            let first = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "WS1", "notepad.exe")))
            #expect(first.status == .ok)
            try await Task.sleep(for: .milliseconds(100))
            let second = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: ServerFixture.process(host: "WS1", "calc.exe", second: 1)))
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] == "1")
            #expect(object(second)["error"] as? String == "detection is behind; retry later")
            #expect(try await fixture.store.lastEventID() == 1)
        }
        try await fixture.close()
    }
}
