import Foundation
import Testing

@testable import TocsinDelivery

@Suite struct MailMIMEWriterTests {
    private func render(
        subject: String = "Incident 42 opened", from: MailAddress? = nil, to: [MailAddress]? = nil,
        text: String = "Hello,\nincident 42 is open.\n", html: String? = nil
    ) throws -> String {
        let message = try MailMessage(
            from: from ?? MailAddress("alerts@tocsin.example", displayName: "Tocsin"),
            to: to ?? [MailAddress("oncall@example.com")], subject: subject, textBody: text, htmlBody: html,
            messageID: "inc-42.1@tocsin.example", date: TestMail.date,
            headers: [MailHeader("X-Tocsin-Idempotency-Key", "inc-42.1")])
        return String(decoding: MailMIMEWriter().render(message), as: UTF8.self)
    }

    @Test func writesAPlainTextMessageExactly() throws {
        #expect(
            try render() == """
                Date: Tue, 03 Nov 2026 14:05:09 +0000\r
                From: Tocsin <alerts@tocsin.example>\r
                To: oncall@example.com\r
                Subject: Incident 42 opened\r
                Message-ID: <inc-42.1@tocsin.example>\r
                MIME-Version: 1.0\r
                X-Tocsin-Idempotency-Key: inc-42.1\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Hello,\r
                incident 42 is open.\r

                """)
    }

    @Test func writesMultipartAlternativeWithUmlautsExactly() throws {
        let text = try render(
            subject: "Störung: Datenbank",
            from: MailAddress("alerts@tocsin.example", displayName: "Tocsin Störungsmeldung"),
            text: "Grüße", html: "<p>Grüße</p>")
        #expect(
            text == """
                Date: Tue, 03 Nov 2026 14:05:09 +0000\r
                From: =?UTF-8?B?VG9jc2luIFN0w7ZydW5nc21lbGR1bmc=?= <alerts@tocsin.example>\r
                To: oncall@example.com\r
                Subject: =?UTF-8?B?U3TDtnJ1bmc6IERhdGVuYmFuaw==?=\r
                Message-ID: <inc-42.1@tocsin.example>\r
                MIME-Version: 1.0\r
                X-Tocsin-Idempotency-Key: inc-42.1\r
                Content-Type: multipart/alternative; boundary="=_tocsin_alternative"\r
                \r
                --=_tocsin_alternative\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Gr=C3=BC=C3=9Fe\r
                --=_tocsin_alternative\r
                Content-Type: text/html; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                <p>Gr=C3=BC=C3=9Fe</p>\r
                --=_tocsin_alternative--\r

                """)
    }

    @Test func quotesOrEncodesDisplayNames() throws {
        let text = try render(to: [
            MailAddress("jane@example.com", displayName: "Doe, Jane"),
            MailAddress("jj@example.com", displayName: "Jane \"JJ\" Doe"),
            MailAddress("bob@example.com", displayName: "Bob Smith"),
        ])
        #expect(
            text.contains(
                "To: \"Doe, Jane\" <jane@example.com>, \"Jane \\\"JJ\\\" Doe\" <jj@example.com>,\r\n"
                    + " Bob Smith <bob@example.com>\r\n"
            ))
    }

    @Test(arguments: [
        ("a=b", "a=3Db"), ("trailing space \nnext", "trailing space=20\r\nnext"), ("tab\t", "tab=09"),
        ("ä", "=C3=A4"), ("a\rb\r\nc\n", "a\r\nb\r\nc\r\n"), ("From here", "=46rom here"), (".\n..", ".\r\n.."),
        ("bell\u{07}", "bell=07"),
    ])
    func encodesQuotedPrintable(_ input: String, _ expected: String) {
        #expect(String(decoding: MailQuotedPrintable.encode(input), as: UTF8.self) == expected)
    }

    @Test func breaksLongBodyLinesSoftlyAt76() {
        let encoded = String(decoding: MailQuotedPrintable.encode(String(repeating: "a", count: 100)), as: UTF8.self)
        #expect(encoded == String(repeating: "a", count: 75) + "=\r\n" + String(repeating: "a", count: 25))
        let umlauts = String(decoding: MailQuotedPrintable.encode(String(repeating: "ü", count: 40)), as: UTF8.self)
        #expect(umlauts.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(!umlauts.contains("=_"))
    }

    @Test func foldsLongASCIISubjectsAtSpaces() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let text = try render(subject: subject)
        let field = try #require(
            text.components(separatedBy: "Subject: ").last?.components(separatedBy: "\r\nMessage-ID").first)
        #expect(field.components(separatedBy: "\r\n").count > 1)
        #expect(("Subject: " + field).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(field.replacingOccurrences(of: "\r\n", with: "") == subject)
    }

    @Test(arguments: [
        String(repeating: "Störung im Rechenzentrum Süd, Überlast auf db-0\(7) ", count: 4),
        String(repeating: "x", count: 100),
        "Looks like =?UTF-8?B?SGk=?= but is not",
        "😀 Emoji 👩‍👩‍👧 and CJK 日本語のテキスト " + String(repeating: "ü", count: 60),
    ])
    func encodesSubjectsAPythonReaderDecodes(_ subject: String) async throws {
        let text = try render(subject: subject)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        let parsed = try await ParsedMail.parse(Array(text.utf8))
        #expect(parsed.subject == subject)
        #expect(parsed.defects == [])
    }

    @Test func writesWhatPythonsEmailPackageReadsBack() async throws {
        let message = try TestMail.message()
        let parsed = try await ParsedMail.parse(TestMail.rendered(message))
        #expect(parsed.subject == "Störung: Datenbank db-01 antwortet nicht")
        #expect(parsed.from == [["Tocsin Störungsmeldung", "alerts@tocsin.example"]])
        #expect(parsed.to == [["Jörg Müller", "oncall@example.com"], ["", "ops@example.com"]])
        #expect(parsed.message_id == "<inc-42.1@tocsin.example>")
        #expect(parsed.date == "Tue, 03 Nov 2026 14:05:09 +0000")
        #expect(parsed.mime_version == "1.0")
        #expect(parsed.content_type == "multipart/alternative")
        #expect(parsed.extra == ["X-Tocsin-Idempotency-Key": "inc-42.1"])
        #expect(parsed.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(parsed.parts.map(\.charset) == ["utf-8", "utf-8"])
        #expect(parsed.parts.map(\.transfer_encoding) == ["quoted-printable", "quoted-printable"])
        #expect(parsed.parts.first.map { unix($0.content) } == TestMail.text)
        #expect(parsed.parts.last.map { unix($0.content) } == TestMail.html)
        #expect(parsed.defects == [])
        #expect(parsed.longest_line <= 78)
        #expect(!parsed.bare_lf)
    }

    @Test func writesTheSameBytesEveryTime() throws {
        let message = try TestMail.message()
        #expect(MailMIMEWriter().render(message) == MailMIMEWriter().render(message))
    }

    @Test func formatsDatesInRFC5322() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_709_164_800)) == "Thu, 29 Feb 2024 00:00:00 +0000")
    }

    private func unix(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: "\n") }
}
