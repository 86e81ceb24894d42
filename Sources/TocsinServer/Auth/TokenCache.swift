import Foundation
import Synchronization
import TocsinStore

/// Valid API tokens seen in the last few seconds, so that a busy forwarder's every request does not query the
/// store. Only tokens that exist are cached (an unknown secret always asks the store), and an entry lives
/// ``lifetime`` seconds: a deleted token stops working within that time.
final class TokenCache: Sendable {
    static let lifetime: TimeInterval = 5
    private let entries = Mutex<[[UInt8]: (token: APIToken, at: Date)]>([:])

    /// The cached token for a secret's hash, when it was fetched less than ``lifetime`` ago.
    func lookup(_ hash: [UInt8], now: Date) -> APIToken? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard now.timeIntervalSince(entry.at) < Self.lifetime, now >= entry.at else {
                entries[hash] = nil
                return nil
            }
            return entry.token
        }
    }

    /// Forgets a deleted token at once, so it stops working now, not within ``lifetime``.
    func forget(_ hash: [UInt8]) {
        entries.withLock { $0[hash] = nil }
    }

    /// Remembers a token the store just returned.
    func remember(_ token: APIToken, now: Date) {
        entries.withLock { entries in
            // Bounded: tokens are few; a flood of distinct valid tokens just starts over.
            if entries.count > 10_000 { entries.removeAll() }
            entries[token.secretHash] = (token, now)
        }
    }
}
