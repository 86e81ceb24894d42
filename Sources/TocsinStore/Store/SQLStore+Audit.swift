import Foundation

extension SQLStore {
    /// Appends `drafts` to the chain on a connection inside an `.audit` transaction (which serialises appenders).
    ///
    /// `head` is the chain's last entry when the caller read it already in this transaction, under the audit lock
    /// (``AuditHead/read(_:)``); otherwise it is read here.
    static func appendAudit(
        _ drafts: [AuditDraft], at time: Int64, on connection: SQLConnection, head: AuditHead? = nil
    ) async throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        let chainHead: AuditHead
        if let head { chainHead = head } else { chainHead = try await AuditHead.read(connection) }
        var sequence = chainHead.sequence
        var previous = chainHead.hash
        var entries: [AuditEntry] = []
        var binds: [SQLValue] = []
        entries.reserveCapacity(drafts.count)
        for draft in drafts {
            sequence += 1
            let entry = try AuditChain.entry(after: previous, sequence: sequence, timeMicroseconds: time, draft: draft)
            entries.append(entry)
            binds += [
                .int(entry.sequence), .int(entry.timeMicroseconds), .text(entry.actor), .text(entry.action),
                .text(entry.subject), .text(try CanonicalJSON.string(of: .object(entry.details))),
                .blob(entry.previousHash), .blob(entry.hash),
            ]
            previous = entry.hash
        }
        try await connection.insert(into: "audit_log", auditColumns, values: binds)
        return entries
    }

    /// The columns of an audit entry's row, in the order ``appendAudit(_:at:on:)`` gives them.
    static let auditColumns = [
        SQLColumn("sequence", .int), SQLColumn("time_us", .int), SQLColumn("actor", .text),
        SQLColumn("action", .text), SQLColumn("subject", .text), SQLColumn("details", .text),
        SQLColumn("previous_hash", .blob), SQLColumn("hash", .blob),
    ]

    /// Appends entries for changes made outside the store.
    public func recordAudit(_ drafts: [AuditDraft]) async throws -> [AuditEntry] {
        let time = now
        return try await backend.transaction(.audit) { connection in
            try await Self.appendAudit(drafts, at: time, on: connection)
        }
    }

    /// Up to `limit` entries after `sequence`; a row that cannot be read as an entry throws.
    public func auditEntries(after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await auditRows(after: sequence, limit: limit).map { try $0.entry.get() }
    }

    /// The entries about one subject (`incident:7`), in order: an incident's timeline, each entry with its hash.
    public func auditEntries(subject: String, after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                """
                SELECT sequence, time_us, actor, action, subject, details, previous_hash, hash FROM audit_log
                WHERE subject = ? AND sequence > ? ORDER BY sequence LIMIT ?
                """, [.text(subject), .int(sequence), .int(Int64(max(0, limit)))]
            ).map(Self.auditEntry)
        }
    }

    private func auditRows(after sequence: Int64, limit: Int) async throws
        -> [(sequence: Int64, entry: Result<AuditEntry, StoreError>)]
    {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                """
                SELECT sequence, time_us, actor, action, subject, details, previous_hash, hash FROM audit_log
                WHERE sequence > ? ORDER BY sequence LIMIT ?
                """, [.int(sequence), .int(Int64(max(0, limit)))]
            ).map { row in
                let sequence = try row.int(0)
                return (
                    sequence,
                    Result { try Self.auditEntry(row) }.mapError { error in
                        error as? StoreError ?? StoreError(.database, "audit entry \(sequence): \(error)")
                    }
                )
            }
        }
    }

    private static func auditEntry(_ row: SQLRow) throws -> AuditEntry {
        let sequence = try row.int(0)
        let text = try row.text(5)
        let details: [String: JSONValue]
        do {
            guard case .object(let members) = try JSONParser.parse(text) else {
                throw StoreError(.database, "audit entry \(sequence): details are not a JSON object")
            }
            details = members
        } catch let error as JSONParser.Failure {
            throw StoreError(.database, "audit entry \(sequence): details are not JSON (\(error))")
        }
        return AuditEntry(
            sequence: sequence, timeMicroseconds: try row.int(1), actor: try row.text(2), action: try row.text(3),
            subject: try row.text(4), details: details, previousHash: try row.blob(6), hash: try row.blob(7))
    }

    /// Walks the chain in pages and names the first link that does not hold.
    public func verifyAudit() async throws -> AuditVerification {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let page = try await auditRows(after: after, limit: 2_000)
            guard let last = page.last else { return verifier.intact }
            for row in page {
                switch row.entry {
                case .failure(let error):
                    if row.sequence != verifier.nextSequence {
                        let expected = verifier.nextSequence
                        return .broken(
                            AuditBreak(sequence: expected, problem: .gap(expected: expected, found: row.sequence)))
                    }
                    return .broken(AuditBreak(sequence: row.sequence, problem: .unreadable(error.message)))
                case .success(let entry):
                    if let broken = verifier.check(entry) { return .broken(broken) }
                }
            }
            after = last.sequence
        }
    }

    /// Writes the chain as JSON Lines; the file appears complete or not at all (written aside, then renamed).
    public func exportAudit(to url: URL) async throws -> Int64 {
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw StoreError(.cannotOpen, "cannot write \(partial.path)", hint: "check the folder and its permissions")
        }
        let handle = try FileHandle(forWritingTo: partial)
        var count: Int64 = 0
        do {
            var after: Int64 = 0
            while true {
                let page = try await auditEntries(after: after, limit: 2_000)
                guard let last = page.last else { break }
                var text = ""
                for entry in page { text += try entry.jsonLine() + "\n" }
                try handle.write(contentsOf: Data(text.utf8))
                count += Int64(page.count)
                after = last.sequence
            }
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        return count
    }

    /// Reads an export back: the entries of a JSON Lines file ``exportAudit(to:)`` wrote.
    public static func readAuditExport(from url: URL) throws -> [AuditEntry] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n", omittingEmptySubsequences: true).map {
            try AuditEntry(jsonLine: String($0))
        }
    }
}

/// The last entry of the audit chain: its sequence number and hash (0 and the genesis hash when the log is empty).
struct AuditHead: Sendable {
    var sequence: Int64
    var hash: [UInt8]

    /// The columns a query reads the head with, for ``init(row:at:)``; they can join other scalar subqueries.
    static let columns = """
        (SELECT sequence FROM audit_log ORDER BY sequence DESC LIMIT 1), \
        (SELECT hash FROM audit_log ORDER BY sequence DESC LIMIT 1)
        """

    init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head from the two columns at `index` of a row read with ``columns``.
    init(row: SQLRow, at index: Int) throws {
        guard let sequence = try row.optionalInt(index) else {
            self.init(sequence: 0, hash: AuditChain.genesis)
            return
        }
        self.init(sequence: sequence, hash: try row.blob(index + 1))
    }

    /// The head read on its own.
    static func read(_ connection: SQLConnection) async throws -> AuditHead {
        guard let row = try await connection.query("SELECT \(columns)").first else {
            throw StoreError(.database, "reading the audit chain's head returned no row")
        }
        return try AuditHead(row: row, at: 0)
    }
}
