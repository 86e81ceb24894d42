import Foundation

extension SQLStore {
    /// Creates a user.
    public func createUser(name: String, passwordHash: String, role: Role, actor: String) async throws -> User {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard try await connection.query("SELECT id FROM users WHERE name = ?", [.text(name)]).isEmpty else {
                throw StoreError(.conflict, "the user '\(name)' already exists", hint: "choose another name")
            }
            let id = try await Self.insertReturningIDs(
                connection, table: "users", columns: ["name", "password_hash", "role", "created_at_us"],
                rows: [[.text(name), .text(passwordHash), .text(role.rawValue), .int(time)]])[0]
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: actor, action: "user.created", subject: "user:\(name)",
                        details: ["role": .string(role.rawValue)])
                ],
                at: time, on: connection)
            return User(
                id: id, name: name, passwordHash: passwordHash, role: role,
                createdAt: Timestamp.date(microseconds: time))
        }
    }

    /// The user with this login name.
    public func user(named name: String) async throws -> User? {
        try await backend.transaction(.read) { connection in
            try await connection.query("SELECT \(Self.userColumns) FROM users WHERE name = ?", [.text(name)])
                .first.map(Self.user)
        }
    }

    /// All users by name.
    public func users() async throws -> [User] {
        try await backend.transaction(.read) { connection in
            try await connection.query("SELECT \(Self.userColumns) FROM users ORDER BY name").map(Self.user)
        }
    }

    /// Replaces a user's password hash and role; a new password ends the user's sessions.
    public func updateUser(name: String, passwordHash: String, role: Role, actor: String) async throws -> User {
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard
                let old = try await connection.query(
                    "SELECT \(Self.userColumns) FROM users WHERE name = ?", [.text(name)]
                ).first.map(Self.user)
            else { throw StoreError.notFound("user '\(name)'") }
            var details: [String: JSONValue] = [:]
            if old.role != role {
                details["role"] = ["from": .string(old.role.rawValue), "to": .string(role.rawValue)]
            }
            if old.passwordHash != passwordHash { details["password_changed"] = true }
            guard !details.isEmpty else { return old }
            try await connection.query(
                "UPDATE users SET password_hash = ?, role = ? WHERE id = ?",
                [.text(passwordHash), .text(role.rawValue), .int(old.id)])
            // A new password ends the sessions opened with the old one (someone may have learnt it).
            if old.passwordHash != passwordHash {
                let ended = try await connection.query(
                    "DELETE FROM sessions WHERE user_id = ? RETURNING id", [.int(old.id)]
                ).count
                if ended > 0 { details["sessions_ended"] = .int(Int64(ended)) }
            }
            _ = try await Self.appendAudit(
                [AuditDraft(actor: actor, action: "user.updated", subject: "user:\(name)", details: details)],
                at: time, on: connection)
            return User(id: old.id, name: name, passwordHash: passwordHash, role: role, createdAt: old.createdAt)
        }
    }

    /// Creates a token from the hash of its secret.
    public func createToken(name: String, secretHash: [UInt8], role: Role, actor: String) async throws -> APIToken {
        guard secretHash.count == 32 else {
            throw StoreError.invalid("a token's secret hash must be 32 bytes of SHA-256, not \(secretHash.count)")
        }
        let time = now
        return try await backend.transaction(.audit) { connection in
            guard try await connection.query("SELECT id FROM api_tokens WHERE name = ?", [.text(name)]).isEmpty else {
                throw StoreError(.conflict, "the token '\(name)' already exists", hint: "choose another name")
            }
            let id = try await Self.insertReturningIDs(
                connection, table: "api_tokens", columns: ["name", "secret_hash", "role", "created_at_us"],
                rows: [[.text(name), .blob(secretHash), .text(role.rawValue), .int(time)]])[0]
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: actor, action: "token.created", subject: "token:\(name)",
                        details: ["role": .string(role.rawValue), "token_id": .int(id)])
                ],
                at: time, on: connection)
            return APIToken(
                id: id, name: name, secretHash: secretHash, role: role, createdAt: Timestamp.date(microseconds: time),
                lastUsedAt: nil)
        }
    }

    /// The token whose secret hashes to `hash`.
    public func token(hash: [UInt8]) async throws -> APIToken? {
        try await backend.transaction(.read) { connection in
            try await connection.query(
                "SELECT \(Self.tokenColumns) FROM api_tokens WHERE secret_hash = ?", [.blob(hash)]
            )
            .first.map(Self.token)
        }
    }

    /// All tokens by name.
    public func tokens() async throws -> [APIToken] {
        try await backend.transaction(.read) { connection in
            try await connection.query("SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY name").map(Self.token)
        }
    }

    /// Records a token's use.
    public func touchToken(id: Int64, at time: Date) async throws {
        try await backend.transaction(.write) { connection in
            try await connection.query(
                "UPDATE api_tokens SET last_used_at_us = ? WHERE id = ?",
                [.int(Timestamp.microseconds(time)), .int(id)])
        }
    }

    /// Deletes a token.
    public func deleteToken(id: Int64, actor: String) async throws -> Bool {
        let time = now
        return try await backend.transaction(.audit) { connection in
            let deleted = try await connection.query("DELETE FROM api_tokens WHERE id = ? RETURNING name", [.int(id)])
            guard let name = try deleted.first?.text(0) else { return false }
            _ = try await Self.appendAudit(
                [
                    AuditDraft(
                        actor: actor, action: "token.deleted", subject: "token:\(name)", details: ["token_id": .int(id)]
                    )
                ],
                at: time, on: connection)
            return true
        }
    }

    static let userColumns = "id, name, password_hash, role, created_at_us"
    static let tokenColumns = "id, name, secret_hash, role, created_at_us, last_used_at_us"

    static func role(_ name: String) throws -> Role {
        guard let role = Role(rawValue: name) else { throw StoreError(.database, "unknown role '\(name)' stored") }
        return role
    }

    static func user(_ row: SQLRow) throws -> User {
        User(
            id: try row.int(0), name: try row.text(1), passwordHash: try row.text(2), role: try role(row.text(3)),
            createdAt: Timestamp.date(microseconds: try row.int(4)))
    }

    static func token(_ row: SQLRow) throws -> APIToken {
        APIToken(
            id: try row.int(0), name: try row.text(1), secretHash: try row.blob(2), role: try role(row.text(3)),
            createdAt: Timestamp.date(microseconds: try row.int(4)),
            lastUsedAt: try row.optionalInt(5).map(Timestamp.date(microseconds:)))
    }
}
