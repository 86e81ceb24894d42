import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TocsinCore
import TocsinDelivery
import TocsinResponse
import TocsinStore

@testable import TocsinServer

@Suite("Server: the alarm chain end to end (real SMTP server, real HTTP receiver)")
struct AlarmChainTests {
    static func configuration(smtpPort: Int, hook: URL, folder: String, extraContacts: String = "") throws
        -> ServerConfiguration
    {
        let yaml = """
            data: \(folder)
            organisation:
              name: Praxis-IT Beispiel GmbH
              dpo: {name: Dr. Datenschutz, email: dsb@provider.example}
            public_url: http://tocsin.example
            channels:
              mail: {type: smtp, host: 127.0.0.1, port: \(smtpPort), security: none, from: "Tocsin <tocsin@provider.example>"}
              hook: {type: webhook, url: "\(hook.absoluteString)"}
            delivery: {tick: 0.05s, initial_delay: 0.2s, attempts: 3}
            contacts:
              - {id: anna, name: Anna Weber, roles: [on_call], language: de,
                 endpoints: [{channel: mail, address: anna@provider.example}, {channel: hook}]}
              - {id: ben, name: Ben Novak, roles: [on_call], language: en, email: ben@provider.example}
              - {id: dsb, name: Dr. Datenschutz, roles: [data_protection_officer], email: dsb@provider.example}
              - {id: bsi, name: BSI Meldestelle, roles: [security_agency], email: meldestelle@bsi.example}
            \(extraContacts)
            escalation_policies:
              - name: critical
                trigger: {minimum_severity: high}
                tiers:
                  - {delay: 1s, targets: [anna]}
                  - {delay: 1s, targets: [ben]}
            playbooks:
              - name: impact
                trigger: {minimum_severity: critical, tags: [attack.impact]}
                steps:
                  - {notify: dpo_briefing, to: [role:data_protection_officer], approval: automatic}
                  - {notify: bsi_early_warning, to: [role:security_agency]}
            """
        return try ServerConfiguration.parse(yaml, file: "tocsin.yaml")
    }

    static func post(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ lines: [String]) async throws {
        try await client.execute(
            uri: "/api/v1/events", method: .post, headers: fixture.headers(.responder),
            body: ByteBuffer(string: lines.joined(separator: "\n") + "\n")
        ) { #expect($0.status == .ok) }
    }

    @Test("a critical incident pages on-call at once, runs its playbook, escalates, and a link acknowledges it")
    func endToEnd() async throws {
        guard let smtp = try await SMTPReceiver.start() else { return }
        defer { smtp.stop() }
        let receiver = WebhookReceiver()
        try await receiver.run { hook in
            var made = try await ServerFixture.make()
            do {
                made.configuration = try Self.configuration(smtpPort: smtp.port, hook: hook, folder: made.folder)
                let fixture = made
                let chain = try AlarmChain.prepare(fixture.configuration, environment: [:])
                let (application, _) = buildApplication(
                    configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
                    correlations: fixture.correlations, alarm: chain)
                try await application.test(.live) { client in
                    try await Self.post(
                        client, fixture, [ServerFixture.process(host: "pvs01", "vssadmin delete shadows /all /quiet")])
                    // Tier 0 (Anna, by mail and webhook) and the automatic DPO briefing arrive; the BSI draft waits.
                    let first = try await eventually(within: 60) { () -> [String]? in
                        let mails = smtp.messages()
                        return mails.count >= 2 && receiver.received.count >= 1 ? mails : nil
                    }
                    let mails = try #require(first)
                    let page = try #require(mails.first { $0.contains("anna@provider.example") })
                    #expect(page.contains("Message-ID: <"))
                    #expect(page.contains("X-Tocsin-Idempotency-Key: escalation:"))
                    #expect(mails.contains { $0.contains("dsb@provider.example") })
                    #expect(!mails.contains { $0.contains("meldestelle@bsi.example") })
                    let hookBody = try #require(receiver.received.first?.body)
                    #expect(hookBody.contains(#""event":"tocsin.trigger""#))
                    let drafts = try await fixture.store.messages(incidentID: nil, status: .awaitingApproval, limit: 10)
                    #expect(drafts.map(\.draft.template) == ["bsi_early_warning"])
                    // Nobody acknowledged: after the tier's delay Ben is paged.
                    let escalated = try await eventually(within: 60) {
                        smtp.messages().contains { $0.contains("ben@provider.example") } ? true : nil
                    }
                    #expect(escalated == true)
                    // The link in Anna's page: GET only shows a button; POST acknowledges.
                    let stored = try await fixture.store.messages(incidentID: nil, status: nil, limit: 100)
                    let annaPage = try #require(stored.first { $0.draft.contact == "anna" && $0.draft.channel == "mail" })
                    let link = try #require(
                        annaPage.draft.text.split(whereSeparator: \.isWhitespace).first { $0.contains("/ack/") })
                    let path = String(link[link.range(of: "/ack/")!.lowerBound...])
                    try await client.execute(uri: path, method: .get) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("<form method=\"post\""))
                    }
                    let incidentID = try #require(annaPage.draft.incidentID)
                    // The API, which viewers read, shows pages without the link's token.
                    try await client.execute(
                        uri: "/api/v1/messages?incident=\(incidentID)", method: .get, headers: fixture.headers(.viewer)
                    ) { response in
                        let texts = (object(response)["messages"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                        let token = String(path.dropFirst("/ack/".count))
                        #expect(!texts.isEmpty)
                        #expect(!texts.contains { $0.contains(token) })
                        #expect(texts.contains { $0.contains("/ack/…") })
                    }
                    #expect(try await fixture.store.incident(id: incidentID)?.state == "new")
                    try await client.execute(uri: path, method: .post) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("Bestätigt"))
                    }
                    #expect(try await fixture.store.incident(id: incidentID)?.state == "acknowledged")
                    let state = try await fixture.store.alarmState(incidentID: incidentID)
                    #expect(state.escalations.map(\.status) == ["acknowledged"])
                    #expect(state.playbooks == ["impact"])
                    // A forged or altered link is refused.
                    try await client.execute(uri: path + "x", method: .post) { #expect($0.status == .forbidden) }
                    // The draft to the BSI goes out after one click.
                    try await client.execute(
                        uri: "/api/v1/messages/\(drafts[0].id)/approve", method: .post,
                        headers: fixture.headers(.responder, contentType: nil)
                    ) { #expect($0.status == .ok) }
                    let notice = try await eventually(within: 60) {
                        smtp.messages().first { $0.contains("meldestelle@bsi.example") }
                    }
                    #expect(notice?.contains("Subject: =?utf-8?") == true || notice?.contains("Subject:") == true)
                    // Every message is on the record as delivered, and the chain holds.
                    let all = try await eventually(within: 60) { () -> [OutboxMessage]? in
                        let messages = try await fixture.store.messages(incidentID: nil, status: nil, limit: 100)
                        return messages.allSatisfy { $0.status == .delivered } ? messages : nil
                    }
                    #expect(all != nil)
                    guard case .intact = try await fixture.store.verifyAudit() else {
                        Issue.record("the audit chain is broken")
                        return
                    }
                    let actions = Set(try await fixture.store.auditEntries(after: 0, limit: 1000).map(\.action))
                    #expect(actions.isSuperset(of: ["message.queued", "message.delivered", "escalation.started",
                                                    "escalation.paged", "escalation.acknowledged", "message.approved"]))
                }
            } catch {
                // An open store must never reach deinit (sqlite-nio asserts): close it on every path.
                try? await made.close()
                throw error
            }
            try await made.close()
        }
    }

    @Test("a restart in the middle of delivery delivers each message exactly once (the receiver counts keys)")
    func restartMidDelivery() async throws {
        let receiver = WebhookReceiver()
        receiver.script([], delay: .milliseconds(150))
        try await receiver.run { hook in
            var made = try await ServerFixture.make()
            do {
                // Thirty on-call people on the webhook channel: thirty pages for one incident.
                let extra = (1...30).map { "  - {id: p\($0), roles: [on_call], endpoints: [{channel: hook}]}" }
                    .joined(separator: "\n")
                var configuration = try Self.configuration(
                    smtpPort: 9, hook: hook, folder: made.folder, extraContacts: extra)
                configuration.alarm.configuration.policies[0].tiers = [
                    EscalationTier(delay: 3600, targets: [.role(.onCall)])
                ]
                configuration.alarm.configuration.playbooks = []
                configuration.alarm.delivery.concurrency = 2
                // Ben's and Anna's mail goes to a closed port: retried, never delivered; only the hook counts here.
                made.configuration = configuration
                let fixture = made
                let chain = try AlarmChain.prepare(configuration, environment: [:])
                let first = buildApplication(
                    configuration: configuration, store: fixture.store, engine: fixture.engine,
                    correlations: fixture.correlations, alarm: chain)
                // The harness's test client may find its idle connection reset while the server stops (seen on a
                // loaded CI machine, after the body had returned); that is no failure of delivery, which the
                // receiver's counts below decide.
                do {
                try await first.application.test(.live) { client in
                    try await Self.post(
                        client, fixture, [ServerFixture.process(host: "pvs01", "vssadmin delete shadows /all /quiet")])
                    _ = try await eventually(within: 60) { receiver.received.count >= 6 ? true : nil }
                    // Returning stops the server gracefully, mid-delivery.
                }
                } catch where "\(error)".contains("Connection reset") {
                    print("note: the test client's connection was reset at shutdown: \(error)")
                }
                let afterStop = receiver.received.count
                #expect(afterStop < 31, "the restart came too late to be in the middle of delivery")
                let second = buildApplication(
                    configuration: configuration, store: fixture.store, engine: fixture.engine,
                    correlations: fixture.correlations, alarm: chain)
                do {
                try await second.application.test(.live) { _ in
                    _ = try await eventually(within: 60) { receiver.received.count >= 31 ? true : nil }
                    try await Task.sleep(for: .milliseconds(500))
                }
                } catch where "\(error)".contains("Connection reset") {
                    print("note: the test client's connection was reset at shutdown: \(error)")
                }
                let keys = receiver.received.compactMap { $0.headers["idempotency-key"] }
                #expect(keys.count == 31)
                #expect(Set(keys).count == keys.count, "a message reached the receiver twice")
                let hooked = try await fixture.store.messages(incidentID: nil, status: nil, limit: 100)
                    .filter { $0.draft.channel == "hook" }
                #expect(hooked.count == 31)
                #expect(hooked.allSatisfy { $0.status == .delivered && $0.attempts == 1 })
            } catch {
                // An open store must never reach deinit (sqlite-nio asserts): close it on every path.
                try? await made.close()
                throw error
            }
            try await made.close()
        }
    }
    @Test("PagerDuty: a page triggers one alert per incident; acknowledging in Tocsin acknowledges it there")
    func pagerDuty() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            var made = try await ServerFixture.make()
            do {
                let yaml = """
                    data: \(made.folder)
                    channels:
                      pager: {type: pagerduty, url: "\(url.absoluteString)", routing_key_env: TEST_ROUTING_KEY}
                    delivery: {tick: 0.05s}
                    contacts:
                      - {id: soc, roles: [on_call], endpoints: [{channel: pager}]}
                    escalation_policies:
                      - name: all
                        trigger: {minimum_severity: low}
                        tiers: [{delay: 1h, targets: [role:on_call]}]
                    """
                made.configuration = try ServerConfiguration.parse(yaml, file: "tocsin.yaml")
                let fixture = made
                // The routing key is a secret from the environment; without it the chain does not start.
                #expect(throws: ServerStartError.self) { try AlarmChain.prepare(fixture.configuration, environment: [:]) }
                let chain = try AlarmChain.prepare(fixture.configuration, environment: ["TEST_ROUTING_KEY": "R-123"])
                let (application, _) = buildApplication(
                    configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
                    correlations: fixture.correlations, alarm: chain)
                try await application.test(.live) { client in
                    try await Self.post(
                        client, fixture, [ServerFixture.process(host: "pvs01", "rundll32 comsvcs.dll, MiniDump 624")])
                    _ = try await eventually(within: 60) { receiver.received.count >= 1 ? true : nil }
                    let incident = try #require(try await fixture.store.incidents(state: nil, limit: 1).first)
                    try await client.execute(
                        uri: "/api/v1/incidents/\(incident.id)/state", method: .post,
                        headers: fixture.headers(.responder, contentType: "application/json"),
                        body: ByteBuffer(string: #"{"state": "acknowledged"}"#)
                    ) { #expect($0.status == .ok) }
                    _ = try await eventually(within: 60) { receiver.received.count >= 2 ? true : nil }
                }
                let events = try receiver.received.map {
                    try #require(try JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any])
                }
                #expect(events.map { $0["event_action"] as? String } == ["trigger", "acknowledge"])
                #expect(Set(events.compactMap { $0["dedup_key"] as? String }).count == 1)
                #expect(events.allSatisfy { $0["routing_key"] as? String == "R-123" })
                let stored = try await fixture.store.messages(incidentID: nil, status: nil, limit: 10)
                #expect(!stored.contains { $0.draft.payload.contains("R-123") }, "the routing key was stored")
            } catch {
                // An open store must never reach deinit (sqlite-nio asserts): close it on every path.
                try? await made.close()
                throw error
            }
            try await made.close()
        }
    }
    @Test("the mail server down at the page: the attempt fails, is retried with back-off, and the page arrives")
    func mailServerDownThenBack() async throws {
        // A port that was just free: a server bound it and is gone.
        guard let probe = try await SMTPReceiver.start() else { return }
        let port = probe.port
        probe.stop()
        try await Task.sleep(for: .milliseconds(200))
        let receiver = WebhookReceiver()
        try await receiver.run { hook in
            var made = try await ServerFixture.make()
            do {
                made.configuration = try Self.configuration(smtpPort: port, hook: hook, folder: made.folder)
                made.configuration.alarm.delivery.attempts = 20
                made.configuration.alarm.delivery.maximumDelay = 1
                let fixture = made
                let chain = try AlarmChain.prepare(fixture.configuration, environment: [:])
                let (application, _) = buildApplication(
                    configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
                    correlations: fixture.correlations, alarm: chain)
                try await application.test(.live) { client in
                    try await Self.post(
                        client, fixture, [ServerFixture.process(host: "pvs01", "vssadmin delete shadows /all /quiet")])
                    // Anna's mail page fails (nobody listens) and waits for its retry; her webhook page is delivered.
                    let failed = try await eventually(within: 60) { () -> OutboxMessage? in
                        try await fixture.store.messages(incidentID: nil, status: .retrying, limit: 10)
                            .first { $0.draft.contact == "anna" && $0.draft.channel == "mail" }
                    }
                    let retrying = try #require(failed)
                    #expect(
                        retrying.lastError?.contains("could not connect to the SMTP server 127.0.0.1:\(port)") == true,
                        "the failed attempt's error: \(retrying.lastError ?? "none")")
                    // The mail server comes back on that port; the page goes out on a later attempt, once.
                    guard let smtp = try await SMTPReceiver.start(["--port", String(port)]) else { return }
                    defer { smtp.stop() }
                    let delivered = try await eventually(within: 60) { () -> OutboxMessage? in
                        let message = try await fixture.store.message(id: retrying.id)
                        return message?.status == .delivered ? message : nil
                    }
                    #expect((delivered?.attempts ?? 0) >= 2)
                    let pages = smtp.messages().filter { $0.contains("To: anna@provider.example") || $0.contains("<anna@provider.example>") }
                    #expect(pages.count == 1)
                }
            } catch {
                // An open store must never reach deinit (sqlite-nio asserts): close it on every path.
                try? await made.close()
                throw error
            }
            try await made.close()
        }
    }
    @Test("an escalation whose incident was acknowledged (a crash between the two writes) is stopped, not paged")
    func escalationOfAnAcknowledgedIncidentStops() async throws {
        var made = try await ServerFixture.make()
        do {
            made.configuration = try Self.configuration(
                smtpPort: 9, hook: try #require(URL(string: "http://127.0.0.1:9/hook")), folder: made.folder)
            let fixture = made
            let chain = try AlarmChain.prepare(fixture.configuration, environment: [:])
            let incident = try await fixture.store.upsertIncident(
                IncidentDraft(id: nil, title: "Ransomware", severity: .critical, state: "acknowledged", host: "pvs01", tags: []),
                actor: "anna")
            let policy = try #require(chain.planner.policy(named: "critical"))
            let (escalation, _) = Escalation.start(
                policy: policy, incidentID: String(incident.id), at: Date(timeIntervalSinceNow: -3600))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            _ = try await fixture.store.recordAlarm(
                AlarmWrite(
                    incidentID: incident.id,
                    escalations: [
                        EscalationRecord(
                            id: nil, incidentID: incident.id, policy: "critical",
                            state: String(decoding: try encoder.encode(escalation), as: UTF8.self), status: "active",
                            nextDue: escalation.nextDue)
                    ]), actor: "tocsin")
            #expect(try await fixture.store.dueEscalations(at: Date(), limit: 10).count == 1)
            let coordinator = AlarmCoordinator(
                store: fixture.store, planner: chain.planner,
                composer: MessageComposer(settings: chain.settings, templates: chain.templates, links: chain.links),
                rules: RuleCatalogue(), metrics: ServerMetrics(), clock: { Date() }, logger: Logger(label: "test"),
                onQueued: {})
            await coordinator.tick()
            #expect(try await fixture.store.dueEscalations(at: Date(), limit: 10).isEmpty)
            #expect(try await fixture.store.alarmState(incidentID: incident.id).escalations.map(\.status) == ["acknowledged"])
            #expect(try await fixture.store.messages(incidentID: nil, status: nil, limit: 10).isEmpty)
            #expect(try await fixture.store.auditEntries(after: 0, limit: 100).map(\.action).contains("escalation.stopped"))
        } catch {
            // An open store must never reach deinit (sqlite-nio asserts): close it on every path.
            try? await made.close()
            throw error
        }
        try await made.close()
    }
}
