import Foundation
import Testing
import TocsinCore
import TocsinResponse

import TocsinDelivery

@testable import TocsinServer

@Suite("Server configuration: the alarm chain")
struct AlarmConfigurationTests {
    /// The template's commented alarm example, uncommented: it must parse and validate, so it cannot drift.
    @Test func theTemplatesAlarmExampleIsValid() throws {
        let template = ServerConfiguration.template
        let start = try #require(template.range(of: "# ---- The alarm chain"))
        let body = template[start.upperBound...].drop { $0 != "\n" }
        let example = body.split(separator: "\n", omittingEmptySubsequences: false).map {
            line -> String in
            let text = String(line)
            guard text.hasPrefix("# ") else { return text }
            let rest = text.dropFirst(2)
            let isYAML = rest.hasPrefix("  ") || rest.range(of: #"^[a-z_]+:( |$)"#, options: .regularExpression) != nil
            return isYAML ? String(rest) : text
        }.joined(separator: "\n")
        let configuration = try ServerConfiguration.parse(example, file: "tocsin.yaml")
        let alarm = configuration.alarm
        // The continuity and status page example that follows it.
        #expect(configuration.continuity.cataloguePath == "catalogue.yaml")
        #expect(configuration.continuity.organisation == LocalizedText(de: "Praxis-IT GmbH", en: "Praxis-IT Ltd"))
        #expect(configuration.continuity.contactLines.count == 1)
        #expect(configuration.continuity.subscriptionChannel == "mail")
        #expect(configuration.continuity.refreshInterval == 5)
        #expect(configuration.continuity.exportFolder == "/var/www/status")
        #expect(alarm.organisation.name == "Praxis-IT GmbH")
        #expect(alarm.organisation.dpoEmail == "dsb@praxis-it.example")
        #expect(alarm.publicURL == "https://tocsin.praxis-it.example")
        #expect(alarm.channels.map(\.name) == ["mail", "pager", "hook", "outbox"])
        #expect(
            alarm.channel(named: "mail")?.kind
                == .smtp(
                    SMTPSettings(
                        host: "mail.praxis-it.example", port: 587, security: "starttls", username: "tocsin",
                        passwordVariable: "TOCSIN_SMTP_PASSWORD")))
        #expect(
            alarm.channel(named: "pager")?.kind
                == .pagerDuty(url: "https://events.pagerduty.com/v2/enqueue", routingKeyVariable: "TOCSIN_PAGERDUTY_KEY"))
        #expect(alarm.configuration.contacts.count == 7)
        #expect(
            alarm.configuration.contacts[0].endpoints
                == [ContactEndpoint(channel: "mail", address: "anna@praxis-it.example"), ContactEndpoint(channel: "pager")])
        #expect(alarm.configuration.policies.first?.tiers.map(\.delay) == [300, 600])
        #expect(alarm.configuration.policies.first?.repeats == 1)
        let steps = try #require(alarm.configuration.playbooks.first?.steps)
        #expect(steps.first == .page(policy: "critical"))
        // Notices to the police and the BSI wait for a click; the briefing goes at once.
        #expect(steps[1] == .notify(template: "management_briefing", targets: [.role(.management)], approval: .automatic))
        #expect(steps[5] == .notify(template: "bsi_early_warning", targets: [.role(.securityAgency)], approval: .required))
        // The planner accepts it, and every template it names exists.
        _ = try AlarmPlanner(alarm.configuration, knownChannels: Set(alarm.channels.map(\.name)))
        let used = AlarmChain.templatesUsed(by: alarm.configuration)
        #expect(used.isSubset(of: Set(try TocsinDelivery.MessageTemplates().names)))
    }

    @Test(
        "mistakes name their line and field",
        arguments: [
            (
                "channels:\n  mail: {type: smtp, host: m, security: plain, from: a@b.c}\n",
                "tocsin.yaml:2:41: 'channels.mail.security' must be starttls, tls or none [T600]"
            ),
            (
                "channels:\n  mail: {type: smtp, host: m}\n",
                "tocsin.yaml:2:9: 'channels.mail.from' is required for e-mail: the sender, e.g. Tocsin <tocsin@example.org> [T600]"
            ),
            (
                "channels:\n  hook: {type: webhook, url: ftp://x}\n",
                "tocsin.yaml:2:30: 'channels.hook.url' must be an http:// or https:// URL [T600]"
            ),
            (
                "contacts:\n  - {id: a, roles: [on_cal], email: a@b.c}\n",
                "tocsin.yaml:2:21: 'contacts[a].roles' has an unknown role 'on_cal' [T600]"
            ),
            (
                "channels:\n  mail: {type: file, directory: d, from: a@b.c}\ncontacts:\n  - {id: a, email: a@b.c}\n"
                    + "playbooks:\n  - name: p\n    trigger: {minimum_severity: high}\n    steps:\n      - {page: nightshift}\n",
                "tocsin.yaml:9:0: 'playbooks[p].steps[0]' unknown escalation policy 'nightshift' [T815] [T600]"
            ),
        ])
    func mistakes(yaml: String, expected: String) throws {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse(yaml, file: "tocsin.yaml") }
        do {
            _ = try ServerConfiguration.parse(yaml, file: "tocsin.yaml")
        } catch {
            #expect(error.description.split(separator: "\n").first.map(String.init) == expected)
        }
    }
}
