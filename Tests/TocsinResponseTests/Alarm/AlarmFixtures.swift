import Foundation
import TocsinCore

@testable import TocsinResponse

/// The alarm tests' manual clock: minutes past a fixed start.
let alarmEpoch = Date(timeIntervalSince1970: 1_795_161_600)

func minute(_ value: Double) -> Date { alarmEpoch.addingTimeInterval(value * 60) }

/// A two-tier policy: on call, then the CISO ten minutes later; each tier's delay in minutes.
func dayPolicy(delays: [Double] = [5, 10], repeats: Int = 1, trigger: AlarmTrigger? = nil) -> EscalationPolicy {
    let targets: [[AlarmTarget]] = [[.role(.onCall)], [.contact("ciso")], [.role(.management)]]
    return EscalationPolicy(
        name: "day", trigger: trigger,
        tiers: delays.enumerated().map { EscalationTier(delay: $1 * 60, targets: targets[$0 % targets.count]) },
        repeats: repeats)
}

func sampleIncident(
    severity: Level = .high, state: IncidentState = .new, tags: Set<String> = []
) -> AlarmIncident {
    AlarmIncident(
        id: "INC-000042", title: "Ransomware on FS01", severity: severity, state: state, tags: tags, hosts: ["FS01"])
}

let sampleContacts: [Contact] = [
    Contact(
        id: "soc", name: "SOC on call", roles: [.onCall], language: .de,
        endpoints: [ContactEndpoint(channel: "pagerduty"), ContactEndpoint(channel: "mail", address: "soc@example.de")]),
    Contact(
        id: "ciso", name: "Anna Berger", roles: [.management, .onCall], language: .de,
        endpoints: [ContactEndpoint(channel: "mail", address: "a.berger@example.de")]),
    Contact(
        id: "ceo", name: "Jan Koch", roles: [.management], language: .en,
        endpoints: [ContactEndpoint(channel: "mail", address: "j.koch@example.de")]),
    Contact(
        id: "bsi", name: "Meldestelle", organisation: "BSI/BBK", roles: [.securityAgency], language: .de,
        endpoints: [ContactEndpoint(channel: "mail", address: "meldestelle@example.bund.de")]),
    Contact(
        id: "dpo", name: "Datenschutz", roles: [.dataProtectionOfficer], language: .de,
        endpoints: [ContactEndpoint(channel: "mail", address: "dsb@example.de")]),
]

let samplePolicies: [EscalationPolicy] = [
    EscalationPolicy(
        name: "critical", trigger: AlarmTrigger(minimumSeverity: .critical),
        tiers: [
            EscalationTier(delay: 300, targets: [.role(.onCall)]),
            EscalationTier(delay: 600, targets: [.role(.management)]),
        ],
        repeats: 2),
    EscalationPolicy(
        name: "day", trigger: AlarmTrigger(minimumSeverity: .high),
        tiers: [EscalationTier(delay: 900, targets: [.contact("soc")])]),
    EscalationPolicy(
        name: "retainer",
        tiers: [EscalationTier(delay: 1800, targets: [.role(.incidentResponseRetainer), .contact("ciso")])]),
]

let samplePlaybooks: [Playbook] = [
    Playbook(
        name: "ransomware", trigger: AlarmTrigger(tags: ["ransomware"]),
        steps: [
            .page(policy: "retainer"),
            .notify(template: "bsi-early-warning", targets: [.role(.securityAgency)], approval: .required),
            .notify(
                template: "internal-brief",
                targets: [.role(.management), .contact("ciso"), .role(.dataProtectionOfficer)], approval: .automatic),
        ])
]
