/// Something that hands a message on towards its recipients: an SMTP server, the local `sendmail`, a folder.
///
/// A transport either returns a receipt (the receiving side took responsibility for the message) or throws a
/// ``DeliveryError`` whose kind says whether trying again can help.
public protocol MailTransport: Sendable {
    /// Hands `message` on; returns what the receiving side answered.
    func send(_ message: MailMessage) async throws -> MailReceipt
}
