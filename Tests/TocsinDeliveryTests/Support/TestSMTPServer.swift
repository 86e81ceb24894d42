import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real SMTP server for a test: `smtp_server.py` (Python's aiosmtpd) as a child process on a free port.
///
/// Use ``with(_:_:)``, which always kills the server. Without aiosmtpd a test fails when `CI=true` (a missing
/// service is a failure there) and is skipped otherwise (the ``Trait/needsSMTPServer`` trait), with a notice.
final class TestSMTPServer: @unchecked Sendable {
    // @unchecked: `process` is set once in `start` and afterwards only signalled, which Process allows from any
    // thread; `exited` is a semaphore; `output` is immutable.
    private let process: Process
    private let exited: DispatchSemaphore
    /// The port on 127.0.0.1.
    let port: Int
    /// Where the server writes what it receives.
    let output: URL

    private init(process: Process, exited: DispatchSemaphore, port: Int, output: URL) {
        self.process = process
        self.exited = exited
        self.port = port
        self.output = output
    }

    /// Starts a server with `arguments` (see smtp_server.py), runs `body`, and kills the server whatever happens.
    static func with<T>(_ arguments: [String] = [], _ body: (TestSMTPServer) async throws -> T) async throws -> T {
        let server = try await start(arguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private static func start(_ arguments: [String]) async throws -> TestSMTPServer {
        let output = try TestThread.temporaryDirectory("tocsin-smtp")
        let script = TestThread.supportDirectory.appendingPathComponent("smtp_server.py").path
        let server = try await TestThread.run { () throws -> TestSMTPServer in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, "--output", output.path] + arguments
            let standardOutput = Pipe()
            process.standardOutput = standardOutput
            process.standardInput = FileHandle.nullDevice
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try TestThread.spawn(process)
            // A server that never prints its port must not hang the test.
            let gotLine = LockedBox(false)
            DispatchQueue.global().asyncAfter(deadline: .now() + 20) {
                if !gotLine.value && process.isRunning { process.terminate() }
            }
            let line = readLine(standardOutput.fileHandleForReading)
            gotLine.value = true
            guard let port = Int(line) else {
                if process.isRunning { process.terminate() }
                exited.wait()
                if line == "aiosmtpd-missing" {
                    throw StartFailure(description: "Python's aiosmtpd is missing (pip install aiosmtpd); CI needs it")
                }
                throw StartFailure(description: "smtp_server.py did not print its port (got '\(line)')")
            }
            return TestSMTPServer(process: process, exited: exited, port: port, output: output)
        }
        return server
    }

    private static func readLine(_ handle: FileHandle) -> String {
        var bytes = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stops the server (SIGTERM, SIGKILL after five seconds) and waits for it, off the cooperative pool.
    func stop() async {
        _ = try? await TestThread.run {
            if self.process.isRunning { self.process.terminate() }
            if self.exited.wait(timeout: .now() + 5) == .timedOut {
                kill(self.process.processIdentifier, SIGKILL)
                self.exited.wait()
            }
        }
        try? FileManager.default.removeItem(at: output)
    }

    /// What the server recorded beside a message.
    struct Envelope: Decodable, Equatable {
        var mail_from: String
        var rcpt_tos: [String]
        var message_id: String?
        var tls: Bool
        var authenticated: Bool
    }

    /// A message the server accepted: its raw bytes and its envelope.
    struct Received {
        var raw: Data
        var envelope: Envelope
        var text: String { String(decoding: raw, as: UTF8.self) }
    }

    /// The accepted messages, in order.
    func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            let base = output.appendingPathComponent(String(name.dropLast(5)))
            let envelope = try JSONDecoder().decode(
                Envelope.self, from: Data(contentsOf: base.appendingPathExtension("json")))
            return Received(raw: try Data(contentsOf: base.appendingPathExtension("eml")), envelope: envelope)
        }
    }

    /// events.log: `MAIL a@b`, `RCPT c@d`, `AUTH PLAIN tocsin ok`, `DATA 0001 <id>`, in order.
    func events() throws -> [String] {
        let url = output.appendingPathComponent("events.log")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Whether tests that need the server should run: always with `CI=true` (they fail there without aiosmtpd),
    /// otherwise only when Python can import aiosmtpd; a skip prints a notice once.
    static let isAvailable: Task<Bool, Never> = Task.detached {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        let check = try? await TestThread.command(["python3", "-c", "import aiosmtpd"])
        if check?.status == 0 { return true }
        print("notice: skipping the SMTP server tests: Python's aiosmtpd is not installed (pip install aiosmtpd)")
        return false
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when ``TestSMTPServer`` can start (see ``TestSMTPServer/isAvailable``).
    static var needsSMTPServer: Self {
        .enabled("needs Python's aiosmtpd") { await TestSMTPServer.isAvailable.value }
    }
}
