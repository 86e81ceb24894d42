import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: the audit chain")
struct AuditStoreTests {
    /// A store with `count` audit entries written in batches of 1 to 7.
    private func filled(_ store: SQLStore, _ count: Int) async throws {
        var written = 0
        while written < count {
            let size = min(count - written, written % 7 + 1)
            let drafts = (written..<written + size).map { index in
                AuditDraft(
                    actor: index % 2 == 0 ? "alice" : "system:detection", action: "config.changed",
                    subject: "config:rules", details: ["index": .int(Int64(index)), "note": "line\nbreak \u{1}é"])
            }
            _ = try await store.recordAudit(drafts)
            written += size
        }
    }

    @Test("many entries make one intact chain", arguments: StoreKind.available)
    func intact(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            #expect(try await store.verifyAudit() == .intact(entries: 0, head: AuditChain.genesis))
            try await filled(store, 2_500)
            let entries = try await store.auditEntries(after: 0, limit: 3_000)
            #expect(entries.map(\.sequence) == Array(1...2_500))
            #expect(entries[0].previousHash == AuditChain.genesis)
            #expect(try await store.verifyAudit() == .intact(entries: 2_500, head: entries[2_499].hash))
            #expect(AuditChain.verify(entries) == .intact(entries: 2_500, head: entries[2_499].hash))
        }
    }

    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case changeDetails, changeActor, deleteRow, reorderRows, rewriteHash, breakDetailsJSON
        var testDescription: String { rawValue }
    }

    @Test("tampering with a row is found at the first broken link", arguments: StoreKind.available, Tampering.allCases)
    func tampering(kind: StoreKind, tampering: Tampering) async throws {
        try await withFreshStore(kind) { store, _ in
            try await filled(store, 40)
            switch tampering {
            case .changeDetails:
                try await store.raw("UPDATE audit_log SET details = ? WHERE sequence = 17", [.text(#"{"index":99}"#)])
                #expect(try await store.verifyAudit() == .broken(AuditBreak(sequence: 17, problem: .hashMismatch)))
            case .changeActor:
                try await store.raw("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 3")
                #expect(try await store.verifyAudit() == .broken(AuditBreak(sequence: 3, problem: .hashMismatch)))
            case .deleteRow:
                try await store.raw("DELETE FROM audit_log WHERE sequence = 25")
                #expect(
                    try await store.verifyAudit()
                        == .broken(AuditBreak(sequence: 25, problem: .gap(expected: 25, found: 26))))
            case .reorderRows:
                // Swap entries 10 and 11 by their sequence numbers.
                try await store.raw("UPDATE audit_log SET sequence = -1 WHERE sequence = 10")
                try await store.raw("UPDATE audit_log SET sequence = 10 WHERE sequence = 11")
                try await store.raw("UPDATE audit_log SET sequence = 11 WHERE sequence = -1")
                #expect(
                    try await store.verifyAudit()
                        == .broken(AuditBreak(sequence: 10, problem: .previousHashMismatch)))
            case .rewriteHash:
                // A forger who recomputes entry 30's hash still breaks the link from 31.
                try await store.raw("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 30")
                let entry = try #require(try await store.auditEntries(after: 29, limit: 1).first)
                let forged = try AuditChain.hash(
                    previousHash: entry.previousHash, sequence: 30, timeMicroseconds: entry.timeMicroseconds,
                    actor: "mallory", action: entry.action, subject: entry.subject, details: entry.details)
                try await store.raw("UPDATE audit_log SET hash = ? WHERE sequence = 30", [.blob(forged)])
                #expect(
                    try await store.verifyAudit()
                        == .broken(AuditBreak(sequence: 31, problem: .previousHashMismatch)))
            case .breakDetailsJSON:
                try await store.raw("UPDATE audit_log SET details = '{not json' WHERE sequence = 8")
                guard case .broken(let broken) = try await store.verifyAudit(),
                    case .unreadable = broken.problem
                else {
                    Issue.record("unreadable details were not reported")
                    return
                }
                #expect(broken.sequence == 8)
            }
        }
    }

    @Test("concurrent writers keep one unbroken chain", arguments: StoreKind.available)
    func concurrentWriters(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let ids = try await store.appendEvents(events(80))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for round in 0..<10 {
                            if writer % 2 == 0 {
                                _ = try await store.recordAudit([
                                    AuditDraft(actor: "w\(writer)", action: "config.changed", subject: "r\(round)"),
                                    AuditDraft(actor: "w\(writer)", action: "config.changed", subject: "r\(round)b"),
                                ])
                            } else {
                                let id = ids[writer * 10 + round]
                                _ = try await store.commitProcessing(
                                    upTo: id, alerts: [alert("w\(writer):\(round)", eventID: id)], audit: [])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await store.auditEntries(after: 0, limit: 1_000)
            #expect(entries.count == 120)  // 4 writers × 10 × 2 entries, 4 × 10 alerts
            #expect(try await store.verifyAudit() == .intact(entries: 120, head: try #require(entries.last).hash))
            #expect(try await store.count("alerts") == 40)
        }
    }

    @Test(
        "two nodes sharing one PostgreSQL database keep one chain",
        arguments: StoreKind.available.filter { $0 == .postgres })
    func twoNodes(kind: StoreKind) async throws {
        try await withFreshStore(kind) { first, database in
            let second = try await database.open()
            let nodes = [first, second]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    let store = nodes[writer % 2]
                    group.addTask {
                        for round in 0..<15 {
                            _ = try await store.recordAudit([
                                AuditDraft(
                                    actor: "node\(writer % 2)", action: "config.changed", subject: "w\(writer)r\(round)"
                                )
                            ])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let verdict = try await second.verifyAudit()
            #expect(verdict.isIntact)
            #expect(try await first.count("audit_log") == 90)
            try await second.close()
        }
    }

    @Test("the JSONL export reads back to the same entries and verifies alone", arguments: StoreKind.available)
    func exportRoundTrip(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, database in
            try await filled(store, 300)
            _ = try await store.createUser(name: "alice", passwordHash: "$2b$12$x", role: .admin, actor: "setup")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-export-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("audit.jsonl")
            #expect(try await store.exportAudit(to: file) == 301)
            let read = try SQLStore.readAuditExport(from: file)
            #expect(read == (try await store.auditEntries(after: 0, limit: 1_000)))
            #expect(AuditChain.verify(read) == (try await store.verifyAudit()))
            let text = try String(contentsOf: file, encoding: .utf8)
            let last = try #require(text.split(separator: "\n").last)
            #expect(last.hasPrefix(#"{"action":"user.created","actor":"setup","details":{"role":"admin"},"hash":""#))
            // A line edited in the file is found like a row edited in the database.
            var lines = text.split(separator: "\n").map(String.init)
            lines[99] = lines[99].replacingOccurrences(of: #""actor":"system:detection""#, with: #""actor":"bob""#)
            let edited = try lines.map { try AuditEntry(jsonLine: $0) }
            #expect(AuditChain.verify(edited) == .broken(AuditBreak(sequence: 100, problem: .hashMismatch)))
            _ = database
        }
    }
}
