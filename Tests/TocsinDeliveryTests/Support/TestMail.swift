import Foundation
import TocsinDelivery

/// Messages for the mail tests.
enum TestMail {
    /// Tue, 03 Nov 2026 14:05:09 +0000.
    static let date = Date(timeIntervalSince1970: 1_793_714_709)

    static let text = """
        Grüße aus dem Störungsdienst!

        Incident 42 (db-01) is open: the database does not answer.
        Ölstand, Übersicht und Maßnahmen: see the dashboard.
        """

    static let html = """
        <html><body><p>Grüße aus dem <b>Störungsdienst</b>!</p><p>Incident 42 (db-01) is open.</p></body></html>
        """

    /// A message with umlauts in the subject, the display names and both bodies.
    static func message(
        to: [MailAddress]? = nil, subject: String = "Störung: Datenbank db-01 antwortet nicht",
        text: String = TestMail.text, html: String? = TestMail.html, id: String = "inc-42.1@tocsin.example"
    ) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("alerts@tocsin.example", displayName: "Tocsin Störungsmeldung"),
            to: to ?? [MailAddress("oncall@example.com", displayName: "Jörg Müller"), MailAddress("ops@example.com")],
            subject: subject, textBody: text, htmlBody: html, messageID: id, date: date,
            headers: [MailHeader("X-Tocsin-Idempotency-Key", "inc-42.1")])
    }

    /// The bytes the writer makes of `message`.
    static func rendered(_ message: MailMessage) -> [UInt8] {
        MailMIMEWriter().render(message)
    }
}
