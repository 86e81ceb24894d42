import Foundation

/// A person's login session: the store keeps only the SHA-256 hash of the cookie's secret.
public struct Session: Sendable, Hashable, Identifiable {
    /// The store's identifier.
    public var id: Int64
    /// SHA-256 of the session secret, 32 bytes.
    public var secretHash: [UInt8]
    /// The user it belongs to, and that user's name and role as they are now (read with the session, so a changed
    /// role applies to sessions already open).
    public var userID: Int64
    public var userName: String
    public var role: Role
    /// The token that requests other than GET must repeat in `X-CSRF-Token`; not a credential without the cookie.
    public var csrfToken: String
    /// The client address the session was opened from, when known.
    public var address: String?
    /// When it was opened, when it ends whatever happens, and when it was last used.
    public var createdAt: Date
    public var expiresAt: Date
    public var lastSeenAt: Date

    /// Creates a session record (the store does this when reading).
    public init(
        id: Int64, secretHash: [UInt8], userID: Int64, userName: String, role: Role, csrfToken: String,
        address: String?, createdAt: Date, expiresAt: Date, lastSeenAt: Date
    ) {
        self.id = id
        self.secretHash = secretHash
        self.userID = userID
        self.userName = userName
        self.role = role
        self.csrfToken = csrfToken
        self.address = address
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
    }
}

/// What opening a session stores; times come from the caller's clock, like ``AccessStore/touchToken(id:at:)``.
public struct NewSession: Sendable, Hashable {
    /// SHA-256 of the session secret, 32 bytes.
    public var secretHash: [UInt8]
    public var userID: Int64
    public var csrfToken: String
    public var address: String?
    /// When it opens (also its first "last seen") and its absolute end.
    public var createdAt: Date
    public var expiresAt: Date

    /// A session to open.
    public init(
        secretHash: [UInt8], userID: Int64, csrfToken: String, address: String?, createdAt: Date, expiresAt: Date
    ) {
        self.secretHash = secretHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.address = address
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
