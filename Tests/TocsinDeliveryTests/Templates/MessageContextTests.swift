import Foundation
import Testing
import TocsinCore

@testable import TocsinDelivery

@Suite("Message context")
struct MessageContextTests {
    @Test("The sample has every group, with labels and times in the reader's language")
    func sampleKeys() throws {
        let values = MessageContext.sample().values(for: .de)
        #expect(
            Set(values.keys) == [
                "incident", "organisation", "recipient", "ack", "escalation", "acknowledged", "notice", "example",
            ])
        let incident = try #require(values["incident"] as? [String: Any])
        #expect(
            Set(incident.keys) == [
                "id", "title", "severity", "severity_label", "state", "state_label", "opened_at", "opened_at_iso",
                "hosts", "host_count", "rules", "tactics", "alert_count", "url",
            ])
        #expect(incident["severity"] as? String == "critical")
        #expect(incident["severity_label"] as? String == "kritisch")
        #expect(incident["state"] as? String == "acknowledged")
        #expect(incident["opened_at"] as? String == "02.12.2026, 01:15 Uhr (MEZ, UTC+01:00)")
        #expect(incident["opened_at_iso"] as? String == "2026-12-02T01:15:00+01:00")
        #expect(incident["host_count"] as? Int == 3)
        let organisation = try #require(values["organisation"] as? [String: Any])
        #expect(
            Set(organisation.keys) == [
                "name", "address", "phone", "email", "dpo_name", "dpo_email", "dpo_phone", "security_contact_name",
                "security_contact_phone", "security_contact_email",
            ])
        let escalation = try #require(values["escalation"] as? [String: Any])
        #expect(escalation["tier"] as? Int == 2)
        #expect(escalation["loop"] as? Int == 1)
        let notice = try #require(values["notice"] as? [String: Any])
        #expect(notice["version"] as? String == "1.0")
        #expect(notice["as_of"] as? String == "02.12.2026, 06:30 Uhr (MEZ, UTC+01:00)")
        #expect(notice["awareness_at"] as? String == "02.12.2026, 02:10 Uhr (MEZ, UTC+01:00)")
        #expect(notice["early_warning_due"] as? String == "03.12.2026, 02:10 Uhr (MEZ, UTC+01:00)")
        #expect(notice["notification_due"] as? String == "05.12.2026, 02:10 Uhr (MEZ, UTC+01:00)")
        let english = try #require(MessageContext.sample().values(for: .en)["incident"] as? [String: Any])
        #expect(english["severity_label"] as? String == "critical")
        #expect(english["state_label"] as? String == "being handled")
    }

    @Test("Unknown facts are left out, not empty, so that sections test them")
    func missingFactsAreAbsent() throws {
        var context = MessageContext.minimal()
        context.organisation.phone = "  "
        context.organisation.dpo = .init(name: "Dr. A")
        context.notice = .init(version: "0.1", asOf: date("2026-03-29T02:00:00Z"))
        let values = context.values(for: .en)
        #expect(Set(values.keys) == ["incident", "organisation", "notice"])
        let organisation = try #require(values["organisation"] as? [String: Any])
        #expect(Set(organisation.keys) == ["name", "dpo_name"])
        let notice = try #require(values["notice"] as? [String: Any])
        #expect(Set(notice.keys) == ["version", "as_of"])
        let incident = try #require(values["incident"] as? [String: Any])
        #expect(incident["url"] == nil)
        #expect((incident["hosts"] as? [String])?.isEmpty == true)
    }

    @Test("Severity and state labels", arguments: Level.allCases)
    func labels(level: Level) {
        #expect(!level.label(in: .de).isEmpty)
        #expect(level.label(in: .en) == level.description)
    }
}
