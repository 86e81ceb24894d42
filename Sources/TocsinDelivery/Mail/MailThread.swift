import Foundation

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
