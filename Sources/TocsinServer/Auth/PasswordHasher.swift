import Dispatch
import HummingbirdBcrypt

/// bcrypt hashing and checking, run on a serial queue of its own.
///
/// A check at cost 12 keeps a core busy for about a quarter of a second. Run inline it would hold a thread of the
/// cooperative pool (and stall ingest and detection with it); on `NIOThreadPool.singleton` it would compete with
/// SQLite, which runs its statements there. One serial queue caps logins at one core however many arrive at once.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost (2^cost rounds), clamped to what bcrypt accepts (4...31).
    public let cost: Int

    private static let queue = DispatchQueue(label: "tocsin.password-hashing", qos: .userInitiated)

    /// A hasher at `cost` (12 for people's passwords; tests use 4).
    public init(cost: Int) {
        self.cost = min(max(cost, 4), 31)
    }

    /// The bcrypt hash string (`$2b$12$…`) of `password`, with a new random salt.
    public func hash(_ password: String) async -> String {
        let cost = UInt8(self.cost)
        return await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// Whether `password` matches the bcrypt `hash` (`false` for a malformed hash).
    public func verify(_ password: String, against hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
