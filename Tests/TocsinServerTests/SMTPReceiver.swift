import Foundation
import Testing

/// The real SMTP server of the delivery tests (Python's aiosmtpd, `Tests/TocsinDeliveryTests/Support/smtp_server.py`)
/// as the server tests start it: plain SMTP on loopback, every accepted message written to a folder.
final class SMTPReceiver: @unchecked Sendable {
    // @unchecked: `process` and `output` are set once in `start` before the value is shared, then only read.
    let process: Process
    let port: Int
    let output: URL

    private init(process: Process, port: Int, output: URL) {
        self.process = process
        self.port = port
        self.output = output
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TocsinDeliveryTests/Support/smtp_server.py").path
    }

    /// Starts the server; `nil` (with a notice) when aiosmtpd is missing outside CI. In CI a missing aiosmtpd fails.
    static func start(_ arguments: [String] = []) async throws -> SMTPReceiver? {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--output", output.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let line: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while true {
                    let byte = pipe.fileHandleForReading.readData(ofLength: 1)
                    guard let first = byte.first, first != 10 else { break }
                    bytes.append(first)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            kill(process.processIdentifier, SIGKILL)
            if line.contains("aiosmtpd-missing") && ProcessInfo.processInfo.environment["CI"] != "true" {
                print("note: aiosmtpd is not installed (pip install aiosmtpd), so the SMTP half of this test is skipped")
                return nil
            }
            Issue.record("the SMTP test server did not start: \(line)")
            throw CancellationError()
        }
        return SMTPReceiver(process: process, port: port, output: output)
    }

    /// The raw messages received so far, in order.
    func messages() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.sorted().compactMap {
            try? String(contentsOf: output.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// Kills the server (SIGKILL: a process started from a pool thread inherits its blocked signals, so SIGTERM may
    /// go unheard).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        try? FileManager.default.removeItem(at: output)
    }
}
