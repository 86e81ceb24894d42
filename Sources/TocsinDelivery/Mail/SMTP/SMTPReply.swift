/// A server's reply: a three-digit code and one or more lines of text (RFC 5321 4.2).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    /// The text of each line after the code and separator.
    var lines: [String]
    /// Whether more bytes had arrived behind this reply when it was decoded. After the reply to STARTTLS that
    /// would be plain text smuggled in ahead of TLS, so the client refuses it.
    var isFollowedByData = false

    /// `250 2.0.0 Ok: queued as 4F2A1`, lines joined by spaces: for receipts and error messages.
    var text: String {
        lines.isEmpty ? "\(code)" : "\(code) " + lines.joined(separator: " ")
    }

    /// 4xx: the server may accept later.
    var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: the server will not accept this.
    var isPermanentFailure: Bool { (500..<600).contains(code) }
}
