import Foundation
import Synchronization
import Testing
import TocsinCore

@testable import TocsinStore

struct InjectedFailure: Error {}

@Suite("Store: alerts and commitProcessing")
struct ProcessingTests {
    @Test("a duplicate alert key is a no-op, not an error", arguments: StoreKind.available)
    func dedup(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let ids = try await store.appendEvents(events(4))
            let first = try await store.commitProcessing(
                upTo: ids[1], alerts: [alert("r1:\(ids[0])", eventID: ids[0]), alert("r1:\(ids[1])", eventID: ids[1])],
                audit: [])
            #expect(first.alertIDs.allSatisfy { $0 != nil } && first.duplicates == 0)
            // Replaying the same events after a restart produces the same keys: nothing new is stored.
            let replay = try await store.commitProcessing(
                upTo: ids[3],
                alerts: [
                    alert("r1:\(ids[1])", eventID: ids[1]), alert("r1:\(ids[2])", eventID: ids[2]),
                    alert("r1:\(ids[2])", eventID: ids[2]),
                ],
                audit: [])
            #expect(replay.alertIDs[0] == nil)
            #expect(replay.alertIDs[1] != nil)
            #expect(replay.alertIDs[2] == nil)
            #expect(replay.duplicates == 2)
            #expect(try await store.count("alerts") == 3)
            let stored = try await store.alerts(after: 0, limit: 10)
            #expect(stored.map(\.alert.dedupKey) == ["r1:\(ids[0])", "r1:\(ids[1])", "r1:\(ids[2])"])
            #expect(stored[0].alert == alert("r1:\(ids[0])", eventID: ids[0]))
            #expect(try await store.alert(dedupKey: "r1:\(ids[2])")?.id == replay.alertIDs[1] ?? -1)
            // One audit entry per commit that stored alerts, naming each alert; none for the duplicates.
            let audit = try await store.auditEntries(after: 0, limit: 10)
            #expect(audit.map(\.action) == ["alerts.stored", "alerts.stored"])
            #expect(audit.map(\.subject) == ["alerts", "alerts"])
            #expect(audit.map { $0.details["count"] } == [.int(2), .int(1)])
            guard case .array(let firstAlerts) = audit[0].details["alerts"] ?? .null,
                case .array(let replayed) = audit[1].details["alerts"] ?? .null
            else {
                Issue.record("alerts.stored entries name their alerts: \(audit)")
                return
            }
            func member(_ value: JSONValue, _ key: String) -> JSONValue? {
                if case .object(let members) = value { members[key] } else { nil }
            }
            #expect(firstAlerts.map { member($0, "dedup_key") } == [.string("r1:\(ids[0])"), .string("r1:\(ids[1])")])
            #expect(firstAlerts.map { member($0, "id") } == [first.alertIDs[0], first.alertIDs[1]].map { .int($0 ?? -1) })
            #expect(member(firstAlerts[0], "event_id") == .int(ids[0]) && member(firstAlerts[0], "rule_id") == .string("rule-r1:\(ids[0])"))
            #expect(replayed.map { member($0, "dedup_key") } == [.string("r1:\(ids[2])")])
            #expect(audit[1].details["first_id"] == .int(replay.alertIDs[1] ?? -1))
        }
    }

    @Test(
        "a failure inside commitProcessing rolls back alerts, cursor and audit together",
        arguments: StoreKind.available,
        [
            "commitProcessing.afterAlerts", "commitProcessing.afterAudit",
            "commitProcessing.beforeCommit",
        ])
    func atomicity(kind: StoreKind, point: String) async throws {
        let armed = Mutex(false)
        let failpoint = Failpoint { name in
            if name == point, armed.withLock({ $0 }) { throw InjectedFailure() }
        }
        try await withFreshStore(kind, failpoint: failpoint) { store, _ in
            let ids = try await store.appendEvents(events(5))
            _ = try await store.commitProcessing(upTo: ids[0], alerts: [alert("k0", eventID: ids[0])], audit: [])
            armed.withLock { $0 = true }
            await #expect(throws: InjectedFailure.self) {
                try await store.commitProcessing(
                    upTo: ids[4], alerts: [alert("k1", eventID: ids[1]), alert("k2", eventID: ids[2])],
                    audit: [AuditDraft(actor: "system:detection", action: "batch.processed", subject: "events")])
            }
            #expect(try await store.processingCursor() == ids[0])
            #expect(try await store.count("alerts") == 1)
            #expect(try await store.count("audit_log") == 1)
            #expect(try await store.verifyAudit().isIntact)
            armed.withLock { $0 = false }
            let retry = try await store.commitProcessing(
                upTo: ids[4], alerts: [alert("k1", eventID: ids[1]), alert("k2", eventID: ids[2])],
                audit: [AuditDraft(actor: "system:detection", action: "batch.processed", subject: "events")])
            #expect(retry.duplicates == 0 && retry.cursor == ids[4])
            // k0's entry, then the retry's: one alerts.stored for both alerts and the caller's entry.
            #expect(try await store.count("audit_log") == 3)
        }
    }
}
