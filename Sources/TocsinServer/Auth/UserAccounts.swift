import Foundation
import TocsinCore
import TocsinStore

/// Creating users and changing their passwords: the policy checks, then bcrypt, then the store (which keeps only
/// the hash). The command line calls these with the password it read; they never read a terminal themselves.
public enum UserAccounts {
    /// A problem that stops a change (a bad name or password, an unknown user), said so that a person can fix it.
    public struct Problem: TocsinError, Equatable {
        public var code: String { "T610" }
        public var message: String
        public var hint: String?

        init(_ message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }
    }

    /// The problem with a login name, or `nil`: 1 to 64 letters, digits and `.`, `_`, `@`, `-`.
    public static func problem(withName name: String) -> String? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._@-"))
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII })
        else { return "a user name must be 1 to 64 ASCII letters, digits, '.', '_', '@' or '-'" }
        return nil
    }

    /// Creates the user `name` with `role` and the bcrypt hash of `password`.
    public static func add(
        name: String, role: Role, password: String, cost: Int, actor: String, in store: some AccessStore
    ) async throws -> User {
        if let issue = problem(withName: name) { throw Problem(issue) }
        if let issue = PasswordPolicy.problem(with: password) { throw Problem(issue) }
        let hash = await PasswordHasher(cost: cost).hash(password)
        return try await store.createUser(name: name, passwordHash: hash, role: role, actor: actor)
    }

    /// Gives `name` a new password, keeping the role; the store ends the user's open sessions.
    public static func changePassword(
        name: String, password: String, cost: Int, actor: String, in store: some AccessStore
    ) async throws -> User {
        if let issue = PasswordPolicy.problem(with: password) { throw Problem(issue) }
        guard let user = try await store.user(named: name) else {
            throw Problem("there is no user '\(name)'", hint: "'tocsin user list' shows them")
        }
        let hash = await PasswordHasher(cost: cost).hash(password)
        return try await store.updateUser(name: name, passwordHash: hash, role: user.role, actor: actor)
    }
}
