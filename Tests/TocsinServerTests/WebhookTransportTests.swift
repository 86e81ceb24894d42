import Foundation
import Synchronization
import Testing

import TocsinDelivery

@Suite("Delivery: webhooks against a real HTTP receiver")
struct WebhookTransportTests {
    static let facts = WebhookFacts(
        action: .trigger, idempotencyKey: "escalation:7:critical:0:0:0|anna|hook", incidentID: 7,
        incidentTitle: "Verschlüsselung auf pvs01", severity: "critical", hosts: ["pvs01", "dc02"],
        tags: ["attack.impact"], openedAt: Date(timeIntervalSince1970: 1_800_000_000),
        subject: "[Tocsin] Kritisch: Verschlüsselung auf pvs01", text: "Bitte bestätigen.", contact: "anna",
        template: "page", incidentURL: "https://tocsin.example/incidents/7",
        acknowledgeURL: "https://tocsin.example/ack/abc")

    @Test("the generic shape arrives with its idempotency key and a signature the receiver can check")
    func generic() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let secret = WebhookSecret("s3cret")
            let transport = WebhookTransport(
                WebhookConfiguration(url: url, signingSecret: secret),
                clock: { Date(timeIntervalSince1970: 1_800_000_100) })
            let receipt = try await transport.send(
                body: WebhookBody.generic(Self.facts), idempotencyKey: Self.facts.idempotencyKey)
            #expect(receipt == #"202 Accepted: {"status":"202"}"#)
        }
        let request = try #require(receiver.received.first)
        #expect(receiver.received.count == 1)
        #expect(request.headers["idempotency-key"] == Self.facts.idempotencyKey)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-tocsin-timestamp"] == "1800000100")
        let expected = WebhookTransport.signature(
            Array(request.body.utf8), timestamp: "1800000100", secret: WebhookSecret("s3cret"))
        #expect(request.headers["x-tocsin-signature"] == "sha256=" + expected)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "tocsin.trigger")
        #expect((object["incident"] as? [String: Any])?["title"] as? String == "Verschlüsselung auf pvs01")
        #expect((object["message"] as? [String: Any])?["subject"] as? String == Self.facts.subject)
        #expect(object["acknowledge_url"] as? String == "https://tocsin.example/ack/abc")
    }

    @Test("the PagerDuty Events v2 shape carries the routing key, which is never stored")
    func pagerDuty() async throws {
        let receiver = WebhookReceiver()
        let stored = WebhookBody.pagerDuty(Self.facts)
        #expect(!stored.contains("routing_key"))
        try await receiver.run { url in
            let transport = WebhookTransport(
                WebhookConfiguration(url: url, shape: .pagerDuty(routingKey: WebhookSecret("R0UT1NG"))))
            _ = try await transport.send(body: stored, idempotencyKey: "k")
            #expect("\(transport.configuration)".contains("R0UT1NG") == false)
        }
        let request = try #require(receiver.received.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(object["routing_key"] as? String == "R0UT1NG")
        #expect(object["event_action"] as? String == "trigger")
        #expect(object["dedup_key"] as? String == "tocsin-incident-7")
        let payload = try #require(object["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical")
        #expect(payload["source"] as? String == "pvs01")
        #expect(payload["summary"] as? String == Self.facts.subject)
        #expect(payload["timestamp"] as? String == "2027-01-15T08:00:00Z")
        // Acknowledging carries no payload, only the dedup key, as the Events API asks.
        var acknowledge = Self.facts
        acknowledge.action = .acknowledge
        let ack = try #require(
            try JSONSerialization.jsonObject(with: Data(WebhookBody.pagerDuty(acknowledge).utf8)) as? [String: Any])
        #expect(ack["payload"] == nil)
        #expect(ack["event_action"] as? String == "acknowledge")
    }

    @Test(
        "answers map to delivered, transient or permanent",
        arguments: [(202, nil), (200, nil), (429, DeliveryError.Kind.transient), (503, .transient), (408, .transient),
                    (400, .permanent), (404, .permanent)] as [(Int, DeliveryError.Kind?)])
    func statuses(status: Int, kind: DeliveryError.Kind?) async throws {
        let receiver = WebhookReceiver()
        receiver.script([status])
        try await receiver.run { url in
            let transport = WebhookTransport(WebhookConfiguration(url: url))
            do {
                _ = try await transport.send(body: "{}", idempotencyKey: "k")
                #expect(kind == nil)
            } catch let error as DeliveryError {
                #expect(error.kind == kind)
                #expect(error.message.contains("\(status)"))
            }
        }
        #expect(receiver.received.count == 1)
    }

    @Test("a receiver that is down, or slower than the timeout, is a transient failure")
    func downAndSlow() async throws {
        // A port nobody listens on: bind one, learn it, and close it again.
        let receiver = WebhookReceiver()
        let closedURL = Mutex<URL?>(nil)
        try await receiver.run { url in closedURL.withLock { $0 = url } }
        let down = WebhookTransport(
            WebhookConfiguration(url: try #require(closedURL.withLock { $0 }), timeout: .seconds(2)))
        await #expect { try await down.send(body: "{}", idempotencyKey: "k") } throws: { error in
            (error as? DeliveryError)?.kind == .transient && (error as? DeliveryError)?.code == "T740"
        }
        let slow = WebhookReceiver()
        slow.script([202], delay: .seconds(3))
        try await slow.run { url in
            let transport = WebhookTransport(WebhookConfiguration(url: url, timeout: .milliseconds(300)))
            // The client's deadline (0.3 s) ends the request long before the receiver's 3 s answer: a timeout, not
            // the answer, is what arrives.
            await #expect { try await transport.send(body: "{}", idempotencyKey: "k") } throws: { error in
                (error as? DeliveryError)?.kind == .transient && (error as? DeliveryError)?.code == "T740"
            }
        }
    }

    @Test("the URL's user, password and query never appear in an error")
    func redaction() async throws {
        let url = try #require(URL(string: "http://user:pw@127.0.0.1:1/hook?token=SECRET"))
        let transport = WebhookTransport(WebhookConfiguration(url: url, timeout: .seconds(1)))
        do {
            _ = try await transport.send(body: "{}", idempotencyKey: "k")
            Issue.record("port 1 answered")
        } catch let error as DeliveryError {
            #expect(!error.message.contains("SECRET"))
            #expect(!error.message.contains("pw"))
            #expect(error.message.contains("127.0.0.1:1/hook"))
        }
    }
}
