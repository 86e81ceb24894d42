import Foundation

/// A change to record in the audit log; the store adds sequence, time and hashes.
public struct AuditDraft: Sendable, Hashable {
    /// Who made the change: a user name, `token:NAME`, or `system:detection`.
    public var actor: String
    /// What happened, dotted: `alerts.stored`, `incident.updated`, `config.changed`.
    public var action: String
    /// What it happened to: `alert:42`, `incident:7`, `user:alice`.
    public var subject: String
    /// The facts worth keeping, as a JSON object.
    public var details: [String: JSONValue]

    /// Creates a draft.
    public init(actor: String, action: String, subject: String, details: [String: JSONValue] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }
}

/// One link of the hash chain.
public struct AuditEntry: Sendable, Hashable {
    /// 1, 2, 3, … without gaps.
    public var sequence: Int64
    /// When the entry was written, in microseconds since 1970 (the precision the hash covers).
    public var timeMicroseconds: Int64
    /// Who made the change.
    public var actor: String
    /// What happened.
    public var action: String
    /// What it happened to.
    public var subject: String
    /// The facts, as a JSON object.
    public var details: [String: JSONValue]
    /// The previous entry's hash; 32 zero bytes for the first entry.
    public var previousHash: [UInt8]
    /// SHA-256 over ``previousHash`` followed by the canonical JSON of this entry (see ``AuditChain``).
    public var hash: [UInt8]

    /// Creates an entry.
    public init(
        sequence: Int64, timeMicroseconds: Int64, actor: String, action: String, subject: String,
        details: [String: JSONValue], previousHash: [UInt8], hash: [UInt8]
    ) {
        self.sequence = sequence
        self.timeMicroseconds = timeMicroseconds
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry's time as a `Date`.
    public var time: Date { Timestamp.date(microseconds: timeMicroseconds) }
}

/// The outcome of walking the audit chain.
public enum AuditVerification: Sendable, Hashable {
    /// Every link holds: `entries` entries, the last with hash `head` (32 zero bytes when empty).
    case intact(entries: Int64, head: [UInt8])
    /// The first link that does not hold.
    case broken(AuditBreak)

    /// Whether the chain is intact.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}

/// The first broken link of the audit chain.
public struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the link.
    public enum Problem: Sendable, Hashable {
        /// A sequence number is missing: `expected` was due, `found` came (a deleted or moved row).
        case gap(expected: Int64, found: Int64)
        /// The entry names a previous hash other than the hash of the entry before it.
        case previousHashMismatch
        /// The entry's content no longer gives its stored hash (a changed row).
        case hashMismatch
        /// The row cannot be read as an entry (details not a JSON object, a hash not 32 bytes).
        case unreadable(String)
    }

    /// The sequence number of the broken link (for a gap, the one that was expected).
    public var sequence: Int64
    /// What is wrong.
    public var problem: Problem

    /// Creates a break.
    public init(sequence: Int64, problem: Problem) {
        self.sequence = sequence
        self.problem = problem
    }

    /// One sentence a person reads.
    public var description: String {
        switch problem {
        case .gap(let expected, let found):
            return "audit entry \(expected) is missing: the chain goes on at \(found)"
        case .previousHashMismatch:
            return "audit entry \(sequence) does not follow entry \(sequence - 1): its previous hash differs"
        case .hashMismatch:
            return "audit entry \(sequence) was changed: its content no longer gives its hash"
        case .unreadable(let reason):
            return "audit entry \(sequence) cannot be read: \(reason)"
        }
    }
}
