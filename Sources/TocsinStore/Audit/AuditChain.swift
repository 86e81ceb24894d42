import Crypto

/// The audit chain's arithmetic, apart from any database: hashing an entry and checking a run of entries.
///
/// `hash = SHA-256(previous hash bytes || canonical JSON of the entry)`, where the entry is the object
/// `{"action","actor","details","sequence","subject","time"}` with `time` in RFC 3339 with microseconds (UTC) and
/// `sequence` an integer, written by ``CanonicalJSON``. The first entry's previous hash is 32 zero bytes.
public enum AuditChain {
    /// The previous hash of the first entry.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The object the hash covers.
    public static func hashedObject(
        sequence: Int64, timeMicroseconds: Int64, actor: String, action: String, subject: String,
        details: [String: JSONValue]
    ) -> JSONValue {
        .object([
            "sequence": .int(sequence),
            "time": .string(Timestamp.rfc3339(microseconds: timeMicroseconds)),
            "actor": .string(actor),
            "action": .string(action),
            "subject": .string(subject),
            "details": .object(details),
        ])
    }

    /// The hash of an entry with these fields following `previousHash`.
    public static func hash(
        previousHash: [UInt8], sequence: Int64, timeMicroseconds: Int64, actor: String, action: String,
        subject: String, details: [String: JSONValue]
    ) throws -> [UInt8] {
        let object = hashedObject(
            sequence: sequence, timeMicroseconds: timeMicroseconds, actor: actor, action: action, subject: subject,
            details: details)
        var hasher = SHA256()
        hasher.update(data: previousHash)
        hasher.update(data: try CanonicalJSON.bytes(of: object))
        return Array(hasher.finalize())
    }

    /// The entry that follows `previousHash` at `sequence`, hashed.
    public static func entry(
        after previousHash: [UInt8], sequence: Int64, timeMicroseconds: Int64, draft: AuditDraft
    ) throws -> AuditEntry {
        let hash = try hash(
            previousHash: previousHash, sequence: sequence, timeMicroseconds: timeMicroseconds, actor: draft.actor,
            action: draft.action, subject: draft.subject, details: draft.details)
        return AuditEntry(
            sequence: sequence, timeMicroseconds: timeMicroseconds, actor: draft.actor, action: draft.action,
            subject: draft.subject, details: draft.details, previousHash: previousHash, hash: hash)
    }

    /// Checks entries in order, continuing a chain whose last checked link was `sequence - 1` with hash `head`.
    public struct Verifier: Sendable {
        /// The sequence number due next.
        public private(set) var nextSequence: Int64 = 1
        /// The hash of the last link checked.
        public private(set) var head: [UInt8] = AuditChain.genesis

        /// A verifier at the start of the chain.
        public init() {}

        /// Checks the next entry; returns the break when the link does not hold.
        public mutating func check(_ entry: AuditEntry) -> AuditBreak? {
            if entry.sequence != nextSequence {
                return AuditBreak(sequence: nextSequence, problem: .gap(expected: nextSequence, found: entry.sequence))
            }
            if entry.previousHash != head {
                return AuditBreak(sequence: entry.sequence, problem: .previousHashMismatch)
            }
            let recomputed: [UInt8]
            do {
                recomputed = try AuditChain.hash(
                    previousHash: entry.previousHash, sequence: entry.sequence,
                    timeMicroseconds: entry.timeMicroseconds, actor: entry.actor, action: entry.action,
                    subject: entry.subject, details: entry.details)
            } catch {
                return AuditBreak(sequence: entry.sequence, problem: .unreadable("\(error)"))
            }
            if recomputed != entry.hash {
                return AuditBreak(sequence: entry.sequence, problem: .hashMismatch)
            }
            nextSequence += 1
            head = entry.hash
            return nil
        }

        /// The verdict when no link broke: the number of entries checked and the head hash.
        public var intact: AuditVerification { .intact(entries: nextSequence - 1, head: head) }
    }

    /// Checks a whole chain held in memory (an export read back, say).
    public static func verify(_ entries: some Sequence<AuditEntry>) -> AuditVerification {
        var verifier = Verifier()
        for entry in entries {
            if let broken = verifier.check(entry) { return .broken(broken) }
        }
        return verifier.intact
    }
}
