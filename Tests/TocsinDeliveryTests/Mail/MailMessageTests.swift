import Foundation
import Testing
import TocsinDelivery

/// Header injection is refused when the message is made, so no transport ever sees such a message: there is
/// nothing to connect with. These tests pin the exact refusals.
@Suite struct MailMessageTests {
    private func message(subject: String = "Hi", id: String = "a1@tocsin.example", headers: [MailHeader] = [])
        throws -> MailMessage
    {
        try MailMessage(
            from: MailAddress("alerts@tocsin.example"), to: [MailAddress("oncall@example.com")], subject: subject,
            textBody: "Body", messageID: id, date: TestMail.date, headers: headers)
    }

    @Test func refusesLineBreaksInTheSubject() {
        let error = #expect(throws: DeliveryError.self) { try message(subject: "Hi\r\nBcc: victim@example.com") }
        #expect(
            error
                == DeliveryError(
                    .permanent, code: "T703", "invalid subject 'Hi\\r\\nBcc: victim@example.com': CR is not allowed",
                    hint:
                        "a header value is one line of text without control characters "
                        + "(CR and LF would start a new header)"
                ))
    }

    @Test(arguments: ["a\nb", "a\rb", "a\0b", "tab\there"])
    func refusesControlCharactersInExtraHeaderValues(_ value: String) {
        let error = #expect(throws: DeliveryError.self) { try MailHeader("X-Tocsin-Note", value) }
        #expect(error?.code == "T703")
        #expect(error?.message.hasPrefix("invalid value of X-Tocsin-Note '") == true)
    }

    @Test(arguments: [
        ("X-Evil:\r\nBcc", "':' is not allowed"), ("X Evil", "a space is not allowed"), ("", "it is empty"),
        ("X-Ünicode", "U+00DC 'Ü' is not allowed"), ("X-Evil\n", "LF is not allowed"),
    ])
    func refusesBadHeaderNames(_ name: String, _ reason: String) {
        let error = #expect(throws: DeliveryError.self) { try MailHeader(name, "v") }
        #expect(error?.code == "T702")
        #expect(error?.message.hasSuffix(": " + reason) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["Bcc", "bcc", "Content-Type", "From", "Message-ID", "Received"])
    func refusesHeadersTheWriterOwns(_ name: String) {
        let error = #expect(throws: DeliveryError.self) { try MailHeader(name, "x@example.com") }
        #expect(error?.code == "T706")
        #expect(error?.message == "the header '\(name)' cannot be set as an extra header")
    }

    @Test(arguments: [
        ("a1@tocsin.example\r\nBcc: v@example.com", "CR is not allowed"), ("no-at", "it has no '@'"),
        ("a b@tocsin.example", "a space is not allowed"), ("<a1@tocsin.example", "'<' is not allowed"),
        ("@tocsin.example", "the part before '@' is not valid: it is empty"),
    ])
    func refusesBadMessageIDs(_ id: String, _ reason: String) {
        let error = #expect(throws: DeliveryError.self) { try message(id: id) }
        #expect(error?.code == "T704")
        #expect(error?.message.hasSuffix(": " + reason) == true, "\(error?.message ?? "")")
    }

    @Test func acceptsAMessageIDInAngleBrackets() throws {
        #expect(try message(id: "<a1@tocsin.example>").messageID == "a1@tocsin.example")
    }

    @Test func refusesAMessageWithoutRecipients() throws {
        let error = #expect(throws: DeliveryError.self) {
            try MailMessage(
                from: MailAddress("alerts@tocsin.example"), to: [], subject: "Hi", textBody: "", messageID: "a@b",
                date: TestMail.date)
        }
        #expect(error?.code == "T705")
    }

    @Test func keepsAValidExtraHeader() throws {
        let header = try MailHeader("X-Tocsin-Idempotency-Key", "inc-42.1")
        #expect(try message(headers: [header]).headers == [header])
    }
}
