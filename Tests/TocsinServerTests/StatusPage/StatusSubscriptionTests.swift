import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TocsinCore
import TocsinStore

@testable import TocsinServer

@Suite("Server: subscriptions of the status page (double opt-in, updates and leaving, over a real SMTP server)")
struct StatusSubscriptionTests {
    static func configuration(smtpPort: Int, folder: String) throws -> ServerConfiguration {
        let yaml = """
            data: \(folder)
            organisation: {name: Praxis-IT Beispiel GmbH}
            public_url: http://tocsin.example
            channels:
              mail: {type: smtp, host: 127.0.0.1, port: \(smtpPort), security: none, from: "Status <status@provider.example>"}
            delivery: {tick: 0.05s, initial_delay: 0.2s, attempts: 3}
            status_page:
              organisation: {de: Praxis-IT Beispiel GmbH, en: Example Practice IT Ltd}
              subscriptions_channel: mail
            """
        return try ServerConfiguration.parse(yaml, file: "tocsin.yaml")
    }

    static func form(_ text: String) -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: text))
    }

    /// The path of the first link in `mail` that contains `marker`.
    static func link(_ marker: String, in mail: String) -> String? {
        // Quoted-printable soft breaks would split a long link; the composer's text is plain and short-lined.
        let unfolded = mail.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
        guard let word = unfolded.split(whereSeparator: \.isWhitespace).first(where: { $0.contains(marker) }),
            let range = word.range(of: marker)
        else { return nil }
        return String(word[range.lowerBound...])
    }

    @Test("sign-up, confirmation by link, an update by mail with a way out, leaving; no mail before confirming")
    func doubleOptIn() async throws {
        guard let smtp = try await SMTPReceiver.start() else { return }
        defer { smtp.stop() }
        var made = try await ServerFixture.make()
        do {
            made.configuration = try Self.configuration(smtpPort: smtp.port, folder: made.folder)
            let fixture = made
            let chain = try AlarmChain.prepare(fixture.configuration, environment: [:])
            let (application, _) = buildApplication(
                configuration: fixture.configuration, store: fixture.store, engine: fixture.engine,
                correlations: fixture.correlations, alarm: chain, status: try StatusSetup.sample())
            try await application.test(.live) { client in
                let (headers, body) = Self.form("email=Praxis.Mueller%40example.org&lang=de")
                try await client.execute(uri: "/status/subscribe", method: .post, headers: headers, body: body) {
                    response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Bitte bestätigen"))
                }
                let (badHeaders, badBody) = Self.form("email=not-an-address%0d%0aBcc:%20x@y.z&lang=en")
                try await client.execute(uri: "/status/subscribe", method: .post, headers: badHeaders, body: badBody) {
                    #expect($0.status == .badRequest)
                }
                let confirmation = try #require(
                    try await eventually(within: 60) { smtp.messages().first { $0.contains("praxis.mueller@example.org") } })
                #expect(confirmation.contains("Bitte best"))
                let confirm = try #require(Self.link("/status/confirm/", in: confirmation))
                // An update before the confirmation reaches nobody.
                let json = fixture.headers(.responder, contentType: "application/json")
                try await client.execute(
                    uri: "/api/v1/status/incidents", method: .post, headers: json,
                    body: jsonBody([
                        "title": ["de": "Störung eAU", "en": "eAU disruption"], "phase": "investigating",
                        "body": ["de": "Erste Meldung.", "en": "First update."], "notify": true,
                    ])
                ) { response in
                    #expect(response.status == .created)
                    expectConforms(response, path: "/api/v1/status/incidents", method: "post")
                }
                // GET shows a button (a mail scanner following the link confirms nothing); POST confirms.
                try await client.execute(uri: confirm, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("<form method=\"post\""))
                }
                #expect(try await fixture.store.subscribers(status: .confirmed).isEmpty)
                try await client.execute(uri: confirm, method: .post) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Abonnement bestätigt"))
                }
                try await client.execute(
                    uri: "/api/v1/status/incidents/si-1/updates", method: .post, headers: json,
                    body: jsonBody([
                        "phase": "identified",
                        "body": ["de": "Ursache gefunden: Angriff, Eindämmung läuft.", "en": "Cause found: an attack."],
                        "customer_actions": [["de": "Passwort der Praxissoftware ändern", "en": "Change the practice software password"]],
                        "notify": true,
                    ])
                ) { #expect($0.status == .created) }
                let update = try #require(
                    try await eventually(within: 60) {
                        smtp.messages().first { $0.contains("praxis.mueller@example.org") && $0.contains("Ursache gefunden") }
                    })
                #expect(!smtp.messages().contains { $0.contains("Erste Meldung.") })
                #expect(update.contains("1. Passwort der Praxissoftware"))
                let leave = try #require(Self.link("/status/unsubscribe/", in: update))
                try await client.execute(uri: leave, method: .post) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Abgemeldet"))
                }
                // A forged or altered link is refused.
                try await client.execute(uri: leave + "x", method: .post) { #expect($0.status == .forbidden) }
                try await client.execute(
                    uri: "/api/v1/status/incidents/si-1/updates", method: .post, headers: json,
                    body: jsonBody(["phase": "monitoring", "body": "Dritte Meldung.", "notify": true])
                ) { #expect($0.status == .created) }
                // Signing up again the same day sends no second confirmation (the form cannot flood a mailbox).
                try await client.execute(uri: "/status/subscribe", method: .post, headers: headers, body: body) {
                    #expect($0.status == .ok)
                }
                let outbox = try await fixture.store.messages(incidentID: nil, status: nil, limit: 100)
                #expect(outbox.map(\.draft.template).sorted() == ["status_confirmation", "status_update"])
                #expect(!outbox.contains { $0.draft.text.contains("Dritte Meldung.") })
                // Viewers read the outbox: subscribers' addresses and their links are not in it.
                try await client.execute(uri: "/api/v1/messages", method: .get, headers: fixture.headers(.viewer)) {
                    response in
                    // Parsed, since JSONSerialization writes "/" as "\/".
                    let messages = object(response)["messages"] as? [[String: Any]] ?? []
                    let text = messages.map { "\($0["address"] ?? "") \($0["text"] ?? "")" }.joined(separator: "\n")
                    #expect(messages.count == 2)
                    #expect(!text.contains("praxis.mueller@example.org"))
                    #expect(text.contains("/status/confirm/…") && text.contains("/status/unsubscribe/…"))
                    #expect(!text.contains(String(confirm.dropFirst("/status/confirm/".count))))
                }
                try await client.execute(uri: "/api/v1/status/subscribers", method: .get, headers: fixture.headers(.admin)) {
                    response in
                    let counts = object(response)["subscribers"] as? [String: Int]
                    #expect(counts == ["pending": 1, "confirmed": 0, "unsubscribed": 0])
                }
            }
            try await made.close()
        } catch {
            try? await made.close()
            throw error
        }
    }
}
