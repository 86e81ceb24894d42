import Foundation

/// The API's login checks: the throttle, bcrypt off the cooperative pool, and the same work for unknown names.
actor LoginGuard {
    private var throttle = LoginThrottle()
    private let hasher: PasswordHasher
    /// A hash of a random password at the configured cost, made on first use: checking an unknown name against it
    /// takes as long as checking a real user's hash, so the answer's timing does not tell which names exist.
    private var dummyHash: String?
    private var checking = 0
    /// Password checks waiting or running at most; more are refused (503) rather than queued without bound.
    let maximumChecking: Int

    init(hasher: PasswordHasher, maximumChecking: Int = 16) {
        self.hasher = hasher
        self.maximumChecking = maximumChecking
    }

    /// The throttle's decision for this attempt.
    func check(name: String, address: String?, at time: Date) -> LoginThrottle.Decision {
        throttle.check(name: name, address: address, at: time)
    }

    /// Whether `password` is the one `hash` was made from; an absent hash (an unknown name) is checked against the
    /// dummy hash and fails. `nil` when too many checks are already under way.
    func verify(_ password: String, against hash: String?) async -> Bool? {
        guard checking < maximumChecking else { return nil }
        checking += 1
        defer { checking -= 1 }
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

    /// Counts a failed attempt.
    func recordFailure(name: String, address: String?, at time: Date) {
        throttle.recordFailure(name: name, address: address, at: time)
    }

    /// Clears the name's failures.
    func recordSuccess(name: String) {
        throttle.recordSuccess(name: name)
    }
}
