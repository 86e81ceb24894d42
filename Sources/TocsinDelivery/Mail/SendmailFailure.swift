/// The sendmail transport's error codes, T730–T734.
enum SendmailFailure {
    /// sysexits.h names for the statuses sendmail uses.
    static let statusNames: [Int32: String] = [
        64: "EX_USAGE", 65: "EX_DATAERR", 66: "EX_NOINPUT", 67: "EX_NOUSER", 68: "EX_NOHOST",
        69: "EX_UNAVAILABLE", 70: "EX_SOFTWARE", 71: "EX_OSERR", 72: "EX_OSFILE", 73: "EX_CANTCREAT",
        74: "EX_IOERR", 75: "EX_TEMPFAIL", 76: "EX_PROTOCOL", 77: "EX_NOPERM", 78: "EX_CONFIG",
    ]

    /// EX_TEMPFAIL: the mail system asks to try again later.
    static let temporaryFailure: Int32 = 75

    static func exited(_ path: String, _ status: Int32, _ standardError: [UInt8]) -> DeliveryError {
        let name = statusNames[status].map { " (\($0))" } ?? ""
        let transient = status == temporaryFailure
        return DeliveryError(
            transient ? .transient : .permanent, code: "T730",
            "\(path) exited with status \(status)\(name)\(said(standardError))",
            hint: transient ? "the mail system will take it later; the message will be retried" : nil)
    }

    static func cannotStart(_ path: String, _ error: Error) -> DeliveryError {
        DeliveryError(
            .permanent, code: "T731", "cannot run \(path): \(error)",
            hint: "install a mail transfer agent that provides sendmail, or set the sendmail path")
    }

    /// `killed`: it ignored SIGTERM and needed SIGKILL.
    static func timeout(_ path: String, _ timeout: Duration, killed: Bool = false) -> DeliveryError {
        DeliveryError(
            .transient, code: "T732",
            "\(path) did not finish within \(SMTPFailure.seconds(timeout)) and was "
                + (killed ? "killed (it ignored SIGTERM)" : "stopped"),
            hint: "the local mail system is stuck or slow; the message will be retried")
    }

    static func signalled(_ path: String, _ signal: Int32, _ standardError: [UInt8]) -> DeliveryError {
        DeliveryError(.transient, code: "T733", "\(path) was killed by signal \(signal)\(said(standardError))")
    }

    /// `: <first line of standard error>`, or nothing when it printed nothing.
    private static func said(_ standardError: [UInt8]) -> String {
        let text = String(decoding: standardError, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingWhitespace() } ?? ""
        guard !line.isEmpty else { return "" }
        let clean = String(
            String.UnicodeScalarView(
                line.unicodeScalars.prefix(200).map {
                    MailText.isControl($0) ? "\u{FFFD}" : $0
                }))
        return ": \(clean)"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
