import Foundation

/// Slows password guessing: failed logins are counted per user name and per client address, and past a limit the
/// next attempt must wait, longer with every further failure.
///
/// A pure value with the time passed in, so tests move a manual clock; ``LoginGuard`` is the actor around it.
/// A failure more than `window` after the previous one of the same name (or address) starts the count afresh; a
/// successful login clears the name's count, never the address's (a valid account must not reset an address that
/// is guessing at others). Counts live in memory: a restart forgets them.
struct LoginThrottle: Sendable {
    /// When one name or address must wait.
    struct Limit: Sendable, Equatable {
        /// Failures tolerated before the first wait.
        var failures: Int
        /// How long a failure is remembered after the one before it.
        var window: TimeInterval
        /// The first wait; each further failure doubles it, up to `maximumDelay`.
        var firstDelay: TimeInterval
        var maximumDelay: TimeInterval
    }

    /// What to do with a login attempt.
    enum Decision: Sendable, Equatable {
        /// Check the password.
        case allow
        /// Refuse without checking it; retry after this many seconds (at least 1).
        case wait(seconds: Int)
    }

    /// A run of failures, each within `window` of the previous one.
    struct Streak: Sendable, Equatable {
        var failures: Int
        var last: Date
    }

    /// Per user name: 5 failures, then 30 s, 60 s, … up to 15 minutes.
    var perName = Limit(failures: 5, window: 900, firstDelay: 30, maximumDelay: 900)
    /// Per client address, looser: a whole practice may sit behind one NAT address.
    var perAddress = Limit(failures: 20, window: 900, firstDelay: 30, maximumDelay: 900)
    /// Past this many remembered names (or addresses), streaks older than their window are dropped.
    var pruneAbove = 10_000

    private(set) var names: [String: Streak] = [:]
    private(set) var addresses: [String: Streak] = [:]

    /// Whether an attempt for `name` from `address` (`nil` when unknown) may check its password at `time`.
    mutating func check(name: String, address: String?, at time: Date) -> Decision {
        var wait = Self.remaining(&names, name, perName, at: time)
        if let address { wait = max(wait, Self.remaining(&addresses, address, perAddress, at: time)) }
        return wait > 0 ? .wait(seconds: max(1, Int(wait.rounded(.up)))) : .allow
    }

    /// Counts a wrong password (or an unknown name) for `name` and `address`.
    mutating func recordFailure(name: String, address: String?, at time: Date) {
        Self.count(&names, name, perName, at: time, pruneAbove: pruneAbove)
        if let address { Self.count(&addresses, address, perAddress, at: time, pruneAbove: pruneAbove) }
    }

    /// Clears the name's failures after a correct password.
    mutating func recordSuccess(name: String) {
        names[name] = nil
    }

    /// The wait a streak of `failures` imposes after its last failure under `limit`: none below the limit, then
    /// the first delay doubled for each failure past it, capped.
    static func delay(failures: Int, _ limit: Limit) -> TimeInterval {
        guard failures >= limit.failures else { return 0 }
        let doublings = min(failures - limit.failures, 30)
        return min(limit.maximumDelay, limit.firstDelay * pow(2, Double(doublings)))
    }

    private static func remaining(
        _ streaks: inout [String: Streak], _ key: String, _ limit: Limit, at time: Date
    ) -> TimeInterval {
        guard let streak = streaks[key] else { return 0 }
        if time.timeIntervalSince(streak.last) > limit.window {
            streaks[key] = nil
            return 0
        }
        let until = streak.last.addingTimeInterval(delay(failures: streak.failures, limit))
        return max(0, until.timeIntervalSince(time))
    }

    private static func count(
        _ streaks: inout [String: Streak], _ key: String, _ limit: Limit, at time: Date, pruneAbove: Int
    ) {
        if var streak = streaks[key], time.timeIntervalSince(streak.last) <= limit.window {
            streak.failures += 1
            streak.last = time
            streaks[key] = streak
        } else {
            streaks[key] = Streak(failures: 1, last: time)
        }
        // Bounds the memory a spray of made-up names can take: only streaks still within their window stay.
        if streaks.count > pruneAbove {
            streaks = streaks.filter { time.timeIntervalSince($0.value.last) <= limit.window }
        }
    }
}
