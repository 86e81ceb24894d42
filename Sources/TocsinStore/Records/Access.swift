import Foundation

/// What a user or token may do.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Everything, including users, tokens and configuration.
    case admin
    /// Works incidents: acknowledge, contain, resolve, write notes.
    case responder
    /// Reads only.
    case viewer
}

/// A person who logs in to the dashboard.
public struct User: Sendable, Hashable, Identifiable {
    /// The store's identifier.
    public var id: Int64
    /// The login name, unique.
    public var name: String
    /// The bcrypt hash string (`$2b$12$…`) exactly as the server computed it; the store never sees a password.
    public var passwordHash: String
    /// What the user may do.
    public var role: Role
    /// When the user was created.
    public var createdAt: Date

    /// Creates a user record (the store does this when reading).
    public init(id: Int64, name: String, passwordHash: String, role: Role, createdAt: Date) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }
}

/// A machine credential: the store keeps only the SHA-256 hash of the secret.
public struct APIToken: Sendable, Hashable, Identifiable {
    /// The store's identifier.
    public var id: Int64
    /// A name for people, unique (`edr-forwarder`); it also names the ingest source `http:NAME`.
    public var name: String
    /// SHA-256 of the secret, 32 bytes.
    public var secretHash: [UInt8]
    /// What the token may do.
    public var role: Role
    /// When it was created.
    public var createdAt: Date
    /// When it was last used, if ever.
    public var lastUsedAt: Date?

    /// Creates a token record (the store does this when reading).
    public init(id: Int64, name: String, secretHash: [UInt8], role: Role, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.secretHash = secretHash
        self.role = role
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}
