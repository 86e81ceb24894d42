import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TocsinCore
import TocsinDetection
import TocsinResponse
import TocsinStore

@testable import TocsinServer

extension StatusSetup {
    /// The sample catalogue shipped in samples/catalogue.yaml, and a fixed link secret.
    static func sample() throws -> StatusSetup {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("samples/catalogue.yaml").path
        var reader = CatalogueReader(file: path)
        let loaded = try reader.read(try String(contentsOfFile: path, encoding: .utf8))
        return StatusSetup(graph: loaded.graph, linkSecret: Array(repeating: 7, count: 32))
    }
}

/// The API's and the page's answers for a JSON body.
func jsonBody(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
}

@Suite("Server: service continuity and the public status page")
struct StatusSiteTests {
    /// The application over the sample catalogue, with its status site to drive the refresher by hand.
    static func site(_ fixture: ServerFixture) throws -> StatusSite<SQLStore> {
        makeStatusSite(
            configuration: fixture.configuration, setup: try StatusSetup.sample(), store: fixture.store,
            metrics: ServerMetrics(), clock: { Date() }, logger: .init(label: "test"))
    }

    static func router(_ fixture: ServerFixture, _ site: StatusSite<SQLStore>) -> Router<TocsinRequestContext> {
        let pipeline = DetectionPipeline(
            store: fixture.store, engine: fixture.engine, correlations: fixture.correlations, grouping: GroupingPolicy(),
            correlationLimits: CorrelationLimits())
        let api = API(
            store: fixture.store, pipeline: pipeline, configuration: fixture.configuration, metrics: ServerMetrics(),
            clock: { Date() }, logins: LoginGuard(hasher: PasswordHasher(cost: 4)), status: site)
        return buildRouter(api: api)
    }

    @Test("a data centre taken offline shows on the page in German and English; lifted, the plan restores in order")
    func containmentToRestoration() async throws {
        let fixture = try await ServerFixture.make()
        do {
            let site = try Self.site(fixture)
            let application = Application(router: Self.router(fixture, site))
            try await application.test(.router) { client in
                // Before the first rendering the page says it is being prepared.
                try await client.execute(uri: "/status", method: .get) { #expect($0.status == .serviceUnavailable) }
                #expect(await site.refresher.refresh())
                try await client.execute(uri: "/status", method: .get) { response in
                    #expect(response.status == .ok)
                    let html = String(buffer: response.body)
                    #expect(html.contains("<html lang=\"de\""))
                    #expect(html.contains("Alle Systeme betriebsbereit"))
                    #expect(!html.contains("<script"))
                }
                let json = fixture.headers(.responder, contentType: "application/json")
                // What-if first: nothing recorded, the plan shown.
                let targets: [String: Any] = ["targets": [["kind": "data_centre", "id": "nord"]]]
                try await client.execute(
                    uri: "/api/v1/continuity/impact", method: .post, headers: json, body: jsonBody(targets)
                ) { response in
                    #expect(response.status == .ok)
                    let impact = object(response)["impact"] as? [String: Any] ?? [:]
                    let services = (impact["services"] as? [[String: Any]] ?? []).filter { $0["effect"] as? String == "down" }
                    #expect(services.contains { $0["id"] as? String == "eau" })
                    expectConforms(response, path: "/api/v1/continuity/impact", method: "post")
                }
                #expect(try await fixture.store.statusDocuments(kind: nil).isEmpty)
                // Refusals name what is wrong.
                try await client.execute(
                    uri: "/api/v1/continuity/containments", method: .post, headers: json,
                    body: jsonBody(["targets": [["kind": "data_centre", "id": "nordd"]], "reason": "x"])
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(object(response)["error"] as? String == "unknown in the catalogue: data_centre:nordd")
                }
                try await client.execute(
                    uri: "/api/v1/continuity/containments", method: .post,
                    headers: fixture.headers(.viewer, contentType: "application/json"),
                    body: jsonBody(targets.merging(["reason": "x"]) { a, _ in a })
                ) { #expect($0.status == .forbidden) }
                // Recorded: the services on it are switched off as a precaution, on the page at once.
                try await client.execute(
                    uri: "/api/v1/continuity/containments", method: .post, headers: json,
                    body: jsonBody(targets.merging(["reason": "Verschlüsselung auf ad-nord erkannt"]) { a, _ in a })
                ) { response in
                    #expect(response.status == .created)
                    #expect(object(response)["id"] as? String == "c-1")
                    expectConforms(response, path: "/api/v1/continuity/containments", method: "post")
                }
                #expect(await site.refresher.refresh())
                try await client.execute(uri: "/status", method: .get) { response in
                    let html = String(buffer: response.body)
                    #expect(html.contains("Vorsorglich abgeschaltet"))
                    #expect(html.contains("Schwerwiegende Störung"))
                    // The containment's reason is internal.
                    #expect(!html.contains("ad-nord erkannt"))
                }
                try await client.execute(
                    uri: "/status", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9,de;q=0.5"]
                ) { response in
                    #expect(response.headers[.contentLanguage] == "en")
                    let html = String(buffer: response.body)
                    #expect(html.contains("<html lang=\"en\""))
                    #expect(html.contains("Switched off as a precaution"))
                }
                try await client.execute(uri: "/status/api/v2/summary.json", method: .get) { response in
                    let summary = object(response)
                    #expect((summary["status"] as? [String: Any])?["indicator"] as? String == "critical")
                    let eau = (summary["components"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "eau" }
                    #expect(eau?["status"] as? String == "major_outage")
                    #expect(eau?["reason"] as? String == "security_precaution")
                    expectConforms(response, path: "/status/api/v2/summary.json", method: "get")
                }
                // The cache answers If-None-Match with 304; each representation has its own validator.
                let feedTag = try await client.execute(uri: "/status/history.atom", method: .get) { response in
                    #expect(response.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                    return response.headers[.eTag] ?? ""
                }
                let etag = try await client.execute(uri: "/status", method: .get) { $0.headers[.eTag] ?? "" }
                #expect(etag != feedTag)
                try await client.execute(uri: "/status", method: .get, headers: [.ifNoneMatch: etag]) {
                    #expect($0.status == .notModified)
                }
                try await client.execute(
                    uri: "/status?lang=en", method: .get, headers: [.ifNoneMatch: etag]
                ) { #expect($0.status == .ok) }
                // Compressed once per rendering for browsers that take gzip; HEAD for monitors.
                let plain = try await client.execute(uri: "/status", method: .get) { String(buffer: $0.body) }
                try await client.execute(
                    uri: "/status", method: .get, headers: [.acceptEncoding: "gzip, deflate, br"]
                ) { response in
                    #expect(response.headers[.contentEncoding] == "gzip")
                    let packed = Array(buffer: response.body)
                    #expect(packed.count * 3 < plain.utf8.count)
                    let unpacked = try Gunzip.inflate(packed, limit: 1 << 20)
                    #expect(String(decoding: unpacked, as: UTF8.self) == plain)
                }
                try await client.execute(
                    uri: "/status", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"]
                ) { #expect($0.headers[.contentEncoding] == nil) }
                try await client.execute(uri: "/status", method: .head) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentLength] == String(plain.utf8.count))
                }
                // Lifted: the plan brings eAU back; statistics wait for the core system they require.
                try await client.execute(
                    uri: "/api/v1/continuity/containments/c-1/lift", method: .post, headers: json, body: jsonBody([:])
                ) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/continuity/plan", method: .get, headers: fixture.headers(.viewer)) {
                    response in
                    let plan = object(response)["plan"] as? [String: Any] ?? [:]
                    let order = (plan["steps"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    let core = try #require(order.firstIndex(of: "kernsystem"))
                    let statistics = try #require(order.firstIndex(of: "statistik"))
                    #expect(core < statistics)
                    expectConforms(response, path: "/api/v1/continuity/plan", method: "get")
                }
                try await client.execute(
                    uri: "/api/v1/continuity/services/statistik/recovery", method: .post, headers: json,
                    body: jsonBody(["event": "start_restoring"])
                ) { response in
                    #expect(response.status == .conflict)
                    #expect(
                        object(response)["error"] as? String
                            == "statistik cannot start restoring before what it requires runs: kernsystem")
                }
                for event: [String: Any] in [
                    ["event": "start_restoring"],
                    ["event": "start_emergency_operation", "note": ["de": "AU-Daten werden zwischengespeichert.", "en": "Sick notes are queued."]],
                ] {
                    try await client.execute(
                        uri: "/api/v1/continuity/services/eau/recovery", method: .post, headers: json, body: jsonBody(event)
                    ) { response in
                        #expect(response.status == .ok, "\(event)")
                        expectConforms(response, path: "/api/v1/continuity/services/{id}/recovery", method: "post")
                    }
                }
                #expect(await site.refresher.refresh())
                try await client.execute(uri: "/status?lang=en", method: .get) { response in
                    let html = String(buffer: response.body)
                    #expect(html.contains("Emergency operation"))
                    #expect(html.contains("Sick notes are queued."))
                }
            }
            let actions = try await fixture.store.auditEntries(after: 0, limit: 100).map(\.action)
            #expect(actions.filter { $0 == "continuity.contained" }.count == 1)
            #expect(actions.contains("continuity.lifted"))
            #expect(actions.filter { $0 == "continuity.recovery" }.count == 2)
            try await fixture.close()
        } catch {
            try? await fixture.close()
            throw error
        }
    }

    @Test("a stopped database leaves the last good page in place, counted; the page never asks the store")
    func lastGoodSnapshot() async throws {
        let fixture = try await ServerFixture.make()
        let site = try Self.site(fixture)
        let application = Application(router: Self.router(fixture, site))
        do {
            _ = try await site.desk.post(
                PublicUpdate(
                    incidentID: nil, title: LocalizedText(de: "Störung eAU", en: "eAU disruption"), phase: .investigating,
                    body: LocalizedText(de: "Wir prüfen den Ausfall.", en: "We are looking into it."), components: ["eau"],
                    notify: false),
                actor: "test")
            #expect(await site.refresher.refresh())
        } catch {
            try? await fixture.close()
            throw error
        }
        let before = try #require(site.cache.page)
        try await fixture.store.close()
        #expect(await site.refresher.refresh(force: true) == false)
        try await application.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/status", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.eTag] == before.etag(for: .html(.de), gzip: false))
                    #expect(String(buffer: response.body).contains("Wir prüfen den Ausfall."))
                }
            }
        }
        try? FileManager.default.removeItem(atPath: fixture.folder)
    }

    @Test("responders acting at once: every containment and every update is kept, none overwrites another")
    func concurrentChanges() async throws {
        let fixture = try await ServerFixture.make()
        do {
            let site = try Self.site(fixture)
            let first = try await site.desk.post(
                PublicUpdate(
                    incidentID: nil, title: LocalizedText("Störung"), phase: .investigating,
                    body: LocalizedText("Erste Meldung."), components: [], notify: false),
                actor: "anna")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        _ = try await site.desk.contain(
                            [.system(index % 2 == 0 ? "ad-nord" : "kim-mail-1")], reason: "test \(index)", actor: "anna")
                    }
                    group.addTask {
                        _ = try await site.desk.post(
                            PublicUpdate(
                                incidentID: first.id, title: nil, phase: .identified,
                                body: LocalizedText("Meldung \(index)."), components: [], notify: false),
                            actor: "ben")
                    }
                }
                try await group.waitForAll()
            }
            let state = try await site.desk.state()
            #expect(state.containments.map(\.id).sorted() == (1...8).map { "c-\($0)" }.sorted())
            let incident = try #require(state.incidents.first { $0.id == first.id })
            #expect(incident.updates.map(\.version).sorted() == Array(1...9))
            #expect(Set(incident.updates.map { $0.body.de }).count == 9)
            try await fixture.close()
        } catch {
            try? await fixture.close()
            throw error
        }
    }

    @Test("the static export writes both languages, the feeds and the JSON, linked file to file")
    func staticExport() async throws {
        let fixture = try await ServerFixture.make()
        let folder = URL(fileURLWithPath: fixture.folder).appendingPathComponent("site")
        do {
            let site = try Self.site(fixture)
            let snapshot = try await site.desk.snapshot(
                organisation: LocalizedText("Beispiel"), title: LocalizedText(de: "Status", en: "Status"))
            let files = try StaticSiteExport.write(
                snapshot, settings: StatusPageSettings(organisation: LocalizedText("Beispiel")),
                baseURL: URL(string: "https://status.example.de"), subscribeURL: "https://tocsin.example/status/subscribe",
                to: folder)
            #expect(files.sorted() == [
                "history.de.atom", "history.en.atom", "index.en.html", "index.html", "summary.de.json", "summary.en.json",
            ])
            let german = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(german.contains("href=\"index.en.html\""))
            #expect(german.contains("action=\"https://tocsin.example/status/subscribe\""))
            #expect(!german.contains("?lang="))
            try await fixture.close()
        } catch {
            try? await fixture.close()
            throw error
        }
    }
}
