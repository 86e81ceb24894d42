import Foundation

/// An e-mail ready to be written: sender, recipients, subject, a text body and an optional HTML alternative.
///
/// Every field is validated when the message is made, so a message that exists can be written without any way
/// for its content to add a header line: an injection attempt fails here, before any connection is opened.
public struct MailMessage: Sendable, Equatable {
    /// The author, written as `From` and used as the SMTP envelope sender.
    public let from: MailAddress
    /// The recipients, written as `To` and used as the SMTP envelope recipients; never empty.
    public let to: [MailAddress]
    /// The subject, one line of text (umlauts are written as encoded-words).
    public let subject: String
    /// The plain-text body; line breaks may be LF or CRLF.
    public let textBody: String
    /// An HTML alternative to the text body, sent as `multipart/alternative` when present.
    public let htmlBody: String?
    /// The Message-ID without angle brackets, e.g. `7c1e2a@tocsin.example`; the outbox derives it from an
    /// idempotency key, so a message sent twice carries the same id.
    public let messageID: String
    /// When the message was written, for the `Date` header.
    public let date: Date
    /// Extra headers, written after the standard ones in this order.
    public let headers: [MailHeader]

    /// Validates and creates a message; throws a permanent ``DeliveryError`` (T703–T705).
    ///
    /// `messageID` may be given with or without its angle brackets.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, textBody: String, htmlBody: String? = nil,
        messageID: String, date: Date, headers: [MailHeader] = []
    ) throws {
        guard !to.isEmpty else { throw MailFailure.noRecipients() }
        if let problem = MailHeader.valueProblem(subject) {
            throw MailFailure.invalidHeaderValue("subject", subject, problem)
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = try Self.validatedMessageID(messageID)
        self.date = date
        self.headers = headers
    }

    private static func validatedMessageID(_ value: String) throws -> String {
        var id = Substring(value)
        if id.first == "<" && id.last == ">" && id.count >= 2 { id = id.dropFirst().dropLast() }
        if let bad = id.unicodeScalars.first(where: { MailText.isControl($0) || $0 == "<" || $0 == ">" || $0 == " " }) {
            throw MailFailure.invalidMessageID(value, "\(MailText.describe(bad)) is not allowed")
        }
        if id.utf8.count > 250 { throw MailFailure.invalidMessageID(value, "it is longer than 250 characters") }
        guard let at = id.lastIndex(of: "@") else { throw MailFailure.invalidMessageID(value, "it has no '@'") }
        if let problem = MailText.dotAtomProblem(id[..<at]) {
            throw MailFailure.invalidMessageID(value, "the part before '@' is not valid: \(problem)")
        }
        if let problem = MailText.dotAtomProblem(id[id.index(after: at)...]) {
            throw MailFailure.invalidMessageID(value, "the part after '@' is not valid: \(problem)")
        }
        return String(id)
    }
}
