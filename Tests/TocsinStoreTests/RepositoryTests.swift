import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: incidents, suppressions, users and tokens")
struct RepositoryTests {
    @Test(
        "a filing of more alerts than one IN list holds links them all; an unknown one among them refuses it all",
        arguments: StoreKind.available)
    func largeFiling(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let ids = try await store.appendEvents(events(1_234))
            let commit = try await store.commitProcessing(
                upTo: ids[ids.count - 1], alerts: ids.map { alert("big\($0)", eventID: $0) }, audit: [])
            let alertIDs = commit.alertIDs.compactMap { $0 }
            #expect(alertIDs.count == 1_234)
            let draft = IncidentDraft(title: "Many alerts on ws-9", severity: .high, host: "ws-9")
            await #expect(throws: StoreError.self) {
                try await store.fileAlerts(
                    [IncidentFiling(draft: draft, alertIDs: alertIDs + [alertIDs[alertIDs.count - 1] + 1_000])],
                    upTo: alertIDs[alertIDs.count - 1], actor: "tocsin")
            }
            #expect(try await store.incidents(state: nil, limit: 10).isEmpty)
            #expect(try await store.filingCursor() == 0)
            let filed = try await store.fileAlerts(
                [IncidentFiling(draft: draft, alertIDs: alertIDs)], upTo: alertIDs[alertIDs.count - 1], actor: "tocsin")
            let incident = try #require(try await store.incident(id: filed[0]))
            #expect(incident.alertIDs == alertIDs)
            #expect(try await store.filingCursor() == alertIDs[alertIDs.count - 1])
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the audit chain is broken after a large filing")
                return
            }
        }
    }

    @Test("incidents are created, changed, linked to alerts and listed", arguments: StoreKind.available)
    func incidents(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            let ids = try await store.appendEvents(events(3))
            let commit = try await store.commitProcessing(
                upTo: ids[2], alerts: [alert("a1", eventID: ids[0]), alert("a2", eventID: ids[1])], audit: [])
            let alertIDs = commit.alertIDs.compactMap { $0 }

            let created = try await store.upsertIncident(
                IncidentDraft(
                    title: "Shadow copies deleted on ws-17", severity: .high, host: "ws-17", tags: ["impact"]),
                actor: "system:grouping")
            #expect(created.state == "new" && created.openedAt == clock.now && created.alertIDs.isEmpty)
            #expect(try await store.attach(alert: alertIDs[1], to: created.id, actor: "system:grouping"))
            #expect(try await store.attach(alert: alertIDs[0], to: created.id, actor: "system:grouping"))
            #expect(try await !store.attach(alert: alertIDs[0], to: created.id, actor: "system:grouping"))
            await #expect(throws: StoreError.self) { try await store.attach(alert: 999, to: created.id, actor: "x") }
            await #expect(throws: StoreError.self) { try await store.attach(alert: alertIDs[0], to: 999, actor: "x") }

            clock.advance(60)
            var draft = try #require(try await store.incident(id: created.id)).draft
            draft.state = "acknowledged"
            draft.severity = .critical
            draft.tags.append("T1490")
            let changed = try await store.upsertIncident(draft, actor: "alice")
            #expect(changed.state == "acknowledged" && changed.severity == .critical)
            #expect(changed.tags == ["impact", "T1490"])
            #expect(changed.alertIDs == alertIDs.sorted())
            #expect(changed.openedAt == created.openedAt && changed.updatedAt == clock.now)
            // Writing the same values again changes nothing and records nothing.
            let before = try await store.count("audit_log")
            #expect(try await store.upsertIncident(changed.draft, actor: "alice") == changed)
            #expect(try await store.count("audit_log") == before)

            let other = try await store.upsertIncident(
                IncidentDraft(title: "Encoded PowerShell", severity: .medium, openedAt: time(5)),
                actor: "system:grouping")
            #expect(try await store.incidents(state: nil, limit: 10).map(\.id) == [other.id, changed.id])
            #expect(try await store.incidents(state: "acknowledged", limit: 10) == [changed])
            #expect(try await store.incidents(state: "closed", limit: 10).isEmpty)
            #expect(try await store.incident(id: 12_345) == nil)
            await #expect(throws: StoreError.self) {
                try await store.upsertIncident(IncidentDraft(id: 12_345, title: "x", severity: .low), actor: "alice")
            }

            let audit = try await store.auditEntries(after: 0, limit: 100)
            #expect(
                audit.map(\.action) == [
                    "alerts.stored", "incident.created", "incident.alerts_attached", "incident.alerts_attached",
                    "incident.updated", "incident.created",
                ])
            let update = try #require(audit.first { $0.action == "incident.updated" })
            #expect(update.actor == "alice" && update.subject == "incident:\(created.id)")
            #expect(update.details["state"] == ["from": "new", "to": "acknowledged"])
            #expect(update.details["title"] == nil)
        }
    }

    @Test("a batch of alerts is filed into incidents in one call, behind its own cursor", arguments: StoreKind.available)
    func filing(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            #expect(try await store.lastEventID() == 0)
            let ids = try await store.appendEvents(events(4))
            #expect(try await store.lastEventID() == ids[3])
            let commit = try await store.commitProcessing(
                upTo: ids[3], alerts: (0..<4).map { alert("f\($0)", eventID: ids[$0]) }, audit: [])
            let alertIDs = commit.alertIDs.compactMap { $0 }
            #expect(try await store.filingCursor() == 0)

            let before = try await store.count("audit_log")
            let first = try await store.fileAlerts(
                [
                    IncidentFiling(
                        draft: IncidentDraft(title: "Ransomware on ws-1", severity: .critical, host: "ws-1"),
                        alertIDs: [alertIDs[0], alertIDs[1]]),
                    IncidentFiling(
                        draft: IncidentDraft(title: "Recon on ws-2", severity: .low, host: "ws-2"),
                        alertIDs: [alertIDs[2]]),
                ], upTo: alertIDs[2], actor: "tocsin")
            #expect(first.count == 2)
            #expect(try await store.filingCursor() == alertIDs[2])
            let ransomware = try #require(try await store.incident(id: first[0]))
            #expect(ransomware.alertIDs == [alertIDs[0], alertIDs[1]] && ransomware.severity == .critical)
            #expect(try await store.incident(id: first[1])?.alertIDs == [alertIDs[2]])
            // Two incidents created and three links on the audit log, filing by filing: an incident's record entry,
            // then its new links in alert order (one append for the whole batch reads as if each were alone).
            #expect(try await store.count("audit_log") == before + 4)
            let filed = try await store.auditEntries(after: before, limit: 10)
            #expect(
                filed.map { "\($0.action) \($0.subject)" } == [
                    "incident.created incident:\(first[0])", "incident.alerts_attached incident:\(first[0])",
                    "incident.created incident:\(first[1])", "incident.alerts_attached incident:\(first[1])",
                ])
            #expect(
                filed.map(\.details["alert_ids"]) == [
                    nil, .array([.int(alertIDs[0]), .int(alertIDs[1])]), nil, .array([.int(alertIDs[2])]),
                ])
            // A changed incident and a new link: the change, then the link.
            var raised = try #require(try await store.incident(id: first[1])).draft
            raised.severity = .high
            _ = try await store.fileAlerts(
                [IncidentFiling(draft: raised, alertIDs: [alertIDs[2], alertIDs[3]])], upTo: 0, actor: "tocsin")
            let change = try await store.auditEntries(after: before + 4, limit: 10)
            #expect(change.map(\.action) == ["incident.updated", "incident.alerts_attached"])
            #expect(change.last?.details["alert_ids"] == .array([.int(alertIDs[3])]), "only the new link")
            #expect(change.first?.details["severity"] == .object(["from": .string("low"), "to": .string("high")]))
            #expect(try await store.incident(id: first[1])?.alertIDs == [alertIDs[2], alertIDs[3]])
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the audit chain is broken after a large filing")
                return
            }

            // Filing again (after a crash) links only what is new and never moves the cursor back.
            var draft = ransomware.draft
            draft.severity = .critical
            let again = try await store.fileAlerts(
                [IncidentFiling(draft: draft, alertIDs: [alertIDs[1], alertIDs[3]])], upTo: alertIDs[1], actor: "tocsin")
            #expect(again == [first[0]])
            #expect(try await store.incident(id: first[0])?.alertIDs == [alertIDs[0], alertIDs[1], alertIDs[3]])
            #expect(try await store.filingCursor() == alertIDs[2])
            #expect(try await store.count("audit_log") == before + 7)
            await #expect(throws: StoreError.self) {
                try await store.fileAlerts(
                    [IncidentFiling(draft: draft, alertIDs: [9_999])], upTo: alertIDs[3], actor: "tocsin")
            }
            #expect(try await store.filingCursor() == alertIDs[2], "a failed filing changed the cursor")
        }
    }

    @Test(
        "links stored before migration 10 are kept without foreign keys; linking what does not exist still fails",
        arguments: StoreKind.available)
    func linksWithoutForeignKeys(kind: StoreKind) async throws {
        let database = try FreshDatabase.make(kind)
        let old = try await database.open(migratedUpTo: 9)
        let ids = try await old.appendEvents(events(3))
        let alertIDs = try await old.commitProcessing(
            upTo: ids[2], alerts: (0..<3).map { alert("m\($0)", eventID: ids[$0]) }, audit: []
        ).alertIDs.compactMap { $0 }
        let incident = try await old.upsertIncident(IncidentDraft(title: "Before", severity: .high), actor: "x")
        #expect(try await old.attach(alert: alertIDs[0], to: incident.id, actor: "x"))
        #expect(try await old.attach(alert: alertIDs[1], to: incident.id, actor: "x"))
        try await old.close()

        let store = try await database.open()
        #expect(try await store.incident(id: incident.id)?.alertIDs == [alertIDs[0], alertIDs[1]])
        let foreignKeys: Int64
        switch kind {
        case .sqlite:
            foreignKeys = Int64(try await store.raw("PRAGMA foreign_key_list(incident_alerts)").count)
        case .postgres:
            foreignKeys = try await store.raw(
                "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'incident_alerts'::regclass AND contype = 'f'"
            ).first?.int(0) ?? -1
        }
        #expect(foreignKeys == 0)
        #expect(try await store.attach(alert: alertIDs[2], to: incident.id, actor: "x"))
        let missingAlert = await #expect(throws: StoreError.self) {
            try await store.attach(alert: 9_999, to: incident.id, actor: "x")
        }
        #expect(missingAlert?.kind == .notFound && missingAlert?.message == "alert 9999 does not exist")
        let missingIncident = await #expect(throws: StoreError.self) {
            try await store.attach(alert: alertIDs[0], to: 9_999, actor: "x")
        }
        #expect(missingIncident?.kind == .notFound)
        #expect(try await store.incident(id: incident.id)?.alertIDs == alertIDs)
        #expect(try await store.verifyAudit().isIntact)
        try await store.close()
        await database.remove()
    }

    @Test("suppression rules are created, changed, listed by expiry and deleted", arguments: StoreKind.available)
    func suppressions(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            let noisy = try await store.upsertSuppression(
                SuppressionRule(
                    ruleID: "r-backup", host: "backup-01", reason: "nightly backup job", createdBy: "alice",
                    expiresAt: clock.now.addingTimeInterval(3_600)),
                actor: "alice")
            let forever = try await store.upsertSuppression(
                SuppressionRule(field: "User", value: "svc-scanner", reason: "vulnerability scanner", createdBy: "bob"),
                actor: "bob")
            #expect(noisy.id != nil && noisy.createdAt == clock.now && forever.expiresAt == nil)
            #expect(try await store.suppressions(activeAt: nil) == [noisy, forever])
            #expect(try await store.suppressions(activeAt: clock.now.addingTimeInterval(7_200)) == [forever])

            var longer = noisy
            longer.expiresAt = clock.now.addingTimeInterval(86_400)
            #expect(try await store.upsertSuppression(longer, actor: "alice") == longer)
            #expect(try await store.suppressions(activeAt: clock.now.addingTimeInterval(7_200)).count == 2)
            #expect(try await store.deleteSuppression(id: try #require(forever.id), actor: "bob"))
            #expect(try await !store.deleteSuppression(id: try #require(forever.id), actor: "bob"))
            #expect(try await store.suppressions(activeAt: nil) == [longer])
            await #expect(throws: StoreError.self) {
                try await store.upsertSuppression(SuppressionRule(id: 999, reason: "x", createdBy: "x"), actor: "x")
            }
            let actions = try await store.auditEntries(after: 0, limit: 10).map(\.action)
            #expect(
                actions == ["suppression.created", "suppression.created", "suppression.updated", "suppression.deleted"])
        }
    }

    @Test("users and tokens are stored as given and found by name and hash", arguments: StoreKind.available)
    func access(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            let hash = "$2b$12$abcdefghijklmnopqrstuuJ0c8v1lY1q0o3m5qHk4yW8p6r2s4t6u"
            let alice = try await store.createUser(name: "alice", passwordHash: hash, role: .admin, actor: "setup")
            _ = try await store.createUser(name: "bob", passwordHash: "$2b$12$other", role: .viewer, actor: "alice")
            #expect(try await store.user(named: "alice") == alice)
            #expect(try await store.user(named: "carol") == nil)
            #expect(try await store.users().map(\.name) == ["alice", "bob"])
            do {
                _ = try await store.createUser(name: "alice", passwordHash: hash, role: .viewer, actor: "setup")
                Issue.record("a second alice was created")
            } catch let error as StoreError {
                #expect(error.kind == .conflict && error.message == "the user 'alice' already exists")
            }
            let bob = try await store.updateUser(
                name: "bob", passwordHash: "$2b$12$new", role: .responder, actor: "alice")
            #expect(try await store.user(named: "bob") == bob)

            let secretHash = (0..<32).map { UInt8($0 * 7 % 256) }
            let token = try await store.createToken(
                name: "edr-forwarder", secretHash: secretHash, role: .responder, actor: "alice")
            #expect(try await store.token(hash: secretHash) == token)
            #expect(try await store.token(hash: [UInt8](repeating: 1, count: 32)) == nil)
            await #expect(throws: StoreError.self) {
                try await store.createToken(name: "short", secretHash: [1, 2, 3], role: .viewer, actor: "alice")
            }
            clock.advance(30)
            try await store.touchToken(id: token.id, at: clock.now)
            #expect(try await store.token(hash: secretHash)?.lastUsedAt == clock.now)
            #expect(try await store.tokens().map(\.name) == ["edr-forwarder"])
            #expect(try await store.deleteToken(id: token.id, actor: "alice"))
            #expect(try await !store.deleteToken(id: token.id, actor: "alice"))
            #expect(try await store.token(hash: secretHash) == nil)

            let audit = try await store.auditEntries(after: 0, limit: 10)
            #expect(
                audit.map(\.action) == [
                    "user.created", "user.created", "user.updated", "token.created", "token.deleted",
                ])
            #expect(audit[2].details == ["role": ["from": "viewer", "to": "responder"], "password_changed": true])
            // The audit log never holds a password hash.
            let lines = try audit.map { try $0.jsonLine() }.joined()
            #expect(!lines.contains("$2b$"))
        }
    }
}
