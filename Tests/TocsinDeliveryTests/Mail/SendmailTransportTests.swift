import Foundation
import Testing
import TocsinDelivery

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SendmailTransport against Support/fake_sendmail.sh: no real MTA is installed on the test machines, and a test
/// must not send real mail. Each test writes a wrapper script that sets the fake's behaviour and execs it, so
/// tests running in parallel do not share environment variables.
@Suite struct SendmailTransportTests {
    private struct Fake {
        let folder: URL
        let program: String
        var input: URL { folder.appendingPathComponent("input.eml") }
    }

    private func fake(_ settings: [String: String]) throws -> Fake {
        let folder = try TestThread.temporaryDirectory("tocsin-sendmail")
        let script = TestThread.supportDirectory.appendingPathComponent("fake_sendmail.sh").path
        var lines = ["#!/bin/sh", "export FAKE_SENDMAIL_OUTPUT='\(folder.appendingPathComponent("input.eml").path)'"]
        lines += settings.sorted(by: { $0.key < $1.key }).map { "export \($0.key)='\($0.value)'" }
        lines.append("exec '\(script)' \"$@\"")
        let program = folder.appendingPathComponent("sendmail").path
        // Written through a close-on-exec descriptor: a child another test spawns meanwhile must not keep the
        // script open for writing, or running it fails with ETXTBSY.
        let descriptor = open(program, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(descriptor >= 0)
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        try #require(written == text.count)
        return Fake(folder: folder, program: program)
    }

    @Test func pipesTheMessageWithUnixLineEnds() async throws {
        let fake = try fake([:])
        defer { try? FileManager.default.removeItem(at: fake.folder) }
        let message = try TestMail.message(text: "Hallo\n.\nEnde")
        let receipt = try await SendmailTransport(path: fake.program).send(message)
        #expect(
            receipt
                == MailReceipt(
                    messageID: "inc-42.1@tocsin.example",
                    response: "\(fake.program) accepted the message (exit status 0)"))
        let written = try Data(contentsOf: fake.input)
        let expected = String(decoding: TestMail.rendered(message), as: UTF8.self).replacingOccurrences(
            of: "\r\n", with: "\n")
        #expect(String(decoding: written, as: UTF8.self) == expected)
        #expect(!written.contains(13))
    }

    @Test func exitStatus75IsTransient() async throws {
        let fake = try fake(["FAKE_SENDMAIL_STATUS": "75", "FAKE_SENDMAIL_STDERR": "queue directory full\nsecond line"])
        defer { try? FileManager.default.removeItem(at: fake.folder) }
        let error = await #expect(throws: DeliveryError.self) {
            try await SendmailTransport(path: fake.program).send(TestMail.message())
        }
        #expect(
            error
                == DeliveryError(
                    .transient, code: "T730",
                    "\(fake.program) exited with status 75 (EX_TEMPFAIL): queue directory full",
                    hint: "the mail system will take it later; the message will be retried"))
    }

    @Test func otherExitStatusesArePermanent() async throws {
        let fake = try fake([
            "FAKE_SENDMAIL_STATUS": "67", "FAKE_SENDMAIL_STDERR": "oncall@example.com... User unknown",
        ])
        defer { try? FileManager.default.removeItem(at: fake.folder) }
        let error = await #expect(throws: DeliveryError.self) {
            try await SendmailTransport(path: fake.program).send(TestMail.message())
        }
        #expect(
            error
                == DeliveryError(
                    .permanent, code: "T730",
                    "\(fake.program) exited with status 67 (EX_NOUSER): oncall@example.com... User unknown"))
    }

    @Test func aMissingProgramIsPermanent() async throws {
        let error = await #expect(throws: DeliveryError.self) {
            try await SendmailTransport(path: "/nonexistent/sendmail").send(TestMail.message())
        }
        #expect(error?.code == "T731")
        #expect(error?.kind == .permanent)
        #expect(error?.message.hasPrefix("cannot run /nonexistent/sendmail: ") == true)
    }

    @Test func aHungProgramIsStoppedAtTheTimeout() async throws {
        let fake = try fake(["FAKE_SENDMAIL_SLEEP": "30"])
        defer { try? FileManager.default.removeItem(at: fake.folder) }
        let error = await #expect(throws: DeliveryError.self) {
            try await SendmailTransport(path: fake.program, timeout: .milliseconds(500)).send(TestMail.message())
        }
        #expect(
            error
                == DeliveryError(
                    .transient, code: "T732", "\(fake.program) did not finish within 0.5 s and was stopped",
                    hint: "the local mail system is stuck or slow; the message will be retried"))
        // SIGTERM worked: the message says "killed" when the SIGKILL fallback was needed. (Wall time is not asserted:
        // in a full parallel test run the test's own task may wait long for a thread after the watchdog has acted.)
    }

    @Test func survivesAProgramThatExitsWithoutReading() async throws {
        let fake = try fake(["FAKE_SENDMAIL_NO_READ": "1"])
        defer { try? FileManager.default.removeItem(at: fake.folder) }
        let big = String(repeating: "Eine lange Zeile voller Text, die den Pipe-Puffer füllt.\n", count: 20_000)
        let receipt = try await SendmailTransport(path: fake.program).send(TestMail.message(text: big, html: nil))
        #expect(receipt.response.hasSuffix("accepted the message (exit status 0)"))
    }
}
