import Foundation

/// When the outbox tries a failed message again: exponential back-off with full jitter, up to a number of attempts.
///
/// Attempt n (1-based) that failed transiently waits a random time in `[base/2, base]` where
/// `base = min(maximumDelay, initialDelay × 2^(n-1))`: the half that is always waited keeps a flapping receiver from
/// being hammered, and the random half keeps many messages from retrying in lockstep after an outage.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; after the last failure the message is dead.
    public var attempts: Int
    public var initialDelay: TimeInterval
    public var maximumDelay: TimeInterval

    /// Creates a policy; the defaults retry for about an hour (8 attempts: 5 s, 10 s, 20 s … capped at 10 min).
    public init(attempts: Int = 8, initialDelay: TimeInterval = 5, maximumDelay: TimeInterval = 600) {
        self.attempts = max(1, attempts)
        self.initialDelay = max(0, initialDelay)
        self.maximumDelay = max(initialDelay, maximumDelay)
    }

    /// When to try again after attempt `attempt` (1-based) failed with `kind`; `nil` means give up (dead letter).
    /// `random` gives a number in `0..<1` (passed in, so tests are exact).
    public func retryTime(
        after attempt: Int, kind: DeliveryError.Kind, at time: Date, random: () -> Double
    ) -> Date? {
        guard kind == .transient, attempt < attempts else { return nil }
        let exponent = Double(min(max(attempt - 1, 0), 40))
        let base = min(maximumDelay, initialDelay * pow(2, exponent))
        let fraction = min(max(random(), 0), 1)
        return time.addingTimeInterval(base / 2 + base / 2 * fraction)
    }
}
