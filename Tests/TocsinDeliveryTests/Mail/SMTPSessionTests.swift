import Testing

@testable import TocsinDelivery

/// The SMTP state machine alone: replies in, actions out, no socket.
@Suite struct SMTPSessionTests {
    private static let credentials = SMTPCredentials(username: "tocsin", password: "pw")

    private func session(
        _ security: SMTPConfiguration.Security = .none, credentials: SMTPCredentials? = nil, loopback: Bool = true,
        recipients: [String] = ["a@example.com", "b@example.com"], size: Int = 100
    ) -> SMTPSession {
        SMTPSession(
            settings: .init(
                peer: "mx.example:25", security: security, heloName: "tocsin.test", credentials: credentials,
                plaintextAuthAllowed: loopback, sender: "alerts@tocsin.example", recipients: recipients,
                messageSize: size))
    }

    private func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines.isEmpty ? ["ok"] : lines)
    }

    @Test func walksThePlainHappyPath() {
        var machine = session()
        #expect(machine.handle(reply(220)) == [.send(.ehlo("tocsin.test"))])
        #expect(machine.handle(reply(250, "mx.example", "SIZE 0")) == [.send(.mailFrom("alerts@tocsin.example"))])
        #expect(machine.handle(reply(250)) == [.send(.rcptTo("a@example.com"))])
        #expect(machine.handle(reply(250)) == [.send(.rcptTo("b@example.com"))])
        #expect(machine.handle(reply(251)) == [.send(.data)])
        #expect(machine.handle(reply(354)) == [.sendMessage])
        #expect(machine.awaiting == "the end of the message data")
        #expect(machine.handle(reply(250, "2.0.0 queued as X1")) == [.succeed("250 2.0.0 queued as X1"), .send(.quit)])
        #expect(machine.handle(reply(221)) == [.close])
    }

    @Test func fallsBackToHELOOnlyOnPlainConnections() {
        var plain = session(.none)
        _ = plain.handle(reply(220))
        #expect(plain.handle(reply(502, "EHLO not implemented")) == [.send(.helo("tocsin.test"))])
        #expect(plain.handle(reply(250)) == [.send(.mailFrom("alerts@tocsin.example"))])

        var startTLS = session(.startTLS)
        _ = startTLS.handle(reply(220))
        let actions = startTLS.handle(reply(502, "EHLO not implemented"))
        #expect(actions.first.map { if case .fail(let error) = $0 { error.code == "T720" } else { false } } == true)
        #expect(actions.last == .send(.quit))
    }

    @Test func refusesAServerWithoutSTARTTLSWhenItIsRequired() {
        var machine = session(.startTLS)
        _ = machine.handle(reply(220))
        #expect(
            machine.handle(reply(250, "mx.example", "AUTH PLAIN")) == [
                .fail(SMTPFailure.startTLSNotOffered("mx.example:25")), .send(.quit),
            ])
    }

    @Test func upgradesWithSTARTTLSAndSaysEHLOAgain() {
        var machine = session(.startTLS, credentials: Self.credentials, loopback: false)
        _ = machine.handle(reply(220))
        #expect(machine.handle(reply(250, "mx.example", "STARTTLS")) == [.send(.startTLS)])
        #expect(machine.handle(reply(220, "go ahead")) == [.startTLS])
        #expect(!machine.isEncrypted)
        #expect(machine.tlsStarted() == [.send(.ehlo("tocsin.test"))])
        #expect(machine.isEncrypted)
        #expect(
            machine.handle(reply(250, "mx.example", "AUTH PLAIN LOGIN")) == [
                .send(.authPlain(SMTPSecret("AHRvY3NpbgBwdw==")))
            ])
        #expect(machine.handle(reply(235)) == [.send(.mailFrom("alerts@tocsin.example"))])
    }

    @Test func refusesPlainTextSmuggledInBehindTheSTARTTLSReply() {
        var machine = session(.startTLS)
        _ = machine.handle(reply(220))
        _ = machine.handle(reply(250, "mx.example", "STARTTLS"))
        var ready = reply(220, "go ahead")
        ready.isFollowedByData = true
        #expect(machine.handle(ready) == [.fail(SMTPFailure.dataAfterStartTLS("mx.example:25")), .send(.quit)])
    }

    @Test func refusesAuthOverPlainTextExceptToLoopback() {
        var remote = session(.none, credentials: Self.credentials, loopback: false)
        _ = remote.handle(reply(220))
        #expect(
            remote.handle(reply(250, "mx.example", "AUTH PLAIN")) == [
                .fail(SMTPFailure.authenticationNeedsEncryption("mx.example:25")), .send(.quit),
            ])

        var local = session(.none, credentials: Self.credentials, loopback: true)
        _ = local.handle(reply(220))
        #expect(
            local.handle(reply(250, "mx.example", "AUTH PLAIN")) == [.send(.authPlain(SMTPSecret("AHRvY3NpbgBwdw==")))])
    }

    @Test func usesLoginWhenPlainIsNotOffered() {
        var machine = session(.implicitTLS, credentials: Self.credentials)
        _ = machine.handle(reply(220))
        #expect(machine.handle(reply(250, "mx.example", "AUTH LOGIN")) == [.send(.authLogin)])
        #expect(machine.handle(reply(334, "VXNlcm5hbWU6")) == [.send(.authResponse(SMTPSecret("dG9jc2lu")))])
        #expect(machine.handle(reply(334, "UGFzc3dvcmQ6")) == [.send(.authResponse(SMTPSecret("cHc=")))])
        #expect(machine.handle(reply(235)) == [.send(.mailFrom("alerts@tocsin.example"))])
    }

    @Test func refusesWhenNoMechanismFits() {
        var machine = session(.implicitTLS, credentials: Self.credentials)
        _ = machine.handle(reply(220))
        let error = SMTPFailure.noAuthMechanism("mx.example:25", offered: ["CRAM-MD5", "XOAUTH2"])
        #expect(machine.handle(reply(250, "mx.example", "AUTH CRAM-MD5 XOAUTH2")) == [.fail(error), .send(.quit)])
        #expect(error.message.hasSuffix("it offers: CRAM-MD5, XOAUTH2"))
    }

    @Test func mapsAuthFailuresByReplyClass() {
        for (code, kind) in [(535, DeliveryError.Kind.permanent), (454, .transient)] {
            var machine = session(.implicitTLS, credentials: Self.credentials)
            _ = machine.handle(reply(220))
            _ = machine.handle(reply(250, "mx.example", "AUTH PLAIN"))
            let actions = machine.handle(reply(code, "no"))
            guard case .fail(let error) = actions.first else {
                Issue.record("expected a failure, got \(actions)")
                continue
            }
            #expect(error.kind == kind)
            #expect(error.code == "T719")
        }
    }

    @Test func aRejectedRecipientStopsBeforeDATA() {
        var machine = session()
        _ = machine.handle(reply(220))
        _ = machine.handle(reply(250, "mx.example"))
        _ = machine.handle(reply(250))
        let rejection = reply(550, "5.1.1 unknown user")
        #expect(machine.handle(reply(250)) == [.send(.rcptTo("b@example.com"))])
        #expect(
            machine.handle(rejection) == [
                .fail(SMTPFailure.recipientRejected("mx.example:25", "b@example.com", rejection)), .send(.quit),
            ])
        #expect(machine.handle(reply(221)) == [.close])
    }

    @Test func refusesAMessageOverTheSizeLimit() {
        var machine = session(size: 2000)
        _ = machine.handle(reply(220))
        #expect(
            machine.handle(reply(250, "mx.example", "SIZE 1000")) == [
                .fail(SMTPFailure.messageTooLarge("mx.example:25", size: 2000, limit: 1000)), .send(.quit),
            ])
    }

    @Test func mapsGreetingFailures() {
        for (code, kind) in [(554, DeliveryError.Kind.permanent), (421, .transient)] {
            var machine = session()
            let actions = machine.handle(reply(code, "go away"))
            #expect(
                actions == [
                    .fail(
                        DeliveryError(
                            kind, code: "T720",
                            "the SMTP server mx.example:25 answered the connection with \(code) go away",
                            hint: kind == .permanent ? nil : "the message will be retried")), .send(.quit),
                ])
        }
    }

    @Test func hidesCredentialsInCommandDescriptions() {
        #expect(SMTPCommand.authPlain(SMTPSecret("AHRvY3NpbgBwdw==")).description == "AUTH PLAIN ***")
        #expect(SMTPCommand.authResponse(SMTPSecret("cHc=")).description == "*** (AUTH LOGIN answer)")
        #expect(SMTPCommand.mailFrom("a@b").description == "MAIL FROM:<a@b>")
    }
}
