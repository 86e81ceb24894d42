import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinCore
import TocsinDetection
import TocsinResponse
import TocsinStore

@testable import TocsinServer

/// A server over a real SQLite store in a temporary folder, with two rules and tokens of each role.
struct ServerFixture {
    let folder: String
    let store: SQLStore
    let engine: DetectionEngine
    let correlations: CorrelationSet
    var configuration = ServerConfiguration()
    var tokens: [Role: String] = [:]

    static let rules = """
        title: Shadow Copies Deleted
        id: 6f1c0d5e-2b7a-4a51-9a43-1d2f0c7b9e01
        name: shadow_copy_deletion
        logsource: {category: process_creation, product: windows}
        detection:
          sel:
            CommandLine|contains|all: [delete, shadows]
          condition: sel
        tags: [attack.impact, attack.t1490]
        level: critical
        ---
        title: LSASS Dump
        id: 0b7e2d6a-0000-4000-8000-0000000000aa
        logsource: {category: process_creation, product: windows}
        detection:
          sel:
            CommandLine|contains: 'comsvcs.dll, MiniDump'
          condition: sel
        tags: [attack.credential_access, attack.t1003.001]
        level: high
        """

    static func make() async throws -> ServerFixture {
        let folder = NSTemporaryDirectory() + "tocsin-server-" + UUID().uuidString
        let store = try await SQLStore.open(.dataFolder(folder))
        let parsed = RuleParser.parse(rules, path: "rules.yml")
        let correlations = CorrelationSet(correlations: parsed.correlations, rules: parsed.rules)
        let engine = DetectionEngine(
            rules: parsed.rules, pipeline: try Pipeline.builtinWindows(), captureFields: correlations.captureFields)
        var fixture = ServerFixture(folder: folder, store: store, engine: engine, correlations: correlations)
        // Most tests step the pipeline by hand, so detection is as far behind as each test wants; ingest would
        // hold their requests for it. IngestHoldTests sets a delay of its own.
        fixture.configuration.ingest.maxDetectionDelay = .infinity
        for role in Role.allCases {
            let secret = TokenSecret.generate()
            _ = try await store.createToken(name: "test-\(role.rawValue)", secretHash: TokenSecret.hash(secret), role: role, actor: "test")
            fixture.tokens[role] = secret
        }
        return fixture
    }

    func close() async throws {
        try await store.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func headers(_ role: Role, contentType: String? = "application/x-ndjson") -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(tokens[role] ?? "")"]
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    static func process(host: String, _ commandLine: String, second: Int = 0) -> String {
        let time = String(format: "2026-11-20T09:00:%02d.000Z", second)
        return ##"{"Event":{"System":{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"\##(host)","##
            + ##""TimeCreated":{"#attributes":{"SystemTime":"\##(time)"}}},"EventData":{"CommandLine":"\##(commandLine)"}}}"##
    }
}

/// The JSON object of a response body.
func object(_ response: TestResponse) -> [String: Any] {
    guard let value = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
    else { return [:] }
    return value
}

@Suite("Server: API over a real SQLite store")
struct ServerAPITests {
    @Test func healthAndTheAPIDescriptionNeedNoToken() async throws {
        let fixture = try await ServerFixture.make()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await application.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(object(response)["status"] as? String == "ok")
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
        try await fixture.close()
    }

    @Test func everyOtherRouteNeedsAValidTokenWithTheRightRole() async throws {
        let fixture = try await ServerFixture.make()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await application.test(.router) { client in
            for path in ["/api/v1/alerts", "/api/v1/incidents", "/api/v1/audit", "/api/v1/audit/verify", "/metrics"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect((object(response)["error"] as? String)?.contains("Bearer") == true)
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer tcn_wrong"]) {
                    #expect($0.status == .unauthorized, "\(path)")
                }
                try await client.execute(uri: path, method: .get, headers: fixture.headers(.viewer)) {
                    #expect($0.status == .ok, "\(path)")
                }
            }
            // A viewer may read but not ingest.
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.viewer), body: ByteBuffer(string: "{}\n")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(object(response)["error"] as? String == "this needs the role responder; the token has viewer")
            }
        }
        try await fixture.close()
    }

    @Test func ingestTakesGoodLinesRefusesBadOnesAndAcknowledgesWhenDurable() async throws {
        let fixture = try await ServerFixture.make()
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        let body = [ServerFixture.process(host: "WS1", "notepad.exe"), "{not json", "[1]",
            ServerFixture.process(host: "WS1", "calc.exe")].joined(separator: "\n")
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let answer = object(response)
                #expect(answer["accepted"] as? Int == 2)
                let rejected = answer["rejected"] as? [[String: Any]] ?? []
                #expect(rejected.map { $0["line"] as? Int } == [2, 3])
            }
        }
        // Acknowledged means stored: the events are in the store, in order, with their source.
        let stored = try await fixture.store.events(after: 0, limit: 10)
        #expect(stored.map(\.source) == ["http:test-responder", "http:test-responder"])
        #expect(stored.last?.raw.contains("calc.exe") == true)
        try await fixture.close()
    }

    @Test func badRequestsGetClearAnswersAndAreCounted() async throws {
        var made = try await ServerFixture.make()
        made.configuration.ingest.maxBodyBytes = 4096
        let fixture = made
        let (application, _) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder, contentType: "text/html"),
                body: ByteBuffer(string: "{}")
            ) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(string: String(repeating: "x", count: 5000))
            ) { #expect($0.status == .contentTooLarge) }
            var gzip = fixture.headers(.responder)
            gzip[.contentEncoding] = "gzip"
            try await client.execute(uri: "/api/v1/events", method: .post, headers: gzip, body: ByteBuffer(string: "nope")) {
                #expect($0.status == .badRequest)
            }
            var brotli = fixture.headers(.responder)
            brotli[.contentEncoding] = "br"
            try await client.execute(uri: "/api/v1/events", method: .post, headers: brotli, body: ByteBuffer(string: "{}")) {
                #expect($0.status == .unsupportedMediaType)
            }
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
                body: ByteBuffer(bytes: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])
            ) { response in
                #expect(response.status == .badRequest)
                #expect((object(response)["rejected"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers(.viewer)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("tocsin_requests_unsupported_media_type_total 2"))
                #expect(text.contains("tocsin_requests_too_large_total 1"))
                #expect(text.contains("tocsin_ingest_lines_rejected_total 1"))
            }
        }
        #expect(try await fixture.store.events(after: 0, limit: 10).isEmpty)
        try await fixture.close()
    }

    @Test func ingestedAttacksBecomeAlertsAndOneIncidentThatRespondersMove() async throws {
        let fixture = try await ServerFixture.make()
        let (application, pipeline) = buildApplication(
            configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
            correlations: fixture.correlations, runPipeline: false)
        try await pipeline.start()
        let body = [
            ServerFixture.process(host: "FS01", "rundll32.exe C:\\\\Windows\\\\System32\\\\comsvcs.dll, MiniDump 624 x full"),
            ServerFixture.process(host: "FS01", "notepad.exe", second: 1),
            ServerFixture.process(host: "FS01", "vssadmin.exe delete shadows /all /quiet", second: 2),
        ].joined(separator: "\n")
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder), body: ByteBuffer(string: body)
            ) { #expect(object($0)["accepted"] as? Int == 3) }
            // The pipeline matches what was stored (here driven by hand; the service does it in the background).
            #expect(try await pipeline.step() == 3)
            #expect(try await pipeline.step() == 0)
            try await client.execute(uri: "/api/v1/alerts", method: .get, headers: fixture.headers(.viewer)) { response in
                let alerts = object(response)["alerts"] as? [[String: Any]] ?? []
                #expect(alerts.map { $0["title"] as? String } == ["LSASS Dump", "Shadow Copies Deleted"])
                #expect(alerts.map { $0["event_id"] as? Int } == [1, 3])
            }
            var incidentID = 0
            try await client.execute(uri: "/api/v1/incidents", method: .get, headers: fixture.headers(.viewer)) { response in
                let incidents = object(response)["incidents"] as? [[String: Any]] ?? []
                #expect(incidents.count == 1)
                #expect(incidents.first?["severity"] as? String == "critical")
                #expect(incidents.first?["state"] as? String == "new")
                #expect((incidents.first?["alert_ids"] as? [Int])?.count == 2)
                incidentID = incidents.first?["id"] as? Int ?? 0
            }
            let move = ByteBuffer(string: #"{"state":"acknowledged","note":"on it"}"#)
            try await client.execute(
                uri: "/api/v1/incidents/\(incidentID)/state", method: .post,
                headers: fixture.headers(.viewer, contentType: "application/json"), body: move
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/incidents/\(incidentID)/state", method: .post,
                headers: fixture.headers(.responder, contentType: "application/json"), body: move
            ) { response in
                #expect(response.status == .ok)
                #expect(object(response)["state"] as? String == "acknowledged")
            }
            try await client.execute(
                uri: "/api/v1/incidents/\(incidentID)/state", method: .post,
                headers: fixture.headers(.responder, contentType: "application/json"),
                body: ByteBuffer(string: #"{"state":"new"}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(
                uri: "/api/v1/incidents/999/state", method: .post,
                headers: fixture.headers(.responder, contentType: "application/json"), body: move
            ) { #expect($0.status == .notFound) }
            // Everything above is on the audit chain, and the chain holds.
            try await client.execute(uri: "/api/v1/audit/verify", method: .get, headers: fixture.headers(.viewer)) {
                response in
                #expect(object(response)["intact"] as? Bool == true)
                #expect((object(response)["entries"] as? Int ?? 0) >= 5)
            }
        }
        try await fixture.close()
    }

    @Test func theSameEventsAfterARestartRaiseNoSecondAlert() async throws {
        let fixture = try await ServerFixture.make()
        let raw = ServerFixture.process(host: "FS01", "vssadmin.exe delete shadows /all /quiet")
        _ = try await fixture.store.appendEvents([StoredEventInput(source: "test", receivedAt: Date(), raw: raw)])
        // A first pipeline matches the event; a second (after a restart) resumes at the cursor.
        let first = DetectionPipeline(
            store: fixture.store, engine: fixture.engine, correlations: fixture.correlations, grouping: GroupingPolicy(),
            correlationLimits: CorrelationLimits())
        try await first.start()
        #expect(try await first.step() == 1)
        let second = DetectionPipeline(
            store: fixture.store, engine: fixture.engine, correlations: fixture.correlations, grouping: GroupingPolicy(),
            correlationLimits: CorrelationLimits())
        try await second.start()
        #expect(try await second.step() == 0)
        _ = try await fixture.store.appendEvents([StoredEventInput(source: "test", receivedAt: Date(), raw: raw)])
        #expect(try await second.step() == 1)
        let alerts = try await fixture.store.alerts(after: 0, limit: 10)
        #expect(alerts.count == 2)
        // Both alerts are on the one incident the restarted pipeline found again.
        let incidents = try await fixture.store.incidents(state: nil, limit: 10)
        #expect(incidents.count == 1)
        #expect(incidents.first?.alertIDs.count == 2)
        try await fixture.close()
    }
}
