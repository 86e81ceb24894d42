import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: the status record (documents, revision, subscribers)")
struct StatusStoreTests {
    @Test("documents are written, replaced and deleted with their audit entries; the revision grows per write", arguments: StoreKind.available)
    func documents(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            #expect(try await store.statusRevision() == 0)
            let first = try await store.writeStatus(
                [
                    StatusDocumentWrite(kind: "incident", id: "si-1", body: #"{"title":"Angriff"}"#),
                    StatusDocumentWrite(kind: "recovery", id: "eau", body: #"{"phase":"down"}"#),
                ],
                audit: [AuditDraft(actor: "anna", action: "status.incident_created", subject: "status_incident:si-1")])
            #expect(first == 1)
            let second = try await store.writeStatus(
                [
                    StatusDocumentWrite(kind: "recovery", id: "eau", body: #"{"phase":"restoring"}"#),
                    StatusDocumentWrite(kind: "incident", id: "si-1", body: nil),
                ], audit: [])
            #expect(second == 2)
            #expect(try await store.statusRevision() == 2)
            let all = try await store.statusDocuments(kind: nil)
            #expect(all.map(\.id) == ["eau"])
            #expect(all.first?.body == #"{"phase":"restoring"}"#)
            #expect(try await store.statusDocuments(kind: "incident").isEmpty)
            let actions = try await store.auditEntries(after: 0, limit: 10).map(\.action)
            #expect(actions == ["status.incident_created"])
        }
    }

    @Test("double opt-in: pending, confirmed, unsubscribed, signed up again; the audit log names ids, not addresses", arguments: StoreKind.available)
    func subscribers(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let signedUp = try await store.subscribe(email: "praxis@example.org", language: "de", actor: "public")
            #expect(signedUp.status == .pending)
            #expect(try await store.subscribers(status: .confirmed).isEmpty)
            let confirmed = try await store.setSubscriber(id: signedUp.id, status: .confirmed, actor: "public")
            #expect(confirmed?.status == .confirmed)
            #expect(confirmed?.confirmedAt != nil)
            // Signing up again while confirmed changes nothing, not even the language (anyone can submit it).
            let again = try await store.subscribe(email: "praxis@example.org", language: "en", actor: "public")
            #expect(again.id == signedUp.id && again.status == .confirmed && again.language == "de")
            _ = try await store.setSubscriber(id: signedUp.id, status: .unsubscribed, actor: "public")
            #expect(try await store.subscribers(status: .confirmed).isEmpty)
            let back = try await store.subscribe(email: "praxis@example.org", language: "de", actor: "public")
            #expect(back.status == .pending)
            #expect(try await store.setSubscriber(id: 999, status: .confirmed, actor: "public") == nil)
            let entries = try await store.auditEntries(after: 0, limit: 20)
            #expect(entries.map(\.action).contains("subscriber.confirmed"))
            for entry in entries {
                #expect(!"\(entry.details)".contains("praxis@example.org"))
                #expect(entry.subject == "subscriber:\(signedUp.id)")
            }
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }
}
