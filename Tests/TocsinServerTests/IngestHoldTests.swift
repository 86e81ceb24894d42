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

    /// Posts one process event running `commandLine`, as a responder.
    static func post(
        _ client: some TestClientProtocol, _ fixture: ServerFixture, _ commandLine: String, second: Int = 0
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
            body: ByteBuffer(string: ServerFixture.process(host: "WS1", commandLine, second: second)))
    }

    /// Posts a first event that nobody matches and waits until it is older than the delay (50 ms).
    static func postFirstAndLetItAge(_ client: some TestClientProtocol, _ fixture: ServerFixture) async throws {
        let first = try await post(client, fixture, "notepad.exe")
        #expect(first.status == .ok)
        try await Task.sleep(for: .milliseconds(100))
    }

    @Test("a request waits while the oldest pending event is older than the delay, and goes through once matched")
    func heldUntilDetectionCatchesUp() async throws {
        let (fixture, application, pipeline) = try await Self.server(holdSeconds: 30)
        try await application.test(.router) { client in
            // Nobody matches the first event: once it has waited past the delay, the next request is held.
            try await Self.postFirstAndLetItAge(client, fixture)
            #expect(await pipeline.delay > 0.05)
            let started = ContinuousClock.now
            async let second = Self.post(client, fixture, "calc.exe", second: 1)
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
            try await Self.postFirstAndLetItAge(client, fixture)
            let second = try await Self.post(client, fixture, "calc.exe", second: 1)
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] == "1")
            #expect(object(second)["error"] as? String == "detection is behind; retry later")
            #expect(try await fixture.store.lastEventID() == 1)
        }
        try await fixture.close()
    }
}
