#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands messages to the local mail system through `sendmail -t -oi`, as Cachet and many Unix tools do.
///
/// `-t` makes sendmail take the recipients from the `To` header, `-oi` stops a line holding only `.` from ending
/// the message. The message goes in with LF line ends, the local convention that every sendmail (Postfix, Exim,
/// OpenSMTPD, msmtp) reads. Exit status 0 is success; 75 (EX_TEMPFAIL) is transient; any other status, and a
/// program that cannot be started, is permanent; a program that outlives the timeout is stopped, transiently.
public struct SendmailTransport: MailTransport {
    /// The sendmail program.
    public var path: String
    /// How long the program may run.
    public var timeout: Duration

    /// The arguments every run gets.
    public static let arguments = ["-t", "-oi"]

    /// Creates a transport for the program at `path`.
    public init(path: String = "/usr/sbin/sendmail", timeout: Duration = .seconds(60)) {
        self.path = path
        self.timeout = timeout
    }

    /// Pipes `message` into sendmail; returns when it has exited.
    public func send(_ message: MailMessage) async throws -> MailReceipt {
        let input = Self.unixLineEnds(MailMIMEWriter().render(message))
        let outcome: SendmailProcess.Outcome
        do {
            outcome = try await SendmailProcess.run(
                executable: path, arguments: Self.arguments, input: input, timeout: timeout)
        } catch {
            throw SendmailFailure.cannotStart(path, error)
        }
        if outcome.timedOut {
            throw SendmailFailure.timeout(path, timeout, killed: outcome.signalled && outcome.status == SIGKILL)
        }
        if outcome.signalled { throw SendmailFailure.signalled(path, outcome.status, outcome.standardError) }
        guard outcome.status == 0 else { throw SendmailFailure.exited(path, outcome.status, outcome.standardError) }
        return MailReceipt(messageID: message.messageID, response: "\(path) accepted the message (exit status 0)")
    }

    /// CRLF to LF: the writer's lines all end in CRLF, and no other CR is left in its output.
    static func unixLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 { continue }
            out.append(byte)
        }
        return out
    }
}
