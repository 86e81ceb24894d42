import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blocking test work (child processes, pipe reads) on threads of its own, off Swift's cooperative pool.
enum TestThread {
    /// Runs `body` on a new thread and resumes when it returns.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// What a finished command left.
    struct CommandOutput: Sendable {
        var status: Int32
        var standardOutput: Data
        var standardError: Data
    }

    /// Runs `arguments` through `/usr/bin/env` (so `python3`, `openssl` are found on PATH) and collects output.
    static func command(_ arguments: [String], in directory: URL? = nil) async throws -> CommandOutput {
        try await run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            let output = Pipe()
            let error = Pipe()
            process.standardOutput = output
            process.standardError = error
            process.standardInput = FileHandle.nullDevice
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try spawn(process)
            let errorData = LockedBox(Data())
            let errorDone = DispatchSemaphore(value: 0)
            let errorHandle = error.fileHandleForReading
            Thread {
                errorData.value = errorHandle.readDataToEndOfFile()
                errorDone.signal()
            }.start()
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            errorDone.wait()
            exited.wait()
            return CommandOutput(
                status: process.terminationStatus, standardOutput: outputData, standardError: errorData.value)
        }
    }

    /// Starts `process` with no signal blocked. A thread made from the cooperative pool inherits libdispatch's
    /// mask, which blocks SIGTERM among others, and a child inherits its spawning thread's mask: without this a
    /// server started here could not be terminated.
    static func spawn(_ process: Process) throws {
        var none = sigset_t()
        sigemptyset(&none)
        var saved = sigset_t()
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
    }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Tests/TocsinDeliveryTests/Support, where the helper scripts are.
    static let supportDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
}

/// A value shared between threads; the lock makes the unchecked Sendable safe.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
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
