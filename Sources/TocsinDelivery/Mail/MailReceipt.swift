/// Proof that a transport handed a message on: which message, and what the receiving side answered.
public struct MailReceipt: Sendable, Equatable {
    /// The delivered message's Message-ID, without angle brackets.
    public var messageID: String
    /// The receiving side's answer: for SMTP the server's reply to the message data, e.g.
    /// `250 2.0.0 Ok: queued as 4F2A1`; for sendmail and the file outbox a sentence saying what happened.
    public var response: String

    /// Creates a receipt.
    public init(messageID: String, response: String) {
        self.messageID = messageID
        self.response = response
    }
}
