import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: the alarm chain's outbox, escalations and playbook runs")
struct AlarmStoreTests {
    static func draft(_ key: String, incident: Int64?, status: OutboxStatus = .pending) -> OutboxDraft {
        OutboxDraft(
            idempotencyKey: key, incidentID: incident, cause: "playbook:ransomware:\(incident ?? 0):0",
            contact: "oncall-anna", channel: "mail", address: "anna@example.org", language: "de", template: "page",
            subject: "Vorfall – Verschlüsselung", text: "Text mit Umlauten: äöü", html: "<p>äöü</p>",
            payload: #"{"severity":"critical"}"#, status: status)
    }

    static func incident(_ store: SQLStore) async throws -> Int64 {
        try await store.upsertIncident(
            IncidentDraft(id: nil, title: "Ransomware", severity: .critical, state: "new", host: "pvs01", tags: []),
            actor: "tocsin"
        ).id
    }

    @Test("a decision is written once: replaying it writes no message, run or escalation twice", arguments: StoreKind.available)
    func idempotent(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let incident = try await Self.incident(store)
            let write = AlarmWrite(
                incidentID: incident, playbooks: ["ransomware"],
                escalations: [
                    EscalationRecord(
                        id: nil, incidentID: incident, policy: "critical", state: #"{"tier":0}"#, status: "active",
                        nextDue: time(300))
                ],
                messages: [Self.draft("a|anna|mail", incident: incident), Self.draft("b|dpo|mail", incident: incident)])
            let first = try await store.recordAlarm(write, actor: "tocsin")
            #expect(first.messageIDs.count == 2)
            #expect(first.duplicates == 0)
            let again = try await store.recordAlarm(write, actor: "tocsin")
            #expect(again.messageIDs.isEmpty)
            #expect(again.duplicates == 2)
            let state = try await store.alarmState(incidentID: incident)
            #expect(state.playbooks == ["ransomware"])
            #expect(state.escalations.count == 1)
            #expect(state.escalations.first?.state == #"{"tier":0}"#)
            let messages = try await store.messages(incidentID: incident, status: nil, limit: 10)
            #expect(messages.map(\.draft.idempotencyKey) == ["b|dpo|mail", "a|anna|mail"])
            #expect(messages.first?.draft.text == "Text mit Umlauten: äöü")
            // One entry per message written and one per playbook run, not per replay; the chain holds.
            let actions = try await store.auditEntries(after: 0, limit: 100).map(\.action)
            #expect(actions.filter { $0 == "message.queued" }.count == 2)
            #expect(actions.filter { $0 == "playbook.ran" }.count == 1)
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

    @Test("due messages, a failed attempt retried later, a permanent failure dead, delivery recorded", arguments: StoreKind.available)
    func delivery(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            let incident = try await Self.incident(store)
            let ids = try await store.recordAlarm(
                AlarmWrite(
                    incidentID: incident,
                    messages: [
                        Self.draft("one", incident: incident), Self.draft("two", incident: incident),
                        Self.draft("draft", incident: incident, status: .awaitingApproval),
                    ]), actor: "tocsin"
            ).messageIDs
            #expect(try await store.dueMessages(at: clock.now, limit: 10).map(\.id) == [ids[0], ids[1]])
            #expect(try await store.nextMessageAttempt() == clock.now)
            let retryAt = clock.now.addingTimeInterval(30)
            let failed = try await store.recordDelivery(
                id: ids[0], result: .failed(error: "421 try later", retryAt: retryAt), actor: "tocsin")
            #expect(failed.status == .retrying)
            #expect(failed.attempts == 1)
            #expect(failed.lastError == "421 try later")
            let delivered = try await store.recordDelivery(
                id: ids[1], result: .delivered(detail: "250 queued"), actor: "tocsin")
            #expect(delivered.status == .delivered)
            #expect(delivered.deliveryDetail == "250 queued")
            #expect(delivered.deliveredAt == clock.now)
            // Nothing due until the retry time; then the first again.
            #expect(try await store.dueMessages(at: clock.now, limit: 10).isEmpty)
            #expect(try await store.nextMessageAttempt() == retryAt)
            #expect(try await store.dueMessages(at: retryAt, limit: 10).map(\.id) == [ids[0]])
            let dead = try await store.recordDelivery(
                id: ids[0], result: .failed(error: "550 no such user", retryAt: nil), actor: "tocsin")
            #expect(dead.status == .dead)
            #expect(dead.attempts == 2)
            #expect(dead.nextAttemptAt == nil)
            // A late result for a message no longer due changes nothing.
            let late = try await store.recordDelivery(id: ids[1], result: .failed(error: "x", retryAt: nil), actor: "t")
            #expect(late.status == .delivered)
            #expect(try await store.nextMessageAttempt() == nil)
            let actions = try await store.auditEntries(after: 0, limit: 100).map(\.action)
            #expect(actions.suffix(3) == ["message.failed", "message.delivered", "message.dead"])
        }
    }

    @Test("a draft waits for approval; approved it is due, discarded it never is; deciding twice is a conflict", arguments: StoreKind.available)
    func approval(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let incident = try await Self.incident(store)
            let ids = try await store.recordAlarm(
                AlarmWrite(
                    incidentID: incident,
                    messages: [
                        Self.draft("bsi", incident: incident, status: .awaitingApproval),
                        Self.draft("dpa", incident: incident, status: .awaitingApproval),
                    ]), actor: "tocsin"
            ).messageIDs
            #expect(try await store.dueMessages(at: time(1_000_000), limit: 10).isEmpty)
            #expect(try await store.messages(incidentID: nil, status: .awaitingApproval, limit: 10).count == 2)
            let approved = try await store.decideDraft(id: ids[0], approve: true, actor: "anna")
            #expect(approved.status == .pending)
            #expect(approved.approvedBy == "anna")
            let discarded = try await store.decideDraft(id: ids[1], approve: false, actor: "anna")
            #expect(discarded.status == .discarded)
            #expect(try await store.dueMessages(at: time(1_000_000), limit: 10).map(\.id) == [ids[0]])
            await #expect(throws: StoreError.self) { try await store.decideDraft(id: ids[0], approve: true, actor: "b") }
            await #expect(throws: StoreError.self) { try await store.decideDraft(id: 999, approve: true, actor: "b") }
        }
    }

    @Test("escalations: due ones by time, replaced by id, one per incident and policy", arguments: StoreKind.available)
    func escalations(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let incident = try await Self.incident(store)
            let other = try await Self.incident(store)
            _ = try await store.recordAlarm(
                AlarmWrite(
                    incidentID: incident,
                    escalations: [
                        EscalationRecord(
                            id: nil, incidentID: incident, policy: "p", state: "1", status: "active",
                            nextDue: time(600))
                    ]), actor: "tocsin")
            _ = try await store.recordAlarm(
                AlarmWrite(
                    incidentID: other,
                    escalations: [
                        EscalationRecord(
                            id: nil, incidentID: other, policy: "p", state: "2", status: "active", nextDue: time(60))
                    ]), actor: "tocsin")
            #expect(try await store.dueEscalations(at: time(59), limit: 10).isEmpty)
            let due = try await store.dueEscalations(at: time(600), limit: 10)
            #expect(due.map(\.state) == ["2", "1"])
            var acknowledged = due[0]
            acknowledged.state = "2-ack"
            acknowledged.status = "acknowledged"
            acknowledged.nextDue = nil
            _ = try await store.recordAlarm(AlarmWrite(incidentID: other, escalations: [acknowledged]), actor: "anna")
            #expect(try await store.dueEscalations(at: time(10_000), limit: 10).map(\.state) == ["1"])
            #expect(try await store.alarmState(incidentID: other).escalations.map(\.status) == ["acknowledged"])
            var missing = acknowledged
            missing.id = 12345
            await #expect(throws: StoreError.self) {
                try await store.recordAlarm(AlarmWrite(incidentID: other, escalations: [missing]), actor: "anna")
            }
        }
    }
}
