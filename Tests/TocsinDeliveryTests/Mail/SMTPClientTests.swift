import Foundation
import Testing
import TocsinDelivery

/// SMTPClient against a real server (aiosmtpd, see Support/smtp_server.py) over plain text on loopback.
@Suite(.needsSMTPServer) struct SMTPClientTests {
    private func client(
        // A minute: in a full parallel test run the client's task may wait long for a thread between replies.
        _ server: TestSMTPServer, credentials: SMTPCredentials? = nil, commandTimeout: Duration = .seconds(60)
    ) throws -> SMTPClient {
        try SMTPClient(
            configuration: SMTPConfiguration(
                host: "127.0.0.1", port: server.port, security: .none, credentials: credentials,
                heloName: "tocsin.test", commandTimeout: commandTimeout))
    }

    @Test func deliversPlainToLocalhostExactlyAsWritten() async throws {
        try await TestSMTPServer.with { server async throws in
            let message = try TestMail.message()
            let receipt = try await client(server).send(message)
            #expect(
                receipt == MailReceipt(messageID: "inc-42.1@tocsin.example", response: "250 2.0.0 Ok: queued as 0001"))

            let received = try server.messages()
            try #require(received.count == 1)
            #expect(received[0].envelope.mail_from == "alerts@tocsin.example")
            #expect(received[0].envelope.rcpt_tos == ["oncall@example.com", "ops@example.com"])
            #expect(received[0].envelope.message_id == "<inc-42.1@tocsin.example>")
            #expect(!received[0].envelope.tls)
            #expect(Array(received[0].raw) == TestMail.rendered(message))

            let parsed = try await ParsedMail.parse(Array(received[0].raw))
            #expect(parsed.subject == "Störung: Datenbank db-01 antwortet nicht")
            #expect(parsed.to.first == ["Jörg Müller", "oncall@example.com"])
            #expect(parsed.parts.map(\.content_type) == ["text/plain", "text/html"])
            #expect(parsed.parts.first?.content.replacingOccurrences(of: "\r\n", with: "\n") == TestMail.text)
            #expect(parsed.extra["X-Tocsin-Idempotency-Key"] == "inc-42.1")
        }
    }

    @Test func dotStuffsLinesThatStartWithADot() async throws {
        try await TestSMTPServer.with { server async throws in
            let body = ".\nA line before\n.\n..two dots\n.leading dot\n. space\nend\n."
            let message = try TestMail.message(subject: "Dots", text: body, html: nil)
            _ = try await client(server).send(message)
            let received = try server.messages()
            try #require(received.count == 1)
            #expect(Array(received[0].raw) == TestMail.rendered(message))
            let parsed = try await ParsedMail.parse(Array(received[0].raw))
            #expect(parsed.parts.first?.content.replacingOccurrences(of: "\r\n", with: "\n") == body + "\n")
        }
    }

    @Test func aRejectedRecipientIsPermanentAndNothingIsDelivered() async throws {
        try await TestSMTPServer.with { server async throws in
            let message = try TestMail.message(to: [
                MailAddress("oncall@example.com"), MailAddress("reject-me@example.com"),
            ])
            let error = await #expect(throws: DeliveryError.self) { try await client(server).send(message) }
            #expect(error?.kind == .permanent)
            #expect(error?.code == "T721")
            #expect(
                error?.message
                    == "the SMTP server 127.0.0.1:\(server.port) refused the recipient reject-me@example.com: "
                    + "550 5.1.1 <reject-me@example.com>: Recipient address rejected; nothing was sent")
            #expect(try server.messages().isEmpty)
            #expect(
                try server.events() == [
                    "MAIL alerts@tocsin.example", "RCPT oncall@example.com", "RCPT reject-me@example.com",
                ])
        }
    }

    @Test func a451IsTransient() async throws {
        try await TestSMTPServer.with(["--tempfail"]) { server async throws in
            let error = await #expect(throws: DeliveryError.self) { try await client(server).send(TestMail.message()) }
            #expect(
                error
                    == DeliveryError(
                        .transient, code: "T720",
                        "the SMTP server 127.0.0.1:\(server.port) answered MAIL FROM:<alerts@tocsin.example> with "
                            + "451 4.3.0 Try again later",
                        hint: "the message will be retried"))
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func aServerThatIsDownIsTransient() async throws {
        // Port 1 (tcpmux) on loopback: nothing listens there. A port freed by closing a listener can be taken by
        // another test's server before this one connects.
        let port = 1
        let client = try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, security: .none))
        let error = await #expect(throws: DeliveryError.self) { try await client.send(TestMail.message()) }
        #expect(error?.kind == .transient)
        #expect(error?.code == "T710")
        #expect(error?.message.hasPrefix("could not connect to the SMTP server 127.0.0.1:\(port): ") == true)
        #expect(error?.message.contains("refused") == true, "\(error?.message ?? "")")
    }

    @Test func aSlowServerTimesOutTransientlyAndSoon() async throws {
        try await TestSMTPServer.with(["--delay", "30"]) { server async throws in
            // 6 s per command against a server that holds the end of the data for 30 s: loaded CI runs took longer
            // than 0.8 s and then 2 s for MAIL FROM, which the server does not delay, so the margin for the steps
            // before the slow one is wide; the slow step still times out long before the server answers.
            let client = try client(server, commandTimeout: .seconds(6))
            let error = await #expect(throws: DeliveryError.self) { try await client.send(TestMail.message()) }
            #expect(
                error
                    == DeliveryError(
                        .transient, code: "T712",
                        "the SMTP server 127.0.0.1:\(server.port) did not answer the end of the message data "
                            + "within 6 s",
                        hint: "the server is slow or stuck; raise the command timeout if it is just slow"))
            // The watchdog fired at 6 s of the event loop's clock, before the server's 30 s: that is what T712
            // says. Wall time is not asserted (a loaded run may keep this task waiting for a thread).
        }
    }

    @Test(arguments: [["--auth"], ["--auth", "--auth-mechanisms", "LOGIN"]])
    func authenticatesWithPlainOrLogin(_ arguments: [String]) async throws {
        try await TestSMTPServer.with(arguments) { server async throws in
            let credentials = SMTPCredentials(username: "tocsin", password: "correct horse battery")
            let receipt = try await client(server, credentials: credentials).send(TestMail.message())
            #expect(receipt.response == "250 2.0.0 Ok: queued as 0001")
            let mechanism = arguments.contains("LOGIN") ? "LOGIN" : "PLAIN"
            #expect(try server.events().first == "AUTH \(mechanism) tocsin ok")
            #expect(try server.messages().first?.envelope.authenticated == true)
        }
    }

    @Test func aWrongPasswordIsPermanent() async throws {
        try await TestSMTPServer.with(["--auth"]) { server async throws in
            let credentials = SMTPCredentials(username: "tocsin", password: "wrong")
            let error = await #expect(throws: DeliveryError.self) {
                try await client(server, credentials: credentials).send(TestMail.message())
            }
            #expect(
                error
                    == DeliveryError(
                        .permanent, code: "T719",
                        "the SMTP server 127.0.0.1:\(server.port) refused the credentials of 'tocsin': "
                            + "535 5.7.8 Authentication credentials invalid",
                        hint: "check the user name and password"))
            #expect(try server.events() == ["AUTH PLAIN tocsin failed"])
        }
    }

    @Test func startTLSRequiredButNotOfferedIsPermanentAndSendsNothing() async throws {
        try await TestSMTPServer.with { server async throws in
            let certificates = try await TestCertificates.shared
            let client = try SMTPClient(
                configuration: SMTPConfiguration(
                    host: "localhost", port: server.port, security: .startTLS, trust: .caFile(certificates.caFile)))
            let error = await #expect(throws: DeliveryError.self) { try await client.send(TestMail.message()) }
            #expect(error?.kind == .permanent)
            #expect(error?.code == "T716")
            #expect(
                error?.message
                    == "the SMTP server localhost:\(server.port) does not offer STARTTLS, "
                    + "which the configuration requires"
            )
            #expect(try server.events().isEmpty)
            #expect(try server.messages().isEmpty)
        }
    }
}
