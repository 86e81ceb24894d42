import Foundation
import Testing
import TocsinCore

@testable import TocsinResponse

@Suite("Alarm: planner")
struct AlarmPlannerTests {
    let planner: AlarmPlanner

    init() throws {
        planner = try AlarmPlanner(contacts: sampleContacts, policies: samplePolicies, playbooks: samplePlaybooks)
    }

    @Test func onlyTheFirstMatchingPolicyStarts() {
        let plan = planner.plan(for: sampleIncident(severity: .critical), running: [], fired: [], at: minute(0))
        #expect(plan.started.map(\.policyName) == ["critical"])
        #expect(plan.firedPlaybooks == [])
        // Tier 0 of "critical" pages the on_call role: soc (two endpoints) and ciso.
        #expect(
            plan.messages.map(\.key) == [
                "escalation:INC-000042:critical:0:0:0|soc|pagerduty",
                "escalation:INC-000042:critical:0:0:0|soc|mail",
                "escalation:INC-000042:critical:0:0:0|ciso|mail",
            ])
        #expect(
            plan.messages.allSatisfy { $0.template == "page" && $0.approval == .automatic && $0.escalationTier == 0 })

        let high = planner.plan(for: sampleIncident(severity: .high), running: [], fired: [], at: minute(0))
        #expect(high.started.map(\.policyName) == ["day"])
        #expect(planner.plan(for: sampleIncident(severity: .medium), running: [], fired: [], at: minute(0)).isEmpty)
    }

    @Test func noPolicyStartsWhileAnEscalationRuns() {
        let plan = planner.plan(for: sampleIncident(severity: .critical), running: ["day"], fired: [], at: minute(0))
        #expect(plan.isEmpty)
    }

    @Test func aPlaybookRunsOnceStartingItsPolicyAndDecidingNotices() throws {
        let incident = sampleIncident(severity: .high, tags: ["ransomware"])
        let plan = planner.plan(for: incident, running: [], fired: [], at: minute(0))
        #expect(plan.started.map(\.policyName) == ["day", "retainer"])
        #expect(plan.firedPlaybooks == ["ransomware"])
        #expect(
            plan.messages.map(\.key) == [
                "escalation:INC-000042:day:0:0:0|soc|pagerduty",
                "escalation:INC-000042:day:0:0:0|soc|mail",
                // The retainer role has no contact (a warning); ciso is reached directly.
                "escalation:INC-000042:retainer:0:0:0|ciso|mail",
                "playbook:ransomware:INC-000042:1|bsi|mail",
                // management (ciso, ceo), then ciso again (dropped), then the DPO.
                "playbook:ransomware:INC-000042:2|ciso|mail",
                "playbook:ransomware:INC-000042:2|ceo|mail",
                "playbook:ransomware:INC-000042:2|dpo|mail",
            ])
        let notice = try #require(plan.messages.first { $0.contactID == "bsi" })
        #expect(notice.approval == .required)
        #expect(notice.template == "bsi-early-warning")
        #expect(notice.cause == "playbook:ransomware:INC-000042:1")
        #expect(notice.escalationTier == nil && notice.escalationLoop == nil)
        #expect(plan.messages.first { $0.contactID == "ceo" }?.language == .en)
        #expect(plan.messages.first { $0.contactID == "ceo" }?.approval == .automatic)

        let again = planner.plan(for: incident, running: ["day", "retainer"], fired: ["ransomware"], at: minute(1))
        #expect(again.isEmpty)
    }

    @Test func aPlaybookDoesNotRestartARunningPolicy() {
        let plan = planner.plan(
            for: sampleIncident(severity: .low, tags: ["Ransomware"]), running: ["retainer"], fired: [], at: minute(0))
        #expect(plan.started.isEmpty)
        #expect(plan.firedPlaybooks == ["ransomware"])
        #expect(plan.messages.allSatisfy { $0.cause.hasPrefix("playbook:") })
    }

    @Test func replanningGivesTheSameKeys() {
        let incident = sampleIncident(severity: .critical, tags: ["ransomware"])
        let first = planner.plan(for: incident, running: [], fired: [], at: minute(0))
        let replay = planner.plan(for: incident, running: [], fired: [], at: minute(3))
        #expect(first.messages.map(\.key) == replay.messages.map(\.key))
        #expect(Set(first.messages.map(\.key)).count == first.messages.count)
    }

    @Test(arguments: [IncidentState.resolved, .closed])
    func stoppedIncidentsGetNoPlan(_ state: IncidentState) {
        #expect(
            planner.plan(
                for: sampleIncident(severity: .critical, state: state, tags: ["ransomware"]), running: [], fired: [],
                at: minute(0)
            ).isEmpty)
    }

    @Test func pagesResolveRolesInConfigurationOrderWithoutDuplicates() {
        let page = EscalationPage(
            incidentID: "INC-000042", policy: "x", generation: 0, loop: 1, tier: 2,
            targets: [.role(.management), .contact("ciso"), .role(.onCall), .contact("gone")], time: minute(0))
        let messages = planner.messages(for: page, incident: sampleIncident())
        #expect(
            messages.map { "\($0.contactID)/\($0.endpoint.channel)" } == [
                "ciso/mail", "ceo/mail", "soc/pagerduty", "soc/mail",
            ])
        #expect(messages.allSatisfy { $0.escalationLoop == 1 && $0.escalationTier == 2 })
        #expect(messages.first?.endpoint.address == "a.berger@example.de")
    }

    @Test func escalationPagesBecomeMessages() {
        var (escalation, _) = Escalation.start(policy: samplePolicies[0], incidentID: "INC-000042", at: minute(0))
        guard case .page(let page) = escalation.handle(.tick, at: minute(5)).first else {
            Issue.record("expected tier 1")
            return
        }
        let messages = planner.messages(for: page, incident: sampleIncident())
        #expect(
            messages.map(\.key) == [
                "escalation:INC-000042:critical:0:0:1|ciso|mail", "escalation:INC-000042:critical:0:0:1|ceo|mail",
            ])
    }

    @Test func noticesToAuthoritiesNeedApprovalByDefault() {
        #expect(Approval.default(for: [.role(.securityAgency)], contacts: []) == .required)
        #expect(Approval.default(for: [.contact("bsi")], contacts: sampleContacts) == .required)
        #expect(Approval.default(for: [.role(.customer)], contacts: []) == .required)
        #expect(Approval.default(for: [.role(.management), .contact("dpo")], contacts: sampleContacts) == .automatic)
    }
}
