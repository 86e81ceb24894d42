import Foundation

/// The API's login checks: the throttle, bcrypt off the cooperative pool, and the same work for unknown names.
///
/// Attempts that share a name or an address take turns: otherwise a burst of parallel guesses would all pass the
/// throttle before the first failure is counted, and each lockout would let through a burst instead of one guess.
/// People are not slowed by it: bcrypt runs one check at a time anyway.
actor LoginGuard {
    /// How an attempt ended.
    enum Outcome: Sendable, Equatable {
        /// Refused by the throttle without looking at the password; retry after this many seconds.
        case wait(seconds: Int)
        /// Too many attempts are already waiting or running.
        case busy
        /// The password is wrong, or there is no such user (counted as a failure).
        case failed
        /// The password is right (the name's failures are cleared).
        case succeeded
    }

    private var throttle = LoginThrottle()
    private let hasher: PasswordHasher
    /// A hash of a random password at the configured cost, made on first use: checking an unknown name against it
    /// takes as long as checking a real user's hash, so the answer's timing does not tell which names exist.
    private var dummyHash: String?
    /// Attempts waiting or running at most; more are refused (503) rather than queued without bound.
    let maximumAttempts: Int
    private var attempts = 0
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(hasher: PasswordHasher, maximumAttempts: Int = 16) {
        self.hasher = hasher
        self.maximumAttempts = maximumAttempts
    }

    /// Checks `password` for `name` against `hash` (`nil`: no such user) unless the throttle refuses, and counts
    /// the result. `clock` is read once the attempt's turn has come.
    func attempt(
        name: String, address: String?, password: String, hash: String?, clock: @Sendable () -> Date
    ) async -> Outcome {
        guard attempts < maximumAttempts else { return .busy }
        attempts += 1
        let keys = ["name:" + name] + (address.map { ["address:" + $0] } ?? [])
        await acquire(keys)
        defer {
            release(keys)
            attempts -= 1
        }
        if case .wait(let seconds) = throttle.check(name: name, address: address, at: clock()) {
            return .wait(seconds: seconds)
        }
        let matches = await verify(password, against: hash)
        if matches {
            throttle.recordSuccess(name: name)
            return .succeeded
        }
        throttle.recordFailure(name: name, address: address, at: clock())
        return .failed
    }

    private func verify(_ password: String, against hash: String?) async -> Bool {
        if let hash { return await hasher.verify(password, against: hash) }
        let dummy: String
        if let made = dummyHash {
            dummy = made
        } else {
            dummy = await hasher.hash(SessionSecret.generate())
            dummyHash = dummy
        }
        _ = await hasher.verify(password, against: dummy)
        return false
    }

    /// Takes every key in `keys`, in sorted order so that two attempts never wait on each other in a circle.
    private func acquire(_ keys: [String]) async {
        for key in keys.sorted() {
            while held.contains(key) {
                await withCheckedContinuation { waiting[key, default: []].append($0) }
            }
            held.insert(key)
        }
    }

    private func release(_ keys: [String]) {
        for key in keys {
            held.remove(key)
            if var queue = waiting[key], !queue.isEmpty {
                queue.removeFirst().resume()
                waiting[key] = queue.isEmpty ? nil : queue
            }
        }
    }
}
