import Foundation

extension SQLStore {
    /// Opens a login session.
    public func createSession(_ session: NewSession, actor: String) async throws -> Session {
        guard session.secretHash.count == 32 else {
            throw StoreError.invalid(
                "a session's secret hash must be 32 bytes of SHA-256, not \(session.secretHash.count)")
        }
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard
                let user = try await connection.query(
                    "SELECT \(Self.userColumns) FROM users WHERE id = ?", [.int(session.userID)]
                ).first.map(Self.user)
            else { throw StoreError.notFound("user \(session.userID)") }
            let created = Timestamp.microseconds(session.createdAt)
            let id = try await Self.insertReturningIDs(
                connection, table: "sessions",
                columns: [
                    "secret_hash", "user_id", "csrf_token", "address", "created_at_us", "expires_at_us",
                    "last_seen_at_us",
                ],
                rows: [
                    [
                        .blob(session.secretHash), .int(user.id), .text(session.csrfToken), SQLValue(session.address),
                        .int(created), .int(Timestamp.microseconds(session.expiresAt)), .int(created),
                    ]
                ])[0]
            var details: [String: JSONValue] = ["session_id": .int(id)]
            if let address = session.address { details["address"] = .string(address) }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: "user.logged_in", subject: "user:\(user.name)", details: details)],
                at: time, on: connection)
            guard
                let stored = try await connection.query(
                    "\(Self.sessionSelect) WHERE s.id = ?", [.int(id)]
                ).first.map(Self.session)
            else { throw StoreError.notFound("session \(id)") }
            return stored
        }
    }

    /// The session whose secret hashes to `hash`.
    public func session(hash: [UInt8]) async throws -> Session? {
        try await backend.transaction(.read) { connection in
            try await connection.query("\(Self.sessionSelect) WHERE s.secret_hash = ?", [.blob(hash)])
                .first.map(Self.session)
        }
    }

    /// Records a session's use.
    public func touchSession(id: Int64, at time: Date) async throws {
        try await backend.transaction(.write) { connection in
            try await connection.query(
                "UPDATE sessions SET last_seen_at_us = ? WHERE id = ?", [.int(Timestamp.microseconds(time)), .int(id)])
        }
    }

    /// Ends a session (a logout).
    public func deleteSession(id: Int64, actor: String) async throws -> Bool {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard
                let session = try await connection.query("\(Self.sessionSelect) WHERE s.id = ?", [.int(id)])
                    .first.map(Self.session)
            else { return false }
            try await connection.query("DELETE FROM sessions WHERE id = ?", [.int(id)])
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: actor, action: "user.logged_out", subject: "user:\(session.userName)",
                        details: ["session_id": .int(id)])
                ],
                at: time, on: connection)
            return true
        }
    }

    /// Deletes sessions past their absolute end or idle for too long.
    public func deleteExpiredSessions(expiredAt: Date, idleSince: Date) async throws -> Int {
        try await backend.transaction(.write) { connection in
            try await connection.query(
                "DELETE FROM sessions WHERE expires_at_us <= ? OR last_seen_at_us < ? RETURNING id",
                [.int(Timestamp.microseconds(expiredAt)), .int(Timestamp.microseconds(idleSince))]
            ).count
        }
    }

    static let sessionSelect = """
        SELECT s.id, s.secret_hash, s.user_id, u.name, u.role, s.csrf_token, s.address, s.created_at_us,
            s.expires_at_us, s.last_seen_at_us
        FROM sessions s JOIN users u ON u.id = s.user_id
        """

    static func session(_ row: SQLRow) throws -> Session {
        Session(
            id: try row.int(0), secretHash: try row.blob(1), userID: try row.int(2), userName: try row.text(3),
            role: try role(row.text(4)), csrfToken: try row.text(5), address: try row.optionalText(6),
            createdAt: Timestamp.date(microseconds: try row.int(7)),
            expiresAt: Timestamp.date(microseconds: try row.int(8)),
            lastSeenAt: Timestamp.date(microseconds: try row.int(9)))
    }
}
