import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs blocking work (a child process, `fsync`) on a thread of its own and resumes the caller when it is done,
/// so that Swift's cooperative thread pool, which async code shares, never sits waiting.
enum MailThread {
    /// Runs `body` on a new thread named `name`.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }

    /// Runs `body` (which spawns a process) with no signal blocked on this thread, then restores the mask.
    ///
    /// A thread started from the cooperative pool inherits libdispatch's mask, which blocks nearly every signal,
    /// and a child inherits the mask of the thread that spawns it: a sendmail started that way ignores SIGTERM
    /// and cannot use alarm(). For the moment the mask is empty, a signal sent to the whole process may be
    /// handled on this thread instead of another, which changes nothing for its handler.
    static func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        sigemptyset(&none)
        var saved = sigset_t()
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }
}

/// A value one thread hands to another. Every access holds the lock, which is what makes it safe to share.
final class MailThreadBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
