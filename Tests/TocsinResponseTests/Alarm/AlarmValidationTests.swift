import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Alarm: configuration diagnostics")
struct AlarmValidationTests {
    @Test func everyProblemIsReportedWithItsPath() {
        let configuration = AlarmConfiguration(
            contacts: [
                Contact(
                    id: "soc", name: "SOC", roles: [.onCall], language: .de,
                    endpoints: [ContactEndpoint(channel: "mail", address: "a@x")]),
                Contact(id: "soc", name: "SOC 2", roles: [], language: .de, endpoints: []),
                Contact(
                    id: "ciso", name: "CISO", roles: [.management], language: .en,
                    endpoints: [
                        ContactEndpoint(channel: "mail", address: "c@x"),
                        ContactEndpoint(channel: "mail", address: "d@x"),
                        ContactEndpoint(channel: "sms", address: "+49"),
                    ]),
            ],
            policies: [
                EscalationPolicy(
                    name: "day", trigger: AlarmTrigger(minimumSeverity: .high),
                    tiers: [EscalationTier(delay: 300, targets: [.contact("soc")])]),
                EscalationPolicy(name: "night-shift", trigger: AlarmTrigger(), tiers: []),
                EscalationPolicy(
                    name: "late", trigger: AlarmTrigger(minimumSeverity: .critical),
                    tiers: [
                        EscalationTier(delay: -60, targets: [.contact("cisco")]), EscalationTier(delay: 0, targets: []),
                    ],
                    repeats: -1),
                EscalationPolicy(
                    name: "orphan", tiers: [EscalationTier(delay: 60, targets: [.role(.policeCybercrime)])]),
                EscalationPolicy(
                    name: "a:b", trigger: AlarmTrigger(tags: ["x"]),
                    tiers: [EscalationTier(delay: 60, targets: [.role(.onCall)])]),
            ],
            playbooks: [
                Playbook(
                    name: "ransomware", trigger: AlarmTrigger(tags: ["ransomware"]),
                    steps: [
                        .page(policy: "day"),
                        .notify(template: "bsi", targets: [.role(.securityAgency)], approval: .automatic),
                        .page(policy: "nightshift"),
                        .notify(template: "", targets: [], approval: .required),
                    ]),
                Playbook(name: "ransomware", trigger: AlarmTrigger(minimumSeverity: .low), steps: []),
            ])
        let text = configuration.validate(knownChannels: ["mail", "pagerduty"]).map(\.description)
        #expect(
            text == [
                "contacts[soc]: error: duplicate contact id 'soc' [T802]\n  hint: ids must be unique; rename one of them",
                "contacts[soc]: error: contact 'SOC 2' has no endpoints [T804]\n  hint: add an endpoint, e.g. {channel: mail, address: …}",
                "contacts[ciso].endpoints[1]: error: a second endpoint on channel 'mail' [T805]\n  hint: a contact has one endpoint per channel; a shared mailbox is one address",
                "contacts[ciso].endpoints[2]: error: unknown channel 'sms' [T806]\n  hint: configured channels: mail, pagerduty",
                "policies[night-shift].trigger: error: trigger has neither a minimum severity nor tags, so it matches nothing [T814]\n  hint: give minimum_severity, tags or both",
                "policies[night-shift]: error: policy has no tiers [T807]\n  hint: add a tier with a delay and targets",
                "policies[late].repeats: error: negative repeats -1 [T811]\n  hint: 0 pages each tier once; n loops over all tiers n more times",
                "policies[late].tiers[0].delay: error: negative delay -60 s [T808]",
                "policies[late].tiers[0].targets[0]: error: unknown contact 'cisco' [T812]\n  hint: did you mean 'ciso'?",
                "policies[late].tiers[1].delay: warning: delay 0 pages the next step on the next tick [T809]\n  hint: to page people together, put them in one tier",
                "policies[late].tiers[1]: error: tier has no targets [T810]",
                "policies[late].trigger: warning: policies[day] comes first and matches every incident this trigger matches [T821]\n  hint: only the first matching policy starts; move this policy before it or narrow that trigger",
                "policies[orphan].tiers[0].targets[0]: warning: no contact holds role 'police_cybercrime'; this target reaches nobody [T813]\n  hint: give a contact the role, or remove the target",
                "policies[orphan]: warning: policy has no trigger and no playbook pages it; it never starts [T820]",
                "policies[a:b]: error: policy name 'a:b' contains ':' or '|' [T803]\n  hint: idempotency keys use ':' and '|' as separators; use letters, digits, '-' or '_'",
                "playbooks[ransomware].steps[1].targets[0]: warning: no contact holds role 'security_agency'; this target reaches nobody [T813]\n  hint: give a contact the role, or remove the target",
                "playbooks[ransomware].steps[1]: warning: a notice to an authority or a customer goes out without approval [T819]\n  hint: set approval: required to have a responder review the draft first",
                "playbooks[ransomware].steps[2]: error: unknown escalation policy 'nightshift' [T815]\n  hint: did you mean 'night-shift'?",
                "playbooks[ransomware].steps[3]: error: notice has no template [T817]",
                "playbooks[ransomware].steps[3]: error: notice has no targets [T818]",
                "playbooks[ransomware]: error: duplicate playbook name 'ransomware' [T802]\n  hint: names must be unique; rename one of them",
                "playbooks[ransomware]: warning: playbook has no steps [T816]",
            ])
    }

    @Test func thePlannerRefusesErrorsAndKeepsWarnings() throws {
        let broken = AlarmConfiguration(
            contacts: [],
            policies: [EscalationPolicy(name: "p", trigger: AlarmTrigger(minimumSeverity: .high), tiers: [])])
        #expect(throws: AlarmConfigurationError.self) { try AlarmPlanner(broken) }
        do {
            _ = try AlarmPlanner(broken)
        } catch {
            #expect(error.code == "T800")
            #expect(
                error.description == """
                    the alarm configuration has 1 error [T800]
                    policies[p]: error: policy has no tiers [T807]
                      hint: add a tier with a delay and targets
                    """)
        }
        let planner = try AlarmPlanner(contacts: sampleContacts, policies: samplePolicies, playbooks: samplePlaybooks)
        #expect(
            planner.warnings.map(\.description) == [
                "policies[retainer].tiers[0].targets[0]: warning: no contact holds role 'incident_response_retainer'; this target reaches nobody [T813]\n  hint: give a contact the role, or remove the target"
            ])
    }

    @Test func unnamedItemsAreLocatedByIndex() {
        let configuration = AlarmConfiguration(contacts: [
            Contact(id: "", name: "Nobody", roles: [], language: .de, endpoints: [ContactEndpoint(channel: "mail")])
        ])
        #expect(configuration.validate().map(\.description) == ["contacts[0]: error: contact has no id [T801]"])
    }

    @Test func aDiagnosticTakesALocationFromTheLoader() {
        let diagnostic = AlarmDiagnostic(
            .error, code: "T815", at: "playbooks[x].steps[0]", "unknown escalation policy 'y'")
        #expect(
            diagnostic.diagnostic(at: SourceLocation(file: "tocsin.yml", line: 40, column: 9)).description
                == "tocsin.yml:40:9: error: unknown escalation policy 'y' [T815]")
        #expect(
            diagnostic.diagnostic(at: nil).description
                == "error: playbooks[x].steps[0]: unknown escalation policy 'y' [T815]")
    }
}
