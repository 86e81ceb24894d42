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
/// pipe and wait for the other. A program that outlives the deadline gets SIGTERM, and SIGKILL two seconds later.
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let standardInput = Pipe()
        let standardError = Pipe()
        process.standardInput = standardInput
        process.standardError = standardError
        process.standardOutput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try MailThread.withSignalsUnblocked { try process.run() }

        let writing = standardInput.fileHandleForWriting
        Thread {
            writeAll(input, to: writing.fileDescriptor)
            try? writing.close()
        }.start()
        let errorBytes = MailThreadBox<[UInt8]>([])
        let readDone = DispatchSemaphore(value: 0)
        let reading = standardError.fileHandleForReading
        Thread {
            errorBytes.value = Array(reading.readDataToEndOfFile())
            readDone.signal()
        }.start()

        var timedOut = false
        if exited.wait(timeout: deadline(after: timeout)) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        // A child the program left behind may hold standard error open; do not wait for it long.
        _ = readDone.wait(timeout: .now() + 2)
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, standardError: errorBytes.value)
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
