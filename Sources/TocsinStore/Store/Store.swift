import Foundation

/// Events in, the detection pipeline's cursor, and followed files' read positions.
public protocol EventStore: Sendable {
    /// Appends a batch in one transaction and returns the new ids in batch order; durable when it returns, so ingest
    /// may acknowledge the batch then.
    func appendEvents(_ batch: [StoredEventInput]) async throws -> [Int64]
    /// Up to `limit` events with ids above `id`, ascending.
    func events(after id: Int64, limit: Int) async throws -> [StoredEvent]
    /// The id of the newest stored event (0 when there is none).
    func lastEventID() async throws -> Int64
    /// The first stored event received at or after `time`, if any.
    func firstEventID(receivedSince time: Date) async throws -> Int64?
    /// The id of the last event the detection pipeline finished (0 before the first).
    func processingCursor() async throws -> Int64
    /// Stores alerts (dropping duplicate keys), appends the audit entries for them and `audit`, and moves the
    /// cursor to `eventID`, all in one transaction: after a crash, processing resumes at the cursor with nothing
    /// half-done. The cursor never moves back.
    func commitProcessing(upTo eventID: Int64, alerts: [NewAlert], audit: [AuditDraft]) async throws
        -> ProcessingCommit
    /// Where ingest stopped reading `path`, if it ever read it.
    func position(for path: String) async throws -> IngestPosition?
    /// Records where ingest stopped reading `path`.
    func setPosition(path: String, inode: UInt64, offset: Int64) async throws
}

/// Alerts, incidents and suppression rules: a plain repository; grouping logic lives in TocsinResponse.
public protocol IncidentStore: Sendable {
    /// Up to `limit` alerts with ids above `id`, ascending.
    func alerts(after id: Int64, limit: Int) async throws -> [StoredAlert]
    /// The alert stored under `dedupKey`.
    func alert(dedupKey: String) async throws -> StoredAlert?
    /// Creates the incident (``IncidentDraft/id`` `nil`) or changes it, with an audit entry naming `actor`.
    func upsertIncident(_ draft: IncidentDraft, actor: String) async throws -> Incident
    /// Links an alert to an incident; `false` when it already was (then nothing is written).
    func attach(alert alertID: Int64, to incidentID: Int64, actor: String) async throws -> Bool
    /// Files alerts into incidents in one transaction: each filing's incident is created (draft id `nil`) or
    /// changed to its draft, its alerts are attached (links already there are skipped), each change with an audit
    /// entry naming `actor`; and the filing cursor moves to `alertID` (never back). Returns the incidents' ids in
    /// filing order.
    func fileAlerts(_ filings: [IncidentFiling], upTo alertID: Int64, actor: String) async throws -> [Int64]
    /// The id of the last alert filed into incidents (0 before the first): after a crash, alerts above it are
    /// filed again.
    func filingCursor() async throws -> Int64
    /// The incident with its alert ids.
    func incident(id: Int64) async throws -> Incident?
    /// Incidents in `state` (all when `nil`), most recently updated first.
    func incidents(state: String?, limit: Int) async throws -> [Incident]
    /// Creates or changes a suppression rule, with an audit entry naming `actor`.
    func upsertSuppression(_ rule: SuppressionRule, actor: String) async throws -> SuppressionRule
    /// Suppression rules, all or only those not expired at `activeAt`, by id.
    func suppressions(activeAt: Date?) async throws -> [SuppressionRule]
    /// Deletes a suppression rule; `false` when there was none.
    func deleteSuppression(id: Int64, actor: String) async throws -> Bool
}

/// Users, API tokens and login sessions; the store keeps the hashes it is given and applies no hashing policy of its own.
public protocol AccessStore: Sendable {
    /// Creates a user (names are unique), with an audit entry naming `actor`.
    func createUser(name: String, passwordHash: String, role: Role, actor: String) async throws -> User
    /// The user with this login name.
    func user(named name: String) async throws -> User?
    /// All users by name.
    func users() async throws -> [User]
    /// Replaces a user's password hash and role, with an audit entry (which never holds the hash); a new password
    /// ends the user's open sessions.
    func updateUser(name: String, passwordHash: String, role: Role, actor: String) async throws -> User
    /// Creates a token from the SHA-256 hash of its secret, with an audit entry naming `actor`.
    func createToken(name: String, secretHash: [UInt8], role: Role, actor: String) async throws -> APIToken
    /// The token whose secret hashes to `hash`.
    func token(hash: [UInt8]) async throws -> APIToken?
    /// All tokens by name.
    func tokens() async throws -> [APIToken]
    /// Records a token's use (no audit entry: it would grow with every request).
    func touchToken(id: Int64, at time: Date) async throws
    /// Deletes a token; `false` when there was none.
    func deleteToken(id: Int64, actor: String) async throws -> Bool
    /// Opens a login session, with an audit entry `user.logged_in` naming `actor`.
    func createSession(_ session: NewSession, actor: String) async throws -> Session
    /// The session whose secret hashes to `hash`, with its user's current name and role; expired ones too (the
    /// caller applies its expiry policy).
    func session(hash: [UInt8]) async throws -> Session?
    /// Records a session's use (no audit entry), which moves its idle expiry.
    func touchSession(id: Int64, at time: Date) async throws
    /// Ends a session (a logout), with an audit entry `user.logged_out` naming `actor`; `false` when there was none.
    func deleteSession(id: Int64, actor: String) async throws -> Bool
    /// Deletes sessions past their absolute end (`expiresAt` at or before `expiredAt`) or last seen before
    /// `idleSince`, without audit entries (they ended by time, not by anyone's action); returns how many.
    func deleteExpiredSessions(expiredAt: Date, idleSince: Date) async throws -> Int
}

/// Retention: old events and alerts leave the database; the audit log never does (it is the legal record).
public protocol RetentionStore: Sendable {
    /// Deletes events received before the cutoff that the detection pipeline has processed, and alerts created
    /// before the cutoff that were filed and belong to no incident still open, with their incident links (the
    /// incidents stay). Events go in the chunks they were stored in (one per append of one source at one time,
    /// that is one ingest request), never the newest chunk, whose last id anchors the cursor. Works in transactions
    /// of at most `chunkSize` events (or one stored chunk, if larger) and `chunkSize` alerts, so a large backlog never
    /// holds the write lock for long; each transaction that deletes anything appends one `retention.purged` audit
    /// entry with its counts and the cutoffs.
    func purge(_ cutoffs: RetentionCutoffs, chunkSize: Int) async throws -> RetentionPurge
}

extension RetentionStore {
    /// Purges in transactions of at most 5,000 events and 5,000 alerts.
    public func purge(_ cutoffs: RetentionCutoffs) async throws -> RetentionPurge {
        try await purge(cutoffs, chunkSize: 5_000)
    }
}

/// The alarm chain's record: the outbox of messages, escalations, and the playbooks that ran per incident.
public protocol AlarmStore: Sendable {
    /// Writes one decision in one transaction: playbook runs (names already recorded for the incident are skipped),
    /// escalations (new ones created unless the incident has one of that policy; ones with an id replaced), the
    /// messages (a key already in the outbox is skipped), an audit entry `message.queued` per message written, and
    /// `write.audit`.
    func recordAlarm(_ write: AlarmWrite, actor: String) async throws -> AlarmWriteResult
    /// The playbooks that ran for an incident and its escalations.
    func alarmState(incidentID: Int64) async throws -> IncidentAlarmState
    /// Active escalations due at `time` (next due at or before it), soonest first.
    func dueEscalations(at time: Date, limit: Int) async throws -> [EscalationRecord]
    /// Messages due at `time` (pending or retrying, next attempt at or before it), oldest first.
    func dueMessages(at time: Date, limit: Int) async throws -> [OutboxMessage]
    /// The earliest next attempt of a due message, if any: how long the deliverer may sleep.
    func nextMessageAttempt() async throws -> Date?
    /// Records one delivery attempt, with an audit entry `message.delivered`, `message.failed` or `message.dead`.
    /// A message no longer due (delivered or discarded meanwhile) is left as it is; returns it as stored.
    func recordDelivery(id: Int64, result: DeliveryResult, actor: String) async throws -> OutboxMessage
    /// Messages, newest first, of one incident or all, optionally in one status.
    func messages(incidentID: Int64?, status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage]
    /// One message.
    func message(id: Int64) async throws -> OutboxMessage?
    /// A responder's decision on a draft awaiting approval: `approve` makes it due now, otherwise it is discarded;
    /// with an audit entry. Throws a conflict when the message is not awaiting approval.
    func decideDraft(id: Int64, approve: Bool, actor: String) async throws -> OutboxMessage
}

/// The hash-chained audit log.
public protocol AuditStore: Sendable {
    /// Appends entries for changes the store does not make itself (configuration, user actions).
    func recordAudit(_ drafts: [AuditDraft]) async throws -> [AuditEntry]
    /// Up to `limit` entries with sequence numbers above `sequence`, ascending.
    func auditEntries(after sequence: Int64, limit: Int) async throws -> [AuditEntry]
    /// The entries about one subject, such as `incident:7`, in order.
    func auditEntries(subject: String, after sequence: Int64, limit: Int) async throws -> [AuditEntry]
    /// Walks the whole chain and names the first link that does not hold.
    func verifyAudit() async throws -> AuditVerification
    /// Writes the chain as JSON Lines to `url` (replacing the file) and returns the number of entries.
    func exportAudit(to url: URL) async throws -> Int64
}

/// Everything Tocsin keeps: one abstraction over SQLite and PostgreSQL.
/// The service-continuity and status-page record: JSON documents the response logic owns, and the page's subscribers.
public protocol StatusStore: Sendable {
    /// Writes documents, the messages announcing them and audit entries in one transaction; returns the record's
    /// new revision.
    func writeStatus(_ writes: [StatusDocumentWrite], messages: [OutboxDraft], audit: [AuditDraft]) async throws
        -> Int64
    /// Every document of `kind` (every one when `nil`).
    func statusDocuments(kind: String?) async throws -> [StatusDocument]
    /// The record's revision, which grows with every write.
    func statusRevision() async throws -> Int64
    /// Signs an address up (pending until confirmed).
    func subscribe(email: String, language: String, actor: String) async throws -> StatusSubscriber
    /// Confirms or ends a subscription; `nil` when there is no such subscriber.
    func setSubscriber(id: Int64, status: SubscriberStatus, actor: String) async throws -> StatusSubscriber?
    /// Subscribers in `status` (every one when `nil`).
    func subscribers(status: SubscriberStatus?) async throws -> [StatusSubscriber]
    /// One subscriber.
    func subscriber(id: Int64) async throws -> StatusSubscriber?
    /// Queues messages not tied to an incident, skipping keys already queued.
    func queueMessages(_ drafts: [OutboxDraft], audit: [AuditDraft]) async throws -> AlarmWriteResult
}

public protocol Store: EventStore, IncidentStore, AccessStore, AuditStore, RetentionStore, AlarmStore, StatusStore {
    /// Closes the database; later calls throw ``StoreError/Kind/closed``.
    func close() async throws
}

extension StatusStore {
    /// Writes documents and audit entries, with no messages.
    public func writeStatus(_ writes: [StatusDocumentWrite], audit: [AuditDraft]) async throws -> Int64 {
        try await writeStatus(writes, messages: [], audit: audit)
    }
}
