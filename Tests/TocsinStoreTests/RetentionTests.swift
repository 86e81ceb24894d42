import Foundation
import Testing
import TocsinCore

@testable import TocsinStore

@Suite("Store: retention")
struct RetentionTests {
    static let day: TimeInterval = 86_400

    /// An event received at `received` (a day number past the test clock's start).
    static func event(_ tag: String, day: Double) -> StoredEventInput {
        StoredEventInput(
            source: "http:test", receivedAt: time(Int64(day * RetentionTests.day)), raw: #"{"tag":"\#(tag)"}"#)
    }

    static func oldAlert(_ key: String, day: Double) -> NewAlert {
        NewAlert(
            dedupKey: key, ruleID: "rule", title: "T \(key)", severity: .high, createdAt: time(Int64(day * Self.day)))
    }

    @Test("old processed events go; old unprocessed, recent and the newest event stay", arguments: StoreKind.available)
    func events(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            // Days 0, 1, 2 are old; 40 and 41 recent (the cutoff is day 10). Each append is one stored chunk, the
            // unit retention deletes.
            var ids: [Int64] = []
            for event in [
                Self.event("a", day: 0), Self.event("b", day: 1), Self.event("recent", day: 40),
                Self.event("c", day: 2), Self.event("recent2", day: 41),
            ] {
                ids += try await store.appendEvents([event])
            }
            // Detection finished the first three only: "c" is old but unprocessed.
            _ = try await store.commitProcessing(upTo: ids[2], alerts: [], audit: [])
            let cutoffs = RetentionCutoffs(eventsReceivedBefore: time(10 * 86_400), alertsCreatedBefore: time(0))
            let purge = try await store.purge(cutoffs)
            #expect(purge == RetentionPurge(events: 2, alerts: 0, incidentLinks: 0, chunks: 1))
            let left = try await store.events(after: 0, limit: 10).map(\.id)
            #expect(left == [ids[2], ids[3], ids[4]])
            #expect(try await store.lastEventID() == ids[4])
            // Once detection has caught up, "c" goes too, but the newest event stays (it anchors the cursor).
            _ = try await store.commitProcessing(upTo: ids[4], alerts: [], audit: [])
            let later = RetentionCutoffs(eventsReceivedBefore: time(100 * 86_400), alertsCreatedBefore: time(0))
            #expect(try await store.purge(later).events == 2)
            #expect(try await store.events(after: 0, limit: 10).map(\.id) == [ids[4]])
            #expect(try await store.lastEventID() == ids[4])
            // Ids are never reused, and processing goes on from the cursor.
            let next = try await store.appendEvents([Self.event("new", day: 101)])
            #expect(next[0] > ids[4])
            _ = try await store.commitProcessing(upTo: next[0], alerts: [], audit: [])
            #expect(try await store.processingCursor() == next[0])
        }
    }

    @Test(
        "old alerts go unless an open incident holds them or they are unfiled", arguments: StoreKind.available)
    func alerts(kind: StoreKind) async throws {
        let clock = TestClock()
        try await withFreshStore(kind, clock: clock) { store, _ in
            let ids = try await store.appendEvents([Self.event("x", day: 0)])
            let commit = try await store.commitProcessing(
                upTo: ids[0],
                alerts: [
                    Self.oldAlert("open", day: 0), Self.oldAlert("closed", day: 0), Self.oldAlert("resolved", day: 1),
                    Self.oldAlert("loose", day: 1), Self.oldAlert("recent", day: 300), Self.oldAlert("shared", day: 0),
                ],
                audit: [])
            let alertID = commit.alertIDs.compactMap { $0 }
            #expect(alertID.count == 6)
            let incidents = try await store.fileAlerts(
                [
                    IncidentFiling(
                        draft: IncidentDraft(title: "open", severity: .high, state: "acknowledged"),
                        alertIDs: [alertID[0], alertID[5]]),
                    IncidentFiling(
                        draft: IncidentDraft(title: "closed", severity: .high, state: "closed"),
                        alertIDs: [alertID[1], alertID[5]]),
                    IncidentFiling(
                        draft: IncidentDraft(title: "resolved", severity: .high, state: "resolved"),
                        alertIDs: [alertID[2]]),
                    IncidentFiling(
                        draft: IncidentDraft(title: "recent", severity: .high, state: "closed"), alertIDs: [alertID[4]]),
                ],
                upTo: alertID[5], actor: "system:test")
            // One more old alert, stored but not yet filed: it stays until the filer has seen it.
            let unfiled = try await store.commitProcessing(
                upTo: ids[0], alerts: [Self.oldAlert("unfiled", day: 0)], audit: [])
            clock.advance(400 * Self.day)
            let before = try await store.auditEntries(after: 0, limit: 1_000).count
            let cutoffs = RetentionCutoffs(eventsReceivedBefore: time(0), alertsCreatedBefore: time(100 * 86_400))
            let purge = try await store.purge(cutoffs)
            // closed, resolved and loose go with the closed and resolved incidents' links; "shared" is also in an
            // open incident, so it stays with both its links.
            #expect(purge == RetentionPurge(events: 0, alerts: 3, incidentLinks: 2, chunks: 1))
            let left = try await store.alerts(after: 0, limit: 10).map(\.id)
            #expect(left == [alertID[0], alertID[4], alertID[5], unfiled.alertIDs[0] ?? -1])
            #expect(try await store.incident(id: incidents[0])?.alertIDs == [alertID[0], alertID[5]])
            #expect(try await store.incident(id: incidents[1])?.alertIDs == [alertID[5]])
            // An incident whose alerts are all purged keeps its record.
            let resolved = try await store.incident(id: incidents[2])
            #expect(resolved?.title == "resolved" && resolved?.alertIDs == [])
            #expect(try await store.incident(id: incidents[3])?.alertIDs == [alertID[4]])
            // One audit entry, with the counts and cutoffs; the chain still holds.
            let entries = try await store.auditEntries(after: 0, limit: 1_000)
            #expect(entries.count == before + 1)
            let entry = try #require(entries.last)
            #expect(entry.action == "retention.purged" && entry.actor == "system:retention")
            #expect(entry.time == clock.now)
            #expect(entry.details["alerts"] == .int(3) && entry.details["events"] == .int(0))
            #expect(entry.details["incident_links"] == .int(2))
            #expect(entry.details["alerts_created_before"] == .string("2026-03-11T18:40:00.000000Z"))
            #expect(try await store.verifyAudit() == .intact(entries: Int64(entries.count), head: entry.hash))
            // Nothing left to purge: no transaction writes, no new entry.
            #expect(try await store.purge(cutoffs) == RetentionPurge(chunks: 1))
            #expect(try await store.auditEntries(after: 0, limit: 1_000).count == entries.count)
        }
    }

    @Test("a stored chunk goes only when all its events are older than the cutoff", arguments: StoreKind.available)
    func mixedAges(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let mixed = try await store.appendEvents([Self.event("old", day: 0), Self.event("young", day: 20)])
            let newest = try await store.appendEvents([Self.event("newest", day: 30)])
            _ = try await store.commitProcessing(upTo: newest[0], alerts: [], audit: [])
            let early = RetentionCutoffs(eventsReceivedBefore: time(10 * 86_400), alertsCreatedBefore: time(0))
            #expect(try await store.purge(early).events == 0)
            let late = RetentionCutoffs(eventsReceivedBefore: time(25 * 86_400), alertsCreatedBefore: time(0))
            #expect(try await store.purge(late).events == 2)
            #expect(try await store.events(after: 0, limit: 10).map(\.id) == newest)
            #expect(mixed.count == 2)
        }
    }

    @Test("a large purge runs in chunks, each with its own audit entry", arguments: StoreKind.available)
    func chunks(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            // Seven appends of four events: seven stored chunks, of which the newest stays.
            var ids: [Int64] = []
            for append in 0..<7 {
                ids += try await store.appendEvents((0..<4).map { Self.event("e\(append).\($0)", day: 0) })
            }
            _ = try await store.commitProcessing(upTo: ids[27], alerts: [], audit: [])
            let cutoffs = RetentionCutoffs(eventsReceivedBefore: time(86_400), alertsCreatedBefore: time(0))
            // Whole stored chunks go, as many as fit ten events: two (eight events) per transaction.
            let purge = try await store.purge(cutoffs, chunkSize: 10)
            #expect(purge == RetentionPurge(events: 24, chunks: 3))
            let entries = try await store.auditEntries(after: 0, limit: 100)
            #expect(entries.map(\.details["events"]) == [.int(8), .int(8), .int(8)])
            #expect(try await store.events(after: 0, limit: 100).map(\.id) == Array(ids[24...]))
            #expect(try await store.verifyAudit().isIntact)
        }
    }

    @Test("a stored chunk larger than the transaction's share goes whole, alone", arguments: StoreKind.available)
    func largeStoredChunk(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store, _ in
            let big = try await store.appendEvents((0..<30).map { Self.event("big\($0)", day: 0) })
            let small = try await store.appendEvents([Self.event("small", day: 0)])
            let newest = try await store.appendEvents([Self.event("newest", day: 0)])
            _ = try await store.commitProcessing(upTo: newest[0], alerts: [], audit: [])
            let cutoffs = RetentionCutoffs(eventsReceivedBefore: time(86_400), alertsCreatedBefore: time(0))
            let purge = try await store.purge(cutoffs, chunkSize: 10)
            #expect(purge == RetentionPurge(events: 31, chunks: 2))
            let entries = try await store.auditEntries(after: 0, limit: 100)
            #expect(entries.map(\.details["events"]) == [.int(30), .int(1)])
            #expect(try await store.events(after: 0, limit: 100).map(\.id) == newest)
            #expect(big.count == 30 && small.count == 1)
        }
    }
}
