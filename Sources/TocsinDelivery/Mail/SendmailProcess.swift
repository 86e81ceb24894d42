import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program with bytes on its standard input and collects its exit status and standard error, with a
/// deadline: the blocking part of ``SendmailTransport``.
///
/// Standard input is written and standard error read on threads of their own, so that neither side can fill a
/// pipe and wait for the other; the exit is awaited on the calling thread (``MailThread``), off the cooperative
/// pool. A program that outlives the deadline gets SIGTERM, and SIGKILL two seconds later.
enum SendmailProcess {
    /// How the program ended.
    struct Outcome: Sendable, Equatable {
        /// The exit status, or the signal number when `signalled`.
        var status: Int32
        var signalled: Bool
        /// Whether the deadline passed and the program was stopped.
        var timedOut: Bool
        var standardError: [UInt8]
    }

    /// Runs `executable` with `arguments`; throws only when it cannot be started.
    static func run(executable: String, arguments: [String], input: [UInt8], timeout: Duration) async throws
        -> Outcome
    {
        try await MailThread.run(name: "tocsin-sendmail") {
            try runBlocking(executable: executable, arguments: arguments, input: input, timeout: timeout)
        }
    }

    private static func runBlocking(executable: String, arguments: [String], input: [UInt8], timeout: Duration)
        throws -> Outcome
    {
        let child = try SendmailChild.spawn(executable: executable, arguments: arguments)
        Thread {
            writeAll(input, to: child.standardInput)
            close(child.standardInput)
        }.start()
        let errorBytes = MailThreadBox<[UInt8]>([])
        let readDone = DispatchSemaphore(value: 0)
        Thread {
            errorBytes.value = readAll(child.standardError)
            close(child.standardError)
            readDone.signal()
        }.start()

        let watch = Watch()
        let stop = { @Sendable (signal: Int32) in
            watch.lock.withLock {
                // Not yet reaped, so the pid is still the child's even if it has just exited.
                guard !watch.exited else { return }
                watch.timedOut = true
                kill(child.pid, signal)
            }
        }
        // The watchdog is a thread of its own: Dispatch's global queue can be starved by other work in the process
        // (a full test run held it for 40 s), and a stuck sendmail must be stopped on time regardless.
        let exitedSignal = DispatchSemaphore(value: 0)
        let watchdogDeadline = deadline(after: timeout)
        Thread {
            guard exitedSignal.wait(timeout: watchdogDeadline) == .timedOut else { return }
            stop(SIGTERM)
            guard exitedSignal.wait(timeout: .now() + 2) == .timedOut else { return }
            stop(SIGKILL)
        }.start()
        child.waitForExit()
        exitedSignal.signal()
        let timedOut = watch.lock.withLock {
            watch.exited = true
            return watch.timedOut
        }
        let (status, signalled) = child.reap()
        // A child the program left behind may hold standard error open; do not wait for it long.
        _ = readDone.wait(timeout: .now() + (timedOut ? 0.2 : 2))
        return Outcome(status: status, signalled: signalled, timedOut: timedOut, standardError: errorBytes.value)
    }

    /// Whether the child has exited and whether the deadline stopped it; `lock` guards both, which is what makes
    /// the unchecked Sendable safe.
    private final class Watch: @unchecked Sendable {
        let lock = NSLock()
        var exited = false
        var timedOut = false
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return bytes }
            if bytes.count < 65_536 { bytes += chunk[0..<count] }
        }
    }

    /// Writes `bytes` to `descriptor`, stopping quietly when the reader has gone. SIGPIPE is blocked on this
    /// thread first: a program that exits without reading must not take the whole process with it.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    private static func deadline(after duration: Duration) -> DispatchTime {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = min(max(seconds, 0), 86_400) * 1_000_000_000 + attoseconds / 1_000_000_000
        return .now() + .nanoseconds(Int(nanoseconds))
    }
}
