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
            // One audit entry per stored alert, none for the duplicates.
            let audit = try await store.auditEntries(after: 0, limit: 10)
            #expect(audit.map(\.action) == ["alert.stored", "alert.stored", "alert.stored"])
            #expect(audit[0].subject == "alert:\(first.alertIDs[0] ?? -1)")
            #expect(audit[0].details["dedup_key"] == .string("r1:\(ids[0])"))
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
            #expect(try await store.count("audit_log") == 4)
        }
    }
}
